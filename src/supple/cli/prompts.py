"""Questions asked at the terminal when no answers file is given.

A typed answer that cannot be used is refused in the app's own words, naming the question, what is
allowed and its unit (the same words as an option's or an answers file's problem), and asked again;
click's own refusals ("'eleven' is not a valid integer range") never reach the person."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from supple.problems import Code, Limits, Problem, with_allowed

if TYPE_CHECKING:
    from supple.catalogue.rules import Question, SafetyRules

YES_NO = Limits(text="y for yes, n for no")
_YES, _NO = {"y", "yes"}, {"n", "no"}


def refusal(field: str, problem: Problem) -> str:
    """One line for a refused answer: '  Right now: 11 is too high. Allowed: 0 to 10 points.'"""
    return f"  {with_allowed(f'{field.strip()}: {problem.message}', problem.allowed)}"


def yes_no(text: str) -> bool:
    while True:
        raw: str = click.prompt(text, default="", show_default=False, prompt_suffix=" [y/n] ")
        answer = raw.strip().lower()
        if answer in _YES | _NO:
            return answer in _YES
        problem = Problem.of(("answer",), Code.NOT_YES_OR_NO, raw.strip() or None, YES_NO)
        click.echo(refusal("Your answer", problem))


def choice(text: str, choices: list[str]) -> str:
    """One of ``choices``, typed; nothing is chosen for the person."""
    limits = Limits(allowed=tuple(choices))
    while True:
        raw: str = click.prompt(f"{text} ({', '.join(choices)})", default="", show_default=False)
        if raw.strip().lower() in choices:
            return raw.strip().lower()
        code = Code.NOT_A_CHOICE if raw.strip() else Code.REQUIRED
        click.echo(refusal(text, Problem.of(("choice",), code, raw.strip() or None, limits)))


def read_score(raw: str, limits: Limits) -> int | Problem:
    """A typed score as a whole number inside ``limits``, or the problem with it."""
    text = raw.strip()
    if not text:
        return Problem.of(("score",), Code.REQUIRED, None, limits)
    try:
        value = int(text)
    except ValueError:
        return Problem.of(("score",), Code.NOT_A_WHOLE_NUMBER, text, limits)
    if limits.min is not None and value < limits.min:
        return Problem.of(("score",), Code.TOO_LOW, value, limits)
    if limits.max is not None and value > limits.max:
        return Problem.of(("score",), Code.TOO_HIGH, value, limits)
    return value


def score(text: str, low: int = 0, high: int = 10, unit: str = "points") -> int:
    limits = Limits(low, high, unit)
    while True:
        raw: str = click.prompt(f"{text} ({low}-{high})", default="", show_default=False)
        value = read_score(raw, limits)
        if not isinstance(value, Problem):
            return value
        click.echo(refusal(text, value))


def number(text: str, low: float, high: float, unit: str) -> float | None:
    """A value in range, or None when the person presses Enter to skip."""
    limits = Limits(low, high, unit)
    while True:
        raw: str = click.prompt(f"{text} [{low:g} to {high:g} {unit}, Enter to skip]", default="", show_default=False)
        if not raw.strip():
            return None
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            click.echo(refusal(text, Problem.of(("value",), Code.NOT_A_NUMBER, raw.strip(), limits)))
            continue
        if low <= value <= high:
            return value
        problem = Problem.of(("value",), Code.OUT_OF_RANGE, value, limits)
        click.echo(f"{refusal(text, problem)} Please measure again or press Enter to skip.")


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
