"""`supple` — the command group. Only click is imported here so `supple --help` starts fast."""

from __future__ import annotations

from pathlib import Path

import click

from supple.cli.state import DEFAULT_PORT, CliState, StoppableGroup


@click.group(
    cls=StoppableGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="SUPPLE_DB",
    help="SQLite file to use instead of the default store (or set SUPPLE_DATABASE_URL).",
)
@click.option(
    "--profile", "-p", envvar="SUPPLE_PROFILE", help="Whose data to use, when the store holds several people."
)
@click.version_option(package_name="supple", message="supple %(version)s")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, profile: str | None) -> None:
    """Supple: find and ease stiffness in the mid back, ankles and hips, for people with long-lasting
    low back pain.

    \b
    Run `supple` alone (or `supple serve`) to open the web app at http://localhost:8765/.

    \b
    In the terminal:
      supple status                 where you are and what to do next
      supple profile create NAME    make your profile
      supple screen                 safety questions (always first)
      supple baseline               your pain and the activities that are hard
      supple assess                 the home tests (or --template / --answers FILE)
      supple plan                   today's routine, with the reason for each exercise
      supple session                a guided session with timers
      supple checkin                next morning: how did it settle?
      supple progress               what changed, and whether it is more than measurement error

    Supple is not a diagnosis or a treatment and does not replace a clinician.
    """
    ctx.obj = CliState(db=db, profile=profile)
    if ctx.invoked_subcommand is None:
        serve = cli.get_command(ctx, "serve")  # added by supple.main: the CLI package never imports the web
        if serve is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(serve, host="127.0.0.1", port=DEFAULT_PORT)


def _register() -> None:
    from supple.cli.commands import (
        assess,
        clinic,
        exercises,
        home,
        measure,
        outcomes,
        plan,
        profile,
        records,
        screen,
        session,
        walk,
        worker,
    )

    for module in (
        profile,
        screen,
        outcomes,
        assess,
        plan,
        session,
        exercises,
        home,
        records,
        measure,
        walk,
        clinic,
        worker,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()
