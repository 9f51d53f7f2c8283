"""How numbers are written for people: one place, so every door says them the same way."""

from __future__ import annotations

from datetime import date

from supple.catalogue.schema import Unit
from supple.numbers import exact, plain


def number(value: float, unit: Unit) -> str:
    """A value with its unit, rounded for reading (``supple.numbers.plain``): '6.5 cm', '12 cm', '42°', 'pass'."""
    if unit is Unit.PASS_FAIL:
        return "pass" if value >= 0.5 else "fail"
    return plain(value, unit.label)


def exact_number(value: float, unit: Unit) -> str:
    """A value with its unit as measured, for the details for clinicians: '6.25 cm', '42.5°'."""
    if unit is Unit.PASS_FAIL:
        return "pass" if value >= 0.5 else "fail"
    return exact(value, unit.label)


def signed(value: float, unit: Unit) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + number(abs(value), unit)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 day', '2 days', '0 minutes'; ``many`` for a word whose plural is not word + 's'."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def every(n: int, word: str, many: str | None = None) -> str:
    """All of a number of things: 'the exercise', 'both exercises', 'all 3 exercises'."""
    if n == 1:
        return f"the {word}"
    return f"both {many or word + 's'}" if n == 2 else f"all {plural(n, word, many)}"


def days_a_week(n: float) -> str:
    """'1 day a week', '2.5 days a week'."""
    return f"{n:g} day a week" if n == 1 else f"{n:g} days a week"


def long_day(d: date) -> str:
    """A date as people write it: 3 Mar 2026."""
    return f"{d.day} {d.strftime('%b %Y')}"


def adherence_sentence(sessions: int, days_with_session: int, weeks: int, per_week: float, planned: float) -> str:
    """How many sessions over how long, against the plan: one sentence for the page, the report and the CLI."""
    if sessions == 0:
        return f"No sessions yet. Your plan is {days_a_week(planned)}."
    if weeks <= 1:  # a first week is too short to judge how often sessions happen
        return (
            f"{plural(sessions, 'session')} so far, in your first week. It is too early to tell how this fits "
            f"your plan of {days_a_week(planned)}: that shows after your first full week."
        )

    return (
        f"{plural(sessions, 'session')} on {plural(days_with_session, 'day')} over {plural(weeks, 'week')}: "
        f"about {days_a_week(per_week)}, against a plan of {days_a_week(planned)}."
    )
