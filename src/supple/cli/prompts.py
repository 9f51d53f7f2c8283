"""Questions asked at the terminal when no answers file is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from supple.catalogue.rules import Question, SafetyRules


def yes_no(text: str) -> bool:
    return click.confirm(text, default=None, prompt_suffix=" [y/n] ", show_default=False)


def score(text: str, low: int = 0, high: int = 10) -> int:
    value: int = click.prompt(f"{text} ({low}-{high})", type=click.IntRange(low, high))
    return value


def number(text: str, low: float, high: float, unit: str) -> float | None:
    """A value in range, or None when the person presses Enter to skip."""
    while True:
        raw: str = click.prompt(f"{text} [{low:g} to {high:g} {unit}, Enter to skip]", default="", show_default=False)
        if not raw.strip():
            return None
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            click.echo(f"  Please type a number from {low:g} to {high:g} {unit}.")
            continue
        if low <= value <= high:
            return value
        click.echo(f"  {value:g} is outside {low:g} to {high:g} {unit}. Please measure again or skip.")


def ask_red_flags(
    questions: list[Question],
    rules: SafetyRules,
    age: int | None = None,
    *,
    session: bool = False,
    notes: dict[str, list[str]] | None = None,
) -> dict[str, bool]:
    """Ask yes/no questions one by one, stopping at once when an answer means the program must stop:
    someone who needs emergency care should not have to answer twelve more questions first."""
    from supple.domain.screening import ScreenKind, evaluate

    answers: dict[str, bool] = {}
    for q in questions:
        if q.follows is not None and not answers.get(q.follows, False):
            answers[q.id] = False  # "If so: ..." after a "no" is not asked
            continue
        for note in (notes or {}).get(q.id, []):
            click.echo(f"  ({note})")
        answers[q.id] = yes_no(("  " if q.follows else "") + q.text_for(session))
        if answers[q.id] and evaluate(ScreenKind.FULL, answers, rules, age=age).blocks:
            break
    return answers
