"""`supple session`, `supple log`, `supple checkin`, `supple progress`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from supple.cli.state import EXIT_SAFETY, CliState, friendly, pass_state, read_answers

if TYPE_CHECKING:
    from supple.services.light import ProgressReport as LightReport
    from supple.services.progress import ProgressReport


def _print_result(result: Any) -> None:
    from supple.cli.render import console

    if result.signals:
        lights = ", ".join(f"{ex}: {sig}" for ex, sig in result.signals.items())
        console.print(f"Traffic lights: {lights}")
    if result.provisional:
        console.print(
            "Tomorrow morning, tell Supple how your back settled: supple checkin "
            "(the routine only steps up after good next mornings)."
        )
    for change in result.changes:
        console.print(f"• {change}")
    if result.paused:
        console.print(f"[bold red]{result.paused}[/bold red]")


def _stopped(outcome: Any) -> None:
    from supple.cli.render import print_screen

    print_screen(outcome)
    click.echo("Saved. No exercises today; the program stays locked until a clinician has cleared you.", err=True)
    raise SystemExit(EXIT_SAFETY)


@click.command()
@pass_state
@friendly
def session(state: CliState) -> None:
    """Do today's routine with live timers: safety check first, pain log after."""
    from supple.cli.prompts import ask_red_flags, score, yes_no
    from supple.cli.render import console
    from supple.domain.formatting import plural
    from supple.numbers import whole_minutes
    from supple.services.routine import current
    from supple.services.screening import red_flag_questions
    from supple.services.session_screens import pre_session_screen
    from supple.services.sessions import log_session

    app = state.app
    from supple.domain.screening import ScreenKind

    view = current(app, state.profile)  # refuses when locked or not screened
    click.echo("First, a quick safety check.")
    from supple.domain.screening import known_notes
    from supple.services.screening import known_symptoms, profile_sex

    asked = red_flag_questions(app, ScreenKind.SESSION, profile_sex(app, view.profile))
    notes = known_notes(asked, known_symptoms(app, view.profile))
    answers = ask_red_flags(asked, app.catalogue.safety, session=True, notes=notes)
    outcome, screening_id = pre_session_screen(app, view.profile, answers)
    if outcome.blocks:
        _stopped(outcome)
    pain_before = score("Your back pain right now")
    items = list(view.routine.items)
    click.echo(
        f"\n{plural(len(items), 'exercise')}, about {plural(whole_minutes(view.routine.total_seconds), 'minute')}. "
        "Keys: space pause · s skip · b back · q quit."
    )
    from supple.cli.player import Player

    done, quit_early = Player(items, app.catalogue, app.settings.timer_scale, console).run()
    if quit_early:
        click.echo("You stopped the session early.")
    if not done:
        click.echo("No exercise was completed, so nothing was logged.")
        return
    click.echo("\nHow did it go? Pain during each exercise, 0 to 10:")
    logged = []
    for item in items:
        if item.exercise_id not in done:
            logged.append({"exercise": item.exercise_id, "completed": False})
            continue
        name = app.catalogue.exercises[item.exercise_id].name
        logged.append(
            {
                "exercise": item.exercise_id,
                "pain_during": score(f"  {name}"),
                "nerve_symptoms": yes_no(
                    "    Any pins and needles, numbness, weakness or pain spreading below the knee?"
                ),
            }
        )
    data = {
        "screening_id": screening_id,
        "pain_before": pain_before,
        "pain_after": score("Your back pain now, after the session"),
        "items": logged,
    }
    result = log_session(app, view.profile, data)
    click.echo("Session saved.")
    _print_result(result)


@click.command()
@click.option(
    "--answers",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="YAML/JSON file describing the session.",
)
@pass_state
@friendly
def log(state: CliState, answers: Path) -> None:
    """Record a session without the live player (for scripts and tests).

    \b
    Answers file:
      screen: {saddle-numbness: no, ...}   # every question of: supple screen --template --short
      pain_before: 3
      pain_after: 3
      items:
        - {exercise: foam-roller-thoracic-extension, pain_during: 2}
        - {exercise: couch-stretch, completed: false}
    """
    from supple.services.sessions import log_session

    result = log_session(state.app, state.profile, read_answers(answers))
    if result.stopped is not None:
        _stopped(result.stopped)
    click.echo(f"Session {result.session_id} saved.")
    _print_result(result)


@click.command()
@click.option(
    "--answers", type=click.Path(dir_okay=False, path_type=Path), help="YAML/JSON with pain, stiffness, nerve_symptoms."
)
@click.option("--pain", type=int, help="Back pain this morning, 0 to 10.")
@click.option("--stiffness", type=int, help="Stiffness this morning, 0 to 10.")
@click.option(
    "--nerve-symptoms/--no-nerve-symptoms",
    default=None,
    help="Any new pins and needles, numbness, weakness or leg pain below the knee?",
)
@pass_state
@friendly
def checkin(
    state: CliState, answers: Path | None, pain: int | None, stiffness: int | None, nerve_symptoms: bool | None
) -> None:
    """The morning after a session: how did your back settle? This settles the traffic light."""
    from supple.cli.prompts import score, yes_no
    from supple.services.sessions import checkin as do_checkin
    from supple.services.sessions import checkin_window

    if not answers and pain is None:  # before asking: is a session waiting, and is the check-in open now?
        from supple.errors import NotYet

        try:
            checkin_window(state.app, state.profile)
        except NotYet as err:
            click.echo(f"Not yet: {err.message}", err=True)
            click.echo(
                "New pins and needles, numbness, weakness or pain down a leg since the session? Do not wait: "
                "supple checkin --pain N --nerve-symptoms",
                err=True,
            )
            raise SystemExit(err.exit_code) from None
    if answers:
        data: dict[str, Any] = read_answers(answers)
    elif pain is not None:
        data = {"pain": pain, "stiffness": stiffness, "nerve_symptoms": bool(nerve_symptoms)}
    else:
        data = {
            "pain": score("Back pain this morning"),
            "stiffness": score("Stiffness this morning"),
            "nerve_symptoms": yes_no("Any new pins and needles, numbness, weakness or leg pain below the knee?"),
        }
    from supple.services.inputs import CheckinIn, parse

    result = do_checkin(state.app, state.profile, parse(CheckinIn, data))
    click.echo("Check-in saved.")
    _print_result(result)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the progress report as JSON.")
@pass_state
@friendly
def progress(state: CliState, as_json: bool) -> None:
    """Each test and your pain against baseline: 'real change' only beyond measurement error."""
    from supple.cli.light import answer
    from supple.cli.render import print_json, print_progress
    from supple.services.light import progress_report

    quick = answer(state, lambda x: progress_report(x.reads, x.catalogue, x.placements, x.now.date(), state.profile))
    if quick is None:
        from supple.services.progress import report

        rep: LightReport | ProgressReport = report(state.app, state.profile)
    else:
        rep = quick
    if as_json:
        print_json(rep)
    else:
        print_progress(rep)


COMMANDS = [session, log, checkin, progress]
