"""SQLAlchemy 2 models. Every record belongs to a profile, directly or through its parent.

Models hold data only; rules live in the domain and queries in the repositories.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), index=True)


class Profile(Base):
    __tablename__ = "profile"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str] = mapped_column(String(16), default="unspecified")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # Constraints the routine must honour.
    no_floor: Mapped[bool] = mapped_column(default=False)
    no_kneeling: Mapped[bool] = mapped_column(default=False)
    no_foam_roller: Mapped[bool] = mapped_column(default=False)
    no_band: Mapped[bool] = mapped_column(default=False)
    minutes: Mapped[int] = mapped_column(default=15)
    days_per_week: Mapped[int] = mapped_column(default=5)
    # When "what you have and what you can do" was first saved (the starter routine is made).
    setup_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Bumped by every write that touches this profile's records (see db.revisions); read views are
    # cached against it.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")


class Screening(Base):
    """One answered safety screen (full or the short one before a session)."""

    __tablename__ = "screening"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    taken_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    yellow_answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    yellow_flags: Mapped[bool] = mapped_column(default=False)
    action: Mapped[str | None] = mapped_column(String(24))
    triggered: Mapped[list[Any]] = mapped_column(JSON, default=list)


class SafetyEvent(Base):
    """Blocks (a red flag, a program pause) and the clearances that lift them."""

    __tablename__ = "safety_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # block | pause | clearance | notice
    action: Mapped[str | None] = mapped_column(String(24))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    clinician: Mapped[str | None] = mapped_column(String(120))
    seen_on: Mapped[date | None] = mapped_column(Date)  # a clearance: the day the clinician saw the person
    screening_id: Mapped[int | None] = mapped_column(ForeignKey("screening.id", ondelete="SET NULL"))


class PainRating(Base):
    __tablename__ = "pain_rating"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    context: Mapped[str] = mapped_column(String(16))  # baseline | outcome
    now: Mapped[int] = mapped_column(Integer)
    average_24h: Mapped[int] = mapped_column(Integer)
    worst_24h: Mapped[int] = mapped_column(Integer)


class PsfsActivity(Base):
    __tablename__ = "psfs_activity"
    __table_args__ = (UniqueConstraint("profile_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)


class PsfsRating(Base):
    __tablename__ = "psfs_rating"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("psfs_activity.id", ondelete="CASCADE"), index=True)
    pain_rating_id: Mapped[int] = mapped_column(ForeignKey("pain_rating.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)


class QuestionnaireResult(Base):
    __tablename__ = "questionnaire_result"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(DateTime)
    instrument: Mapped[str] = mapped_column(String(16))
    answers: Mapped[list[Any]] = mapped_column(JSON)
    total: Mapped[float] = mapped_column(Float)
    category: Mapped[str] = mapped_column(String(40))


class Assessment(Base):
    __tablename__ = "assessment"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    taken_on: Mapped[date] = mapped_column(Date, index=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Measurement.id"
    )


class Measurement(Base):
    """One trial of one metric on one side."""

    __tablename__ = "measurement"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    test_id: Mapped[str] = mapped_column(String(60))
    metric_id: Mapped[str] = mapped_column(String(60))
    side: Mapped[str] = mapped_column(String(8))
    trial: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16))
    placement: Mapped[str | None] = mapped_column(String(200))
    assessment: Mapped[Assessment] = relationship(back_populates="measurements")


class ExerciseSession(Base):
    __tablename__ = "exercise_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    pain_before: Mapped[int] = mapped_column(Integer)
    pain_after: Mapped[int] = mapped_column(Integer)
    signal: Mapped[str] = mapped_column(String(8))
    final: Mapped[bool] = mapped_column(default=False)  # True once the next-morning check-in is in
    screening_id: Mapped[int | None] = mapped_column(ForeignKey("screening.id", ondelete="SET NULL"))
    # An id the sending app made for this session: the same session sent twice is stored once.
    client_id: Mapped[str | None] = mapped_column(String(64))
    items: Mapped[list[SessionItem]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionItem.position"
    )
    __table_args__ = (UniqueConstraint("profile_id", "client_id"),)


class SessionItem(Base):
    __tablename__ = "session_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exercise_session.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    slot_id: Mapped[str] = mapped_column(String(60))
    exercise_id: Mapped[str] = mapped_column(String(60))
    completed: Mapped[bool] = mapped_column(default=True)
    pain_during: Mapped[int | None] = mapped_column(Integer)
    nerve_symptoms: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(String(300))
    signal: Mapped[str | None] = mapped_column(String(8))
    seconds: Mapped[int | None] = mapped_column(Integer)  # how long the player ran it; None: not timed
    session: Mapped[ExerciseSession] = relationship(back_populates="items")


class Checkin(Base):
    __tablename__ = "checkin"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    session_id: Mapped[int] = mapped_column(ForeignKey("exercise_session.id", ondelete="CASCADE"), unique=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    pain: Mapped[int] = mapped_column(Integer)
    stiffness: Mapped[int | None] = mapped_column(Integer)
    nerve_symptoms: Mapped[bool] = mapped_column(default=False)


class ProgressionState(Base):
    __tablename__ = "progression_state"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    slot_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    variant_id: Mapped[str] = mapped_column(String(60))
    level: Mapped[int] = mapped_column(Integer, default=0)
    greens: Mapped[int] = mapped_column(Integer, default=0)
    rest_until: Mapped[datetime | None] = mapped_column(DateTime)


class ProgressionChange(Base):
    """What changed in the routine and why, shown to the person."""

    __tablename__ = "progression_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    session_id: Mapped[int] = mapped_column(ForeignKey("exercise_session.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    slot_id: Mapped[str] = mapped_column(String(60))
    move: Mapped[str] = mapped_column(String(12))
    explanation: Mapped[str] = mapped_column(Text)


class CalendarFeed(Base):
    """The secret token of a profile's calendar subscription URL (rotating it replaces the row)."""

    __tablename__ = "calendar_feed"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WalkRecording(Base):
    """One analysed walk (the phone at the lower back or in a pocket); the raw samples are not kept."""

    __tablename__ = "walk_recording"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    recorded_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    source: Mapped[str] = mapped_column(String(16))  # browser | phyphox | sensor-logger | csv
    placement: Mapped[str] = mapped_column(String(16))  # lower-back | pocket
    seconds: Mapped[float] = mapped_column(Float)
    rate_hz: Mapped[float] = mapped_column(Float)
    steps: Mapped[int] = mapped_column(Integer)
    bouts: Mapped[int] = mapped_column(Integer)
    walking_s: Mapped[float] = mapped_column(Float)
    cadence: Mapped[float | None] = mapped_column(Float)
    impact_g: Mapped[float | None] = mapped_column(Float)
    matched_impact_g: Mapped[float | None] = mapped_column(Float)
    side_ratio: Mapped[float | None] = mapped_column(Float)
    weighted_steps: Mapped[float | None] = mapped_column(Float)
    no_impact_reason: Mapped[str | None] = mapped_column(String(16))
    step_impacts: Mapped[list[Any]] = mapped_column(JSON, default=list)


class WalkingPlan(Base):
    """The graded walking target: where it started (what the person manages now) and where it is."""

    __tablename__ = "walking_plan"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id", ondelete="CASCADE"), primary_key=True)
    start_minutes: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    days_per_week: Mapped[int] = mapped_column(Integer)
    goal: Mapped[str | None] = mapped_column(String(120))  # one of the person's hard activities
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class WalkLog(Base):
    """Minutes walked on a day (with a session or on its own), optionally with a recording's steps."""

    __tablename__ = "walk_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = _owner()
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    steps: Mapped[int | None] = mapped_column(Integer)
    recording_id: Mapped[int | None] = mapped_column(ForeignKey("walk_recording.id", ondelete="SET NULL"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("exercise_session.id", ondelete="SET NULL"))


# Clinic mode's tables live in their own module; importing it registers them on Base.metadata.
from supple.db import audit_models as _audit_models  # noqa: E402, F401
from supple.db import clinic_models as _clinic_models  # noqa: E402, F401
from supple.db import job_models as _job_models  # noqa: E402, F401
