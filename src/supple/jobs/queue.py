"""The job interface the doors use, and the home mode's in-process runner behind it.

``submit`` records the job (queued) and hands it to the runner; ``get`` reads its progress and result
from the store, so any web process can answer for a job any worker ran.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from supple.bootstrap import App
from supple.jobs.kinds import HANDLERS, run_job
from supple.jobs.store import JobStore, JobView, new_key


class Jobs(Protocol):
    def submit(self, kind: str, payload: dict[str, Any], *, owner: str = "", once: str | None = None) -> str: ...
    def get(self, key: str) -> JobView | None: ...
    def close(self) -> None: ...


def check_kind(kind: str) -> None:
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(sorted(HANDLERS))}")


class InProcessJobs:
    """Home mode: one worker thread in the web process (the pose model uses the CPU fully)."""

    def __init__(self, app: App) -> None:
        self._app = app
        self.store = JobStore(app.sessions)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="supple-job")
        self._lock = threading.Lock()

    def submit(self, kind: str, payload: dict[str, Any], *, owner: str = "", once: str | None = None) -> str:
        """``once`` matters only to a shared queue; one thread runs every job here in turn anyway."""
        del once
        check_kind(kind)
        key = new_key()
        self.store.add(key, kind, owner)
        with self._lock:
            self._pool.submit(run_job, self._app, self.store, key, kind, payload)
        return key

    def get(self, key: str) -> JobView | None:
        return self.store.get(key)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def jobs_for(app: App, *, clinic: bool) -> Jobs:
    """Clinic mode on PostgreSQL queues on Procrastinate; everything else runs in this process."""
    if clinic and app.engine.dialect.name == "postgresql":
        from supple.jobs.procrastinate_jobs import ProcrastinateJobs

        return ProcrastinateJobs(app)
    return InProcessJobs(app)
