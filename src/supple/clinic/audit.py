"""The access and change log of a clinic: who did what, to which client, when (UTC). Append-only.

Two ways in, both writing one row:

- ``record_in(s, actor, action, client_id, detail, at=...)`` adds the row to a use case's own
  transaction, so the change and its log line are committed together or not at all (use this for
  changes);
- ``AuditLog.record(actor, action, client_id, detail)`` writes it in a transaction of its own (use
  this for reads: "clinician 4 opened client 17's tests").

There is no update or delete here, and the store refuses both (triggers of migration 0009). ``detail``
says what happened in a few words and never holds health data (no pain score, no note text): the log
is kept when a client is erased. See docs/clinic.md, "The access and change log".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from supple.clinic.clock import utc_now
from supple.db.audit_models import AuditEntry

PAGE_SIZE = 100
DETAIL_MAX = 500
_ACTION = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$")  # 'client.view', 'account.disable'


class Actor(Protocol):
    """Who acts: the signed-in account (``supple.clinic.login_sessions.Current`` fits) or ``SYSTEM``."""

    @property
    def account_id(self) -> int | None: ...
    @property
    def clinic_id(self) -> int | None: ...
    @property
    def role(self) -> str: ...
    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class SystemActor:
    """A job worker or a command run on the server; ``clinic_id`` when it acts for one clinic."""

    clinic_id: int | None = None
    name: str = "Supple (system)"
    account_id: int | None = None
    role: str = "system"


SYSTEM = SystemActor()


@dataclass(frozen=True)
class EntryView:
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    actor_role: str
    action: str
    client_id: int | None
    detail: str


@dataclass(frozen=True)
class AuditFilter:
    """What the admin's list shows; every field narrows it. ``until`` is exclusive."""

    actor_id: int | None = None
    client_id: int | None = None
    action: str | None = None  # an action, or its start: 'account' matches 'account.disable'
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None  # for the next page: entries older than this one


def record_in(s: Session, actor: Actor, action: str, client_id: int | None, detail: str = "", *, at: datetime) -> None:
    """Add one log row to the caller's transaction (it commits with the change it describes)."""
    if not _ACTION.match(action) or len(action) > 64:
        raise ValueError(f"audit action {action!r} must be dotted lower-case words, up to 64 characters")
    s.add(
        AuditEntry(
            at=at,
            clinic_id=actor.clinic_id,
            actor_id=actor.account_id,
            actor_name=actor.name[:120],
            actor_role=str(actor.role)[:16],
            action=action,
            client_id=client_id,
            detail=detail[:DETAIL_MAX],
        )
    )


class AuditLog:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now) -> None:
        self._sessions = sessions
        self._clock = clock

    def record(self, actor: Actor, action: str, client_id: int | None, detail: str = "") -> None:
        """Write one row now, in its own transaction (UTC time from the clock)."""
        with self._sessions() as s:
            record_in(s, actor, action, client_id, detail, at=self._clock())
            s.commit()

    def add(self, s: Session, actor: Actor, action: str, client_id: int | None, detail: str = "") -> None:
        """Add one row to the caller's transaction, timed now by this log's clock (the web door's
        reads: the line commits with the authorization checks, before the page is built)."""
        record_in(s, actor, action, client_id, detail, at=self._clock())

    def entries(self, clinic_id: int, where: AuditFilter = AuditFilter(), limit: int = PAGE_SIZE) -> list[EntryView]:
        """One clinic's entries, newest first; never another clinic's."""
        query = select(AuditEntry).where(AuditEntry.clinic_id == clinic_id)
        if where.actor_id is not None:
            query = query.where(AuditEntry.actor_id == where.actor_id)
        if where.client_id is not None:
            query = query.where(AuditEntry.client_id == where.client_id)
        if where.action:
            query = query.where((AuditEntry.action == where.action) | AuditEntry.action.startswith(where.action + "."))
        if where.since is not None:
            query = query.where(AuditEntry.at >= where.since)
        if where.until is not None:
            query = query.where(AuditEntry.at < where.until)
        if where.before_id is not None:
            query = query.where(AuditEntry.id < where.before_id)
        query = query.order_by(AuditEntry.id.desc()).limit(max(1, min(limit, 1000)))
        with self._sessions() as s:
            return [
                EntryView(r.id, r.at, r.actor_id, r.actor_name, r.actor_role, r.action, r.client_id, r.detail)
                for r in s.scalars(query)
            ]
