"""The job table: queued, running (with progress), and a final result written exactly once."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from supple.clinic.clock import utc_now
from supple.db.job_models import JobResult

FINAL = ("done", "failed", "saved")  # saved: a done job whose result the person kept (a walk)


@dataclass(frozen=True)
class JobView:
    key: str
    kind: str
    owner: str
    status: str
    done: int
    total: int
    attempts: int
    result: dict[str, Any] | None

    @property
    def finished(self) -> bool:
        return self.status in FINAL

    @property
    def about(self) -> dict[str, Any]:
        """What the job is about, given when it was submitted (e.g. which test), kept with its result."""
        about = (self.result or {}).get("about")
        return about if isinstance(about, dict) else {}


def new_key() -> str:
    return secrets.token_urlsafe(18)  # 144 bits: a job's key is also what its owner polls with


class JobStore:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now) -> None:
        self._sessions = sessions
        self._clock = clock

    def add(self, key: str, kind: str, owner: str, about: dict[str, Any] | None = None) -> None:
        with self._sessions() as s:
            s.add(
                JobResult(
                    key=key,
                    kind=kind,
                    owner=owner,
                    status="queued",
                    done=0,
                    total=0,
                    attempts=0,
                    result={"about": about} if about else None,
                    created_at=self._clock(),
                )
            )
            s.commit()

    def add_new(self, key: str, kind: str, owner: str, about: dict[str, Any] | None = None) -> bool:
        """``add`` for a key the caller chose (an idempotency key): False, changing nothing, when a job
        has that key already (also when another process added it at the same moment)."""
        if self.get(key) is not None:
            return False
        try:
            self.add(key, kind, owner, about)
        except IntegrityError:
            return False
        return True

    def claim(self, key: str, status: str, to: str) -> JobView | None:
        """Move a job from ``status`` to ``to`` in one step: its view when this call moved it, else None
        (so of two clicks or two processes, exactly one wins)."""
        with self._sessions() as s:
            moved = s.execute(
                update(JobResult).where(JobResult.key == key, JobResult.status == status).values(status=to)
            )
            s.commit()
            if not moved.rowcount:  # type: ignore[attr-defined]
                return None
            r = s.get(JobResult, key)
            return None if r is None else _view(r)

    def annotate(self, key: str, extra: dict[str, Any]) -> None:
        """Add fields to a finished job's result (e.g. which walk it was saved as)."""
        with self._sessions() as s:
            r = s.get(JobResult, key)
            if r is not None:
                r.result = {**(r.result or {}), **extra}
                s.commit()

    def get(self, key: str) -> JobView | None:
        with self._sessions() as s:
            r = s.get(JobResult, key)
            return None if r is None else _view(r)

    def remove(self, key: str) -> JobView | None:
        """Forget a job (confirmed or discarded): the row goes; what it held is returned, to clean up."""
        with self._sessions() as s:
            r = s.get(JobResult, key)
            if r is None:
                return None
            view = _view(r)
            s.delete(r)
            s.commit()
            return view

    def remove_older(self, kind: str, seconds: float) -> list[JobView]:
        """Forget the jobs of a kind made more than ``seconds`` ago (e.g. camera results nobody confirmed)."""
        before = self._clock() - timedelta(seconds=seconds)
        with self._sessions() as s:
            old = list(s.scalars(select(JobResult).where(JobResult.kind == kind, JobResult.created_at < before)))
            if old:
                s.execute(delete(JobResult).where(JobResult.key.in_([r.key for r in old])))
                s.commit()
            return [_view(r) for r in old]

    def count(self, kind: str, owner: str) -> int:
        with self._sessions() as s:
            found = s.scalar(
                select(func.count()).select_from(JobResult).where(JobResult.kind == kind, JobResult.owner == owner)
            )
            return int(found or 0)

    def waiting(self, keys: list[str]) -> list[str]:
        """Which of these jobs no worker has started."""
        if not keys:
            return []
        with self._sessions() as s:
            return list(s.scalars(select(JobResult.key).where(JobResult.key.in_(keys), JobResult.status == "queued")))

    def start(self, key: str) -> bool:
        """A worker takes the job: False when its result is stored already (nothing to do again)."""
        with self._sessions() as s:
            started = s.execute(
                update(JobResult)
                .where(JobResult.key == key, JobResult.status.not_in(FINAL))
                .values(status="running", attempts=JobResult.attempts + 1, done=0)
            )
            s.commit()
            return bool(started.rowcount)  # type: ignore[attr-defined]

    def progress(self, key: str, done: int, total: int) -> None:
        with self._sessions() as s:
            s.execute(
                update(JobResult)
                .where(JobResult.key == key, JobResult.status == "running")
                .values(done=done, total=total)
            )
            s.commit()

    def finish(self, key: str, status: str, result: dict[str, Any]) -> bool:
        """Store the final result once: True when this call stored it, False when one was there."""
        assert status in FINAL
        with self._sessions() as s:
            before = s.scalar(select(JobResult.result).where(JobResult.key == key))
            if before and "about" in before:
                result = {**result, "about": before["about"]}
            stored = s.execute(
                update(JobResult)
                .where(JobResult.key == key, JobResult.status.not_in(FINAL))
                .values(status=status, result=result, finished_at=self._clock())
            )
            s.commit()
            return bool(stored.rowcount)  # type: ignore[attr-defined]


def _view(r: JobResult) -> JobView:
    return JobView(r.key, r.kind, r.owner, r.status, r.done, r.total, r.attempts, r.result)
