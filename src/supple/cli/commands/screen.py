"""`supple screen`: the safety questions. Always the first step, repeated in short before sessions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from supple.cli.state import EXIT_SAFETY, CliState, friendly, pass_state, read_answers


def screen_template(cat: Any, short: bool = False) -> str:
    if short:
        lines = ["# The short safety screen asked before every session (the 'screen' part of 'supple log').", "screen:"]
        lines += [f"  # {q.text}\n  {q.id}:" for q in cat.safety.questions if q.every_session]
        return "\n".join(lines) + "\n"
    lines = [
        "# Supple safety screen. Answer every question yes or no, then:",
        "#   supple screen --answers THIS_FILE",
        "red_flags:",
    ]
    lines += [f"  # {q.text}\n  {q.id}:" for q in cat.safety.questions]
    lines.append("conditions:  # health conditions that change which exercises are offered")
    lines += [f"  # {q.text}\n  {q.id.value}:" for q in cat.safety.condition_questions]
    lines.append("yellow_flags:  # how you feel about your back (never stops the program)")
    lines += [f"  # {q.text}\n  {q.id}:" for q in cat.yellow_flags.questions]
    return "\n".join(lines) + "\n"


def ask_screen(app: Any) -> dict[str, Any]:
    from supple.cli.prompts import ask_red_flags, yes_no

    cat = app.catalogue
    click.echo("Safety questions. Please answer honestly; they decide whether exercise is safe for you now.\n")
    red = ask_red_flags(cat.safety.questions, cat.safety)
    if len(red) < len(cat.safety.questions):  # stopped early: that answer decides it
        return {"red_flags": red}
    click.echo("\nA few health questions that change which exercises suit you:")
    conditions = {q.id.value: yes_no(q.text) for q in cat.safety.condition_questions}
    click.echo("\nLast, how you feel about your back (this never stops the program):")
    yellow = {q.id: yes_no(q.text) for q in cat.yellow_flags.questions}
    return {"red_flags": red, "conditions": conditions, "yellow_flags": yellow}


@click.command()
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path), help="YAML/JSON file with the answers.")
@click.option("--template", is_flag=True, help="Print a fill-in answers file and exit.")
@click.option("--short", is_flag=True, help="With --template: only the questions asked before every session.")
@pass_state
@friendly
def screen(state: CliState, answers: Path | None, template: bool, short: bool) -> None:
    """Answer the safety questions (red flags, health conditions, how you feel about your back).

    Exits with code 3 when the answers mean you should not exercise now.
    """
    from supple.cli.render import print_screen
    from supple.services.screening import run_full_screen

    if template:
        from supple.catalogue.loader import default_catalogue

        click.echo(screen_template(default_catalogue(), short), nl=False)
        return
    app = state.app
    data = read_answers(answers) if answers else ask_screen(app)
    outcome = run_full_screen(app, state.profile, data, app.settings.profile)
    print_screen(outcome)
    if outcome.blocks:
        click.echo(
            "This has been saved, and the exercises are locked until a clinician has cleared you "
            "(then: supple profile clear --clinician NAME).",
            err=True,
        )
        raise SystemExit(EXIT_SAFETY)
    from supple.cli.commands.home import COMMANDS_FOR
    from supple.services.home import next_step

    click.echo(f"Next: {COMMANDS_FOR[next_step(app, state.profile or app.settings.profile).step]}")


COMMANDS = [screen]
