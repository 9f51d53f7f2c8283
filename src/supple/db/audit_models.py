"""The clinic's access and change log (issue 17): who did what, to which client, when (UTC).

Append-only: the code has no path that updates or deletes a row, and migration 0009 adds triggers
that refuse UPDATE, DELETE (and, on PostgreSQL, TRUNCATE) on the table. The numbers of the actor,
the clinic and the client are plain integers, not foreign keys, so the log outlives an erased client
or a removed account. ``detail`` never holds health data, only what happened (docs/clinic.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from supple.db.models import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_clinic_at", "clinic_id", "at"),
        Index("ix_audit_log_clinic_client", "clinic_id", "client_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC, no zone
    clinic_id: Mapped[int | None] = mapped_column()  # None: an action outside any clinic (e.g. a worker)
    actor_id: Mapped[int | None] = mapped_column()  # the account; None for the system (worker, CLI)
    actor_name: Mapped[str] = mapped_column(String(120))  # as it was then, kept if the account goes
    actor_role: Mapped[str] = mapped_column(String(16))  # client | clinician | admin | system
    action: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[int | None] = mapped_column()  # the client account concerned, if any
    detail: Mapped[str] = mapped_column(String(500), default="")
