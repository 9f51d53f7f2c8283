"""`supple walk FILE`: steps, cadence and lower-back impact from a motion recording, on this machine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from supple.cli.state import CliState, friendly, pass_state

PLACEMENTS = ("lower-back", "pocket")  # supple.domain.gait_impact.PLACEMENTS


def _print(w: Any, trend: Any) -> None:
    from supple.domain.formatting import plural
    from supple.numbers import plain, plain_change

    click.echo(
        click.style(plural(w.steps, "step"), bold=True) + f" in {plural(w.bouts, 'walking bout')}, "
        f"{plain(w.walking_s, 's')} of walking in a {plain(w.seconds, 's')} recording ({plain(w.rate_hz, 'samples/s')})"
    )
    if w.cadence is not None:
        click.echo(f"Cadence: {plain(w.cadence, 'steps/min')}")
    if w.matched_impact_g is not None:
        click.echo(
            click.style(f"Impact at the lower back: {plain(w.matched_impact_g, 'g')}", bold=True)
            + f" at 110 steps/min (measured: {plain(w.impact_g or 0, 'g')} at your cadence)"
        )
        if w.side_ratio is not None:
            click.echo(f"The two sides differ by {plain(100 * (w.side_ratio - 1), '%')}")
    elif w.reason_text:
        click.echo(f"No impact number: {w.reason_text}")
    if trend is not None:
        verdict = "a real change" if trend.real else "within the measurement noise"
        click.echo(
            f"Since your first walk the impact changed by {plain_change(trend.change_g, 'g')} ({verdict}; "
            f"noise ±{plain(trend.mdc_g, 'g')})."
        )
    click.echo(
        "This is a personal measurement to watch alongside your pain, not a target (see `supple learn walking-impact`)."
    )


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--placement",
    type=click.Choice(PLACEMENTS),
    default="lower-back",
    show_default=True,
    help="Where the phone was: in a belt or clip at the lower back, or in a trouser pocket.",
)
@click.option("--no-save", is_flag=True, help="Analyse only; store nothing (no profile needed).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@pass_state
@friendly
def walk(state: CliState, file: Path, placement: str, no_save: bool, as_json: bool) -> None:
    """Analyse a walk recorded with the phone at the lower back (or in a pocket).

    \b
    Reads a phyphox CSV export (or its zip), a Sensor Logger zip or CSV (with or without gravity), or a
    CSV with columns t,x,y,z (time in s, acceleration in m/s² or g, found by its size). Gives steps,
    cadence, and — from a lower-back recording at about 100 samples per second or more — the impact
    after each heel strike, compared at a cadence of 110 steps/min. A file that cannot be a walk is
    refused with the reason and nothing is stored (exit code 2).
    """
    from supple.services import walks

    data = file.read_bytes()
    show = not as_json and sys.stderr.isatty()
    if show:
        from rich.console import Console

        console = Console(stderr=True)
        with console.status("Analysing the recording") as status:
            analysed = walks.analyse_bytes(
                data, file.name, placement, lambda what, done: status.update(f"Analysing: {what} ({done:.0%})")
            )
    else:
        analysed = walks.analyse_bytes(data, file.name, placement)
    trend = None
    if no_save:
        view = walks.preview(state.app, analysed, placement)
    else:
        app = state.app
        view = walks.record(app, state.profile, analysed, placement)
        trend = walks.summary(app, state.profile).trend
    if as_json:
        from supple.cli.render import print_json

        out = view.as_dict()
        out["saved"] = not no_save
        if trend is not None:
            out["trend"] = {"change_g": round(trend.change_g, 3), "mdc_g": trend.mdc_g, "real_change": trend.real}
        print_json(out)
        return
    _print(view, trend)


@click.group(invoke_without_command=True)
@click.pass_context
def walking(ctx: click.Context) -> None:
    """Your walking target: how many minutes on how many days a week, and what you walked.

    \b
      supple walking start --minutes 15 --days 3   start from what you can walk now
      supple walking log 20 [--steps N | --recording ID] [--with-session]
      supple walking [show --json]                 show the target and this week's minutes

    The target starts a little below what you manage now and moves with the same traffic light as
    your exercises: after two green sessions it goes up, amber holds it, red steps it back.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(walking_show)


def _show(view: Any, as_json: bool) -> None:
    if as_json:
        from supple.cli.render import print_json

        print_json(view.as_dict() if view else None)
        return
    if view is None:
        click.echo("No walking target yet. Start one: supple walking start --minutes N --days N")
        return
    click.echo(click.style(view.text, bold=True))
    click.echo(view.week_text)


@walking.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
@friendly
def walking_show(state: CliState, as_json: bool = False) -> None:
    """Show the walking target and this week's minutes."""
    from supple.services import walking as service

    app = state.app
    _show(service.current(app, state.profile), as_json)


@walking.command("start")
@click.option(
    "--minutes", type=int, required=True, help="How many minutes you can walk now without a flare-up (0-600)."
)
@click.option("--days", type=int, default=3, show_default=True, help="On how many days a week you walk now (0-7).")
@click.option("--goal", help="One of your hard activities to build towards (default: one that mentions walking).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
@friendly
def walking_start(state: CliState, minutes: int, days: int, goal: str | None, as_json: bool) -> None:
    """Start (or restart) the walking target from what you manage now."""
    from supple.services import walking as service
    from supple.services.inputs import WalkingPlanIn, parse

    app = state.app
    plan = parse(WalkingPlanIn, {"manages_minutes": minutes, "manages_days": days, "goal": goal})
    _show(service.set_plan(app, state.profile, plan), as_json)


@walking.command("log")
@click.argument("minutes", type=int)
@click.option("--steps", type=int, help="Steps, if you counted them.")
@click.option("--recording", type=int, help="Take the steps from this walk recording (its number).")
@click.option("--with-session", is_flag=True, help="Attach the walk to today's exercise session.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@pass_state
@friendly
def walking_log(
    state: CliState, minutes: int, steps: int | None, recording: int | None, with_session: bool, as_json: bool
) -> None:
    """Record MINUTES walked today."""
    from supple.services import walking as service
    from supple.services.inputs import WalkLogIn, parse

    app = state.app
    walked = parse(
        WalkLogIn, {"minutes": minutes, "steps": steps, "recording": recording, "with_session": with_session}
    )
    _show(service.log(app, state.profile, walked), as_json)


COMMANDS = [walk, walking]
