"""`supple worker`: run clinic mode's background jobs (issue 17) from the PostgreSQL queue."""

from __future__ import annotations

import click

from supple.cli.state import CliState, friendly, pass_state


@click.command()
@click.option(
    "--concurrency",
    type=click.IntRange(1, 32),
    default=None,
    help="Jobs run at once by this worker (default: SUPPLE_JOBS_CONCURRENCY, 1). Pose analysis uses a core fully.",
)
@pass_state
@friendly
def worker(state: CliState, concurrency: int | None) -> None:
    """Run background jobs (camera and walk analysis, alerts) for clinic mode; start as many as you like,
    on this machine or others that reach the clinic's PostgreSQL. Stop with Ctrl+C or SIGTERM: running
    jobs finish first; a worker killed outright loses nothing, its jobs are run again."""
    from supple.errors import SuppleError

    app = state.app
    if app.engine.dialect.name != "postgresql":
        raise SuppleError(
            "'supple worker' needs the clinic's PostgreSQL: set SUPPLE_DATABASE_URL=postgresql+psycopg://… "
            "(home mode runs its jobs inside 'supple serve')."
        )
    from supple.jobs.procrastinate_jobs import run_worker

    settings = app.settings
    jobs = concurrency or settings.jobs_concurrency

    def ready() -> None:
        from supple.domain.formatting import plural

        click.echo(f"Worker ready: {plural(jobs, 'job')} at a time from the clinic's queue.", err=True)

    run_worker(
        app,
        concurrency=jobs,
        heartbeat=settings.jobs_heartbeat_seconds,
        stalled_after=settings.jobs_stalled_seconds,
        ready=ready,
    )


COMMANDS = [worker]
