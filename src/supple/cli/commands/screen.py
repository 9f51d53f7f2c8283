"""`supple screen`: the safety questions. Always the first step, repeated in short before sessions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from supple.cli.state import EXIT_SAFETY, CliState, friendly, pass_state, read_answers


def _question_lines(questions: list[Any], session: bool) -> list[str]:
    """A question per line; a follow-up ("only if ... yes") is marked and may be left empty after a no."""
    lines = []
    for q in questions:
        if q.follows:
            lines.append(f"  # (only if {q.follows} is yes) {q.text_for(session)}\n  {q.id}:")
        else:
            lines.append(f"  # {q.text_for(session)}\n  {q.id}:")
    return lines


def screen_template(cat: Any, short: bool = False) -> str:
    if short:
        lines = ["# The short safety screen asked before every session (the 'screen' part of 'supple log').", "screen:"]
        lines += _question_lines([q for q in cat.safety.questions if q.every_session], True)
        return "\n".join(lines) + "\n"
    lines = [
        "# Supple safety screen. Answer every question yes or no, then:",
        "#   supple screen --answers THIS_FILE",
        "# The questions ask about NEW or WORSE symptoms in the past "
        f"{cat.safety.windows.full_weeks} weeks. Follow-ups need an answer only after a yes to their question.",
        "red_flags:",
    ]
    lines += _question_lines(cat.safety.questions, False)
    lines.append("conditions:  # health conditions that change which exercises are offered")
    lines += [f"  # {q.text}\n  {q.id.value}:" for q in cat.safety.condition_questions]
    lines.append("yellow_flags:  # how you feel about your back (never stops the program)")
    lines += [f"  # {q.text}\n  {q.id}:" for q in cat.yellow_flags.questions]
    return "\n".join(lines) + "\n"


def ask_screen(app: Any, profile: str | None = None) -> dict[str, Any]:
    from supple.cli.prompts import ask_red_flags, yes_no
    from supple.domain.screening import ScreenKind, known_notes
    from supple.services.screening import known_symptoms, profile_sex, red_flag_questions

    cat = app.catalogue
    name = app.settings.profile if profile is None else profile
    asked = red_flag_questions(app, ScreenKind.FULL, profile_sex(app, name))
    click.echo("Safety questions. Please answer honestly; they decide whether exercise is safe for you now.")
    click.echo(
        f"They ask about what is NEW or WORSE in the past {cat.safety.windows.full_weeks} weeks. "
        "If you are not sure, answer yes.\n"
    )
    red = ask_red_flags(asked, cat.safety, notes=known_notes(asked, known_symptoms(app, name)))
    if len(red) < len(asked):  # stopped early: that answer decides it
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
    data = read_answers(answers) if answers else ask_screen(app, state.profile)
    outcome = run_full_screen(app, state.profile, data)
    print_screen(outcome)
    if outcome.blocks:
        click.echo(
            "This has been saved, and the exercises are locked until a clinician has cleared you "
            "(then: supple profile clear --clinician NAME --seen-on YYYY-MM-DD).",
            err=True,
        )
        raise SystemExit(EXIT_SAFETY)
    from supple.cli.commands.home import COMMANDS_FOR
    from supple.services.home import next_step

    click.echo(f"Next: {COMMANDS_FOR[next_step(app, state.profile or app.settings.profile).step]}")


COMMANDS = [screen]
