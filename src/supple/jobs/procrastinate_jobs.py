"""Clinic mode's job queue: Procrastinate on the clinic's PostgreSQL, run by ``supple worker`` processes.

Web processes only defer jobs (a row in ``procrastinate_jobs``); workers anywhere that reach the
database take them. A worker that dies mid-job stops sending heartbeats; every worker looks for such
stalled jobs when it starts and then every ``jobs_stalled_check_seconds`` and puts them back in the
queue. The retried job runs again unless its result was stored (``supple.jobs.store``), so a kill
loses nothing and stores nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from supple.bootstrap import App
from supple.jobs.kinds import ALERT_EVALUATION
from supple.jobs.queue import check_kind
from supple.jobs.store import JobStore, JobView, new_key

if TYPE_CHECKING:
    import procrastinate

QUEUE = "supple"
TASK = "supple.run_job"
ALERTS_TASK = "supple.alerts_every_30_s"
ALERTS_CRON = "* * * * * */30"  # croniter's sixth field: seconds
_SCHEMA_LOCK = 1_717_017  # advisory lock: one process applies the queue's schema at a time
log = logging.getLogger(__name__)


def conninfo(app: App) -> str:
    """libpq's address of the store (SQLAlchemy's URL without its driver name)."""
    return app.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def procrastinate_app(
    app: App, *, on_job: Callable[[str, str, dict[str, Any]], None] | None = None, **pool: Any
) -> procrastinate.App:
    import procrastinate

    queue = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(app), **pool))
    retry = procrastinate.RetryStrategy(max_attempts=5, wait=2, exponential_wait=2)

    @queue.task(name=TASK, queue=QUEUE, retry=retry)
    def run(key: str, kind: str, payload: dict[str, Any]) -> None:
        if on_job is None:
            raise RuntimeError("this process only queues jobs; 'supple worker' runs them")
        on_job(key, kind, payload)

    @queue.periodic(cron=ALERTS_CRON, periodic_id="alerts")
    @queue.task(name=ALERTS_TASK, queue=QUEUE, queueing_lock=ALERTS_TASK)
    def alerts(timestamp: int) -> None:
        """Every clinic's alerts, every 30 seconds (and on events: the web defers one per client)."""
        if on_job is None:
            raise RuntimeError("this process only queues jobs; 'supple worker' runs them")
        on_job("", ALERT_EVALUATION, {"at": timestamp})

    return queue


def ensure_schema(app: App) -> None:
    """Apply Procrastinate's tables once (under an advisory lock, so two processes never race)."""
    import procrastinate

    with app.engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _SCHEMA_LOCK})
        if conn.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None:
            return
        raw: Any = conn.connection.dbapi_connection
        schema = procrastinate.schema.SchemaManager.get_schema()
        with raw.cursor() as cursor:
            cursor.execute(schema)


class ProcrastinateJobs:
    """The web processes' side: record the job, defer it to the queue, read progress from the store."""

    def __init__(self, app: App) -> None:
        self._app = app
        self.store = JobStore(app.sessions)
        self._queue: procrastinate.App | None = None
        self._closer: weakref.finalize[Any, Any] | None = None

    def _opened(self) -> procrastinate.App:
        if self._queue is None:
            ensure_schema(self._app)
            # A small pool whose idle connections close by themselves: a web process only defers.
            queue = procrastinate_app(self._app, min_size=0, max_size=2, max_idle=30).open()
            self._closer = weakref.finalize(self, queue.close)  # closed with this object even without a shutdown
            self._queue = queue
        return self._queue

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
        """Queue a job. With ``once``, a job with the same ``once`` still waiting in the queue does it for
        this one too (e.g. one alert evaluation per client however many records arrive meanwhile). With
        ``key`` (the caller's idempotency key), a job with that key already there is the answer: nothing
        is queued again and this payload's upload is deleted."""
        from procrastinate.exceptions import AlreadyEnqueued

        from supple.jobs.kinds import cleanup

        check_kind(kind)
        key = key or new_key()
        if not self.store.add_new(key, kind, owner, about):
            cleanup(kind, payload)
            return key
        task = self._opened().tasks[TASK]
        try:
            task.configure(queueing_lock=once).defer(key=key, kind=kind, payload=payload)
        except AlreadyEnqueued:
            self.store.start(key)
            self.store.finish(key, "done", {"merged": f"a waiting job for {once} does this"})
        return key

    def get(self, key: str) -> JobView | None:
        return self.store.get(key)

    def close(self) -> None:
        if self._queue is not None:
            if self._closer is not None:
                self._closer()  # runs queue.close once
            self._queue = None


def _no_progress(done: int, total: int) -> None:
    """The periodic evaluation reports no progress ({done} of {total})."""


async def _recover_stalled(queue: procrastinate.App, stalled_after: float, every: float) -> None:
    """Put jobs of dead workers back in the queue, now and then every ``every`` seconds."""
    while True:
        with contextlib.suppress(Exception):  # a database hiccup: try again at the next round
            for job in await queue.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
                log.warning("job %s of a stopped worker goes back in the queue", job.id)
                await queue.job_manager.retry_job(job)
        await asyncio.sleep(every)


def run_worker(
    app: App, *, concurrency: int, heartbeat: float, stalled_after: float, ready: Callable[[], None]
) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM finish the running jobs first)."""
    from supple.jobs.kinds import alert_evaluation, run_job

    ensure_schema(app)
    store = JobStore(app.sessions)

    def on_job(key: str, kind: str, payload: dict[str, Any]) -> None:
        if not key:  # the periodic alert evaluation: idempotent, so no result row to keep
            alert_evaluation(app, {}, _no_progress)
            return
        run_job(app, store, key, kind, payload)

    queue = procrastinate_app(app, on_job=on_job)

    async def main() -> None:
        async with queue.open_async():
            recovering = asyncio.create_task(_recover_stalled(queue, stalled_after, max(1.0, heartbeat)))
            ready()
            try:
                await queue.run_worker_async(
                    queues=[QUEUE],
                    concurrency=concurrency,
                    update_heartbeat_interval=heartbeat,
                    stalled_worker_timeout=stalled_after,
                    install_signal_handlers=True,
                )
            finally:
                recovering.cancel()

    asyncio.run(main())
