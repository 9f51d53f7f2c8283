"""The job interface the doors use, and the home mode's in-process runner behind it.

``submit`` records the job (queued) and hands it to the runner; ``get`` reads its progress and result
from the store, so any web process can answer for a job any worker ran.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from supple.bootstrap import App
from supple.errors import SuppleError
from supple.jobs.kinds import HANDLERS, STOPPED, cleanup, run_job
from supple.jobs.store import JobStore, JobView, new_key


class Jobs(Protocol):
    store: JobStore  # progress and results, the same for every runner

    def submit(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        owner: str = "",
        once: str | None = None,
        about: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> str: ...
    def get(self, key: str) -> JobView | None: ...
    def close(self) -> None: ...


def check_kind(kind: str) -> None:
    if kind not in HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(sorted(HANDLERS))}")


class InProcessJobs:
    """Home mode: one worker thread in the web process (the pose model uses the CPU fully). Closing it
    (the server stopping) fails the jobs still waiting, stops a running one at its next progress
    report, and deletes their uploads: nothing is left half-done for a queue that will not come back."""

    def __init__(self, app: App) -> None:
        self._app = app
        self.store = JobStore(app.sessions)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="supple-job")
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._waiting: dict[str, tuple[str, dict[str, Any]]] = {}

    def submit(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        owner: str = "",
        once: str | None = None,
        about: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> str:
        """``once`` matters only to a shared queue; one thread runs every job here in turn anyway.
        ``about``: what the job is about, readable while it runs (``JobView.about``). ``key``: the
        caller's idempotency key; a job with that key already there is the answer (this payload's
        upload is deleted, nothing runs again)."""
        del once
        check_kind(kind)
        if self._stopping.is_set():
            cleanup(kind, payload)
            raise StoppedRunner(STOPPED)
        key = key or new_key()
        if not self.store.add_new(key, kind, owner, about):
            cleanup(kind, payload)
            return key
        with self._lock:
            self._waiting[key] = (kind, payload)
            self._pool.submit(self._run, key, kind, payload)
        return key

    def _run(self, key: str, kind: str, payload: dict[str, Any]) -> None:
        with self._lock:
            self._waiting.pop(key, None)
        run_job(self._app, self.store, key, kind, payload, stopping=self._stopping)

    def get(self, key: str) -> JobView | None:
        return self.store.get(key)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def close(self) -> None:
        self._stopping.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            cancelled, self._waiting = self._waiting, {}
        for key in self.store.waiting(list(cancelled)):  # their futures were cancelled: fail them here
            kind, payload = cancelled[key]
            self.store.finish(key, "failed", {"problems": [STOPPED]})
            cleanup(kind, payload)
        self._pool.shutdown(wait=True)


class StoppedRunner(SuppleError):
    """A job submitted after the runner was closed (the server is stopping)."""

    code = "stopping"
    http_status = 503


def jobs_for(app: App, *, clinic: bool) -> Jobs:
    """Clinic mode on PostgreSQL queues on Procrastinate; everything else runs in this process."""
    if clinic and app.engine.dialect.name == "postgresql":
        from supple.jobs.procrastinate_jobs import ProcrastinateJobs

        return ProcrastinateJobs(app)
    return InProcessJobs(app)
