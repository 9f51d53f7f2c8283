"""Tables of clinic mode (issue 17): clinics, accounts, sessions, recovery codes, login attempts.

Kept apart from the home tables; registered on the same metadata by the import at the end of
``supple.db.models``. All times are UTC without a zone. Secrets are stored only as hashes, except the
TOTP secrets, which the server must read back to check codes: they are stored encrypted, bound to their
account, with a key kept outside the database (``supple.db.secret_box``, migration 0011).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from supple.db.models import Base


class Clinic(Base):
    __tablename__ = "clinic"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Account(Base):
    __tablename__ = "account"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored folded (lower case)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))  # client | clinician | admin (supple.clinic.domain.Role)
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(255))  # sealed (supple.db.secret_box)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    totp_last_step: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when an admin made the account (or reset its access): until then the password is a one-time
    # password that only opens the setup page (own password + second factor); None once set up.
    setup_due_by: Mapped[datetime | None] = mapped_column(DateTime)
    totp_pending_secret: Mapped[str | None] = mapped_column(String(255))  # a new second factor until confirmed; sealed


class RecoveryCode(Base):
    __tablename__ = "recovery_code"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuthSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored here."""

    __tablename__ = "auth_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str | None] = mapped_column(String(16))  # logout | revoked | idle | expired | disabled
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    purpose: Mapped[str] = mapped_column(String(8), default="full", server_default="full")  # full | setup
    reauthenticated_at: Mapped[datetime | None] = mapped_column(DateTime)  # password + code last given


class LoginAttempt(Base):
    """Every login attempt, by the e-mail typed (whether or not an account has it): for throttling."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_subject_at", "subject", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(DateTime)
    succeeded: Mapped[bool] = mapped_column(default=False)
    address: Mapped[str] = mapped_column(String(64), default="")


# --- clinical features (issue 17, migration 0008) -----------------------------------------------------


class ClientRecord(Base):
    """A client account's own Supple profile (the same tables the home mode uses)."""

    __tablename__ = "client_record"
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), unique=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime)


class CareLink(Base):
    """A clinician who may see a client: the one who invited them ('primary') or one it was shared with."""

    __tablename__ = "care_link"
    __table_args__ = (UniqueConstraint("client_id", "clinician_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # primary | shared
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Invite(Base):
    """A one-time link for a client to join; only the SHA-256 of its token is stored."""

    __tablename__ = "invite"
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    created_by: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))


class AlertThreshold(Base):
    """A clinic's own value for one alert threshold (the defaults are a data file)."""

    __tablename__ = "alert_threshold"
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column()


class ClientAlert(Base):
    """An alert that holds for a client now, as last evaluated (replaced at each evaluation)."""

    __tablename__ = "client_alert"
    __table_args__ = (UniqueConstraint("client_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    severity: Mapped[int] = mapped_column()
    message: Mapped[str] = mapped_column(Text)
    evaluated_at: Mapped[datetime] = mapped_column(DateTime)


class ClientEntry(Base):
    """A clinician's note (clinicians only), a message (the client's thread) or a review, about a client."""

    __tablename__ = "client_entry"
    __table_args__ = (Index("ix_client_entry_client_kind_at", "client_id", "kind", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(8))  # note | message | review
    at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(Text)


# --- clinical control (issue 17, migration 0010) ---------------------------------------------------------


class RoutineTemplate(Base):
    """A clinic's routine template: exercises from the catalogue with their doses (``items``: a list of
    {"exercise_id", "sets", "reps", "hold_s"}). Assigning it copies it (``AssignedRoutine``)."""

    __tablename__ = "routine_template"
    __table_args__ = (UniqueConstraint("clinic_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinic.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    updated_by_name: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AssignedRoutine(Base):
    """The copy of a template a clinician assigned to a client: it replaces the planner's routine until
    the clinician goes back to the planner. Later edits of the template never change it."""

    __tablename__ = "assigned_routine"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    template_id: Mapped[int | None] = mapped_column()  # a plain number: the template may be deleted later
    name: Mapped[str] = mapped_column(String(120))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    assigned_by_name: Mapped[str] = mapped_column(String(120))
    assigned_at: Mapped[datetime] = mapped_column(DateTime)


class ScheduledCheck(Base):
    """A re-test (of one region or all) or a questionnaire a clinician scheduled for a client."""

    __tablename__ = "scheduled_check"
    __table_args__ = (UniqueConstraint("client_id", "kind", "what"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # retest | questionnaire
    what: Mapped[str] = mapped_column(String(40))  # a region or 'all'; a questionnaire's id
    due_on: Mapped[date] = mapped_column(Date)
    set_by_name: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[datetime] = mapped_column(DateTime)


class PlannerOverride(Base):
    """A clinician's change to one exercise of the planner's routine (``supple.domain.chosen.Override``)."""

    __tablename__ = "planner_override"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    action: Mapped[str] = mapped_column(String(8))  # dose | swap | remove
    to_exercise_id: Mapped[str | None] = mapped_column(String(60))
    sets: Mapped[int | None] = mapped_column()
    reps: Mapped[int | None] = mapped_column()
    hold_s: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text)
    set_by_name: Mapped[str] = mapped_column(String(120))
    set_at: Mapped[datetime] = mapped_column(DateTime)


class StepUpProposal(Base):
    """A step-up the planner proposed in clinic mode: it waits for the clinician's approval."""

    __tablename__ = "step_up_proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column()  # the session that earned it (a plain number)
    slot_id: Mapped[str] = mapped_column(String(60))
    from_variant: Mapped[str] = mapped_column(String(60))
    from_level: Mapped[int] = mapped_column()
    to_variant: Mapped[str] = mapped_column(String(60))
    to_level: Mapped[int] = mapped_column()
    explanation: Mapped[str] = mapped_column(Text)  # the planner's words for the step
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    decision: Mapped[str | None] = mapped_column(String(8))  # approved | declined; None while waiting
    decided_by_name: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    note: Mapped[str | None] = mapped_column(Text)
