"""The job table: queued, running (with progress), and a final result written exactly once."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from supple.clinic.clock import utc_now
from supple.db.job_models import JobResult

FINAL = ("done", "failed")


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


def new_key() -> str:
    return secrets.token_urlsafe(18)  # 144 bits: a job's key is also what its owner polls with


class JobStore:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = utc_now) -> None:
        self._sessions = sessions
        self._clock = clock

    def add(self, key: str, kind: str, owner: str) -> None:
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
                    created_at=self._clock(),
                )
            )
            s.commit()

    def get(self, key: str) -> JobView | None:
        with self._sessions() as s:
            r = s.get(JobResult, key)
            if r is None:
                return None
            return JobView(r.key, r.kind, r.owner, r.status, r.done, r.total, r.attempts, r.result)

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
            stored = s.execute(
                update(JobResult)
                .where(JobResult.key == key, JobResult.status.not_in(FINAL))
                .values(status=status, result=result, finished_at=self._clock())
            )
            s.commit()
            return bool(stored.rowcount)  # type: ignore[attr-defined]
