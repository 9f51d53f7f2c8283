"""Strength work in the routine (issue 16 §2): which session days carry it and why each item is there. Pure.

Strength goes on 2-3 of the person's session days, never on two days in a row (also not Sunday then
Monday), spread as evenly as the days allow. The exercises are the planner's strength slots in order;
the floor-free and harder versions come from the catalogue links as for every other exercise.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supple.catalogue.rules import StrengthRules

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# What each strength target helps with, in plain words (our own).
_HELPS = {
    "hip-extensors": "standing up, climbing stairs and lifting",
    "trunk-control": "keeping your back steady while your arms and legs move",
    "leg-strength": "getting up from a chair and going up stairs",
    "trunk-side": "carrying a bag in one hand and turning",
    "calf-strength": "walking further and climbing stairs",
}


def consecutive(a: int, b: int) -> bool:
    """Two weekdays (Monday = 0) next to each other, Sunday and Monday included."""
    return (a - b) % 7 in (1, 6)


def _gaps(days: Sequence[int]) -> list[int]:
    ordered = sorted(days)
    return [(ordered[(i + 1) % len(ordered)] - d) % 7 or 7 for i, d in enumerate(ordered)]


def strength_weekdays(session_days: Sequence[int], rules: StrengthRules) -> tuple[int, ...]:
    """The session days that carry strength work: as many as allowed (at most ``rules.days_per_week.max``)
    with no two in a row, spread as evenly as possible; ties go to the earliest days. A single session day
    a week carries strength on that day (below the guideline; the planner says so)."""
    days = sorted(set(session_days))
    for size in range(min(rules.days_per_week.max, len(days)), 0, -1):
        spaced = [c for c in combinations(days, size) if all(not consecutive(a, b) for a, b in combinations(c, 2))]
        if spaced:
            return min(spaced, key=lambda c: (-min(_gaps(c)), c))
    return ()


def day_list(days: Sequence[int]) -> str:
    names = [DAY_NAMES[d] for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def strength_reason(area: str, days: Sequence[int]) -> str:
    """Why a strength item is in the routine, with the evidence named (the 'details' reason)."""
    return (
        f"Strength for your {area} on {len(days)} day{'s' if len(days) != 1 else ''} a week ({day_list(days)}), "
        "never two days in a row: guidelines for long-lasting back pain recommend strengthening and general "
        "exercise, and in studies resistance exercise helped function more than stretching alone."
    )


def strength_plain(target: str, area: str, days: Sequence[int]) -> str:
    """The same reason in plain words, without numbers."""
    helps = _HELPS.get(target, "everyday jobs")
    return (
        f"Strength in your {area} helps with {helps}. For a back that hurts for a long time, this kind of work "
        f"is one of the best tested. You do it on {day_list(days)}, with rest days between."
    )


def below_guideline_note(days: Sequence[int], rules: StrengthRules) -> str | None:
    """A note when the person's session days leave room for fewer strength days than the guidelines."""
    if 0 < len(days) < rules.days_per_week.min:
        return (
            f"Strength work is on {day_list(days)} only: with your days a week there is no second day that is not "
            f"next to it. {rules.days_per_week.min} days a week is what guidelines suggest; more session days "
            "in your settings would make room for it."
        )
    return None


def strength_line(names: Sequence[str], days: Sequence[int], today: bool) -> str:
    """One line for the routine card, the CLI and the report: which days carry strength work and what it is."""
    if not days or not names:
        return ""
    what = ", ".join(names)
    if today:
        return f"Today is a strength day ({day_list(days)}): {what} come after the mobility work."
    return f"Strength work is on {day_list(days)}: {what}. It is not part of today's session."
