"""Background jobs' progress and results (issue 17), the same for the home runner and for Procrastinate.

One row per job, keyed by the job's own key (made when the job is submitted). The final result is
written once: a worker killed mid-job leaves the row 'running'; the retried job finds no result and
runs again; a job whose result is already stored is not run again (``supple.jobs.store``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from supple.db.models import Base


class JobResult(Base):
    __tablename__ = "job_result"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str] = mapped_column(String(120), default="")  # whose job: only they may read it
    status: Mapped[str] = mapped_column(String(8))  # queued | running | done | failed
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)  # how many times a worker started it
    result: Mapped[dict[str, Any] | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


FILE_FIELDS = ("image", "pdf", "kept_media")  # result fields naming a file in the media folder


def job_files(data_dir: Path, result: dict[str, Any] | None) -> list[Path]:
    """The files in the media folder (``data_dir``) a job's result names: its picture, its PDF, a kept upload."""
    if not result:
        return []
    named = [result.get(k) for k in FILE_FIELDS]
    return [data_dir / n for n in named if isinstance(n, str) and n and not n.startswith("/") and ".." not in n]
