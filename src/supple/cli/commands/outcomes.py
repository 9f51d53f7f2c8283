"""`supple baseline` (pain and activities), `supple score` (clinician questionnaires), `supple learn`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from supple.cli.state import CliState, friendly, pass_state, read_answers


def ask_baseline() -> dict[str, Any]:
    from supple.cli.prompts import score

    click.echo("Pain, from 0 (no pain) to 10 (worst pain imaginable):")
    pain = {
        "now": score("Right now"),
        "average_24h": score("On average over the last 24 hours"),
        "worst_24h": score("At its worst in the last 24 hours"),
    }
    click.echo("\nName up to 5 activities your back makes hard (Enter on an empty line to finish).")
    click.echo("Rate each from 0 (cannot do it) to 10 (can do it as well as before the problem).")
    activities: dict[str, int] = {}
    while len(activities) < 5:
        name: str = click.prompt(f"Activity {len(activities) + 1}", default="", show_default=False)
        if not name.strip():
            break
        activities[name.strip()] = score(f"  How well can you do '{name.strip()}'")
    return {"pain": pain, "activities": activities}


@click.command()
@click.option("--answers", type=click.Path(dir_okay=False, path_type=Path), help="YAML/JSON file with the answers.")
@pass_state
@friendly
def baseline(state: CliState, answers: Path | None) -> None:
    """Record your pain (now, 24-hour average, worst) and how hard your key activities are.

    The first time is your baseline; later entries are compared with it in 'supple progress'.

    \b
    Answers file:
      pain: {now: 4, average_24h: 5, worst_24h: 7}
      activities: {"Putting on socks": 4, "Gardening for 30 min": 3}
    """
    from supple.domain.formatting import plural
    from supple.services.outcomes import read_baseline, record_pain_and_function

    data = read_answers(answers) if answers else ask_baseline()
    rec = record_pain_and_function(state.app, state.profile, read_baseline(state.app, data))
    click.echo(
        f"Saved as your {rec.context}: pain now {rec.now}, 24-hour average {rec.average_24h}, "
        f"worst {rec.worst_24h}; {plural(len(rec.activities), 'activity', 'activities')} rated."
    )
    if rec.context == "baseline":
        click.echo("Next: supple assess --template  (or just: supple assess)")


@click.command("score")
@click.argument("instrument", type=click.Choice(["start-back", "odi", "rmdq"]))
@click.argument("answers", nargs=-1, required=True)
@pass_state
@friendly
def score_cmd(state: CliState, instrument: str, answers: tuple[str, ...]) -> None:
    """Score a questionnaire from the answers a clinician has collected (no item text is shipped).

    \b
    start-back: 9 numbers; items 1-8 as 0/1 (disagree/agree), item 9 as 1-5.
    odi:        10 section scores 0-5; '-' for a skipped section.
    rmdq:       24 numbers 0/1 (1 = statement ticked).
    """
    from supple.errors import InvalidInput
    from supple.problems import Code, Problem
    from supple.services.outcomes import record_questionnaire

    values: list[int | None] = []
    problems = []
    for i, raw in enumerate(answers):
        if raw == "-":
            values.append(None)
            continue
        try:
            values.append(int(raw))
        except ValueError:
            values.append(None)
            problems.append(Problem.of(("answers", i), Code.NOT_A_WHOLE_NUMBER, raw))
    if problems:  # every answer that is not a number, in one round
        raise InvalidInput(problems)
    from supple.services.inputs import QuestionnaireIn, parse

    result = record_questionnaire(
        state.app,
        state.profile,
        parse(QuestionnaireIn, {"instrument": instrument.replace("-", "_"), "answers": values}),
    )
    detail = ", ".join(f"{k} {v:g}" for k, v in result.detail.items())
    click.echo(f"{instrument}: {result.total:g} — {result.category} ({detail})")


@click.command()
@click.argument("topic", required=False)
@pass_state
@friendly
def learn(state: CliState, topic: str | None) -> None:
    """Read short explanations: program, thoracic, ankle, hip, pain-during-exercise, not-a-diagnosis."""
    from supple.domain.education import lesson
    from supple.errors import InvalidInput
    from supple.problems import Limits, Problem

    cat = state.app.catalogue
    if topic is None:
        for text in cat.education.values():
            click.echo(f"{text.id:24} {text.title}")
        return
    if topic not in cat.education:
        raise InvalidInput(
            [Problem.saying("topic", f"'{topic}' is not a topic", limits=Limits(text=", ".join(cat.education)))]
        )
    from supple.services.screening import has_yellow_flags

    item = lesson(cat.education[topic], yellow_flags=has_yellow_flags(state.app, state.profile))
    click.echo(click.style(item.title, bold=True))
    for para in item.paragraphs:
        click.echo("\n" + click.wrap_text(para, 88))


COMMANDS = [baseline, score_cmd, learn]
