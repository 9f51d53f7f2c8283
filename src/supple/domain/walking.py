"""Graded walking (issue 16 §1): a daily target in minutes on some days a week, started below what the
person manages now and moved by the same traffic light as the exercises. Pure; numbers come in as
``WalkingRules`` (catalogue/data/rules/walking.yaml)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from supple.domain.formatting import days_a_week, plural


@dataclass(frozen=True)
class WalkingRules:
    fraction: float = 0.8
    min_minutes: int = 5
    max_minutes: int = 60
    min_days: int = 3
    greens_to_progress: int = 2
    step_fraction: float = 0.1
    min_step_minutes: int = 2
    step_back_fraction: float = 0.2
    goal_minutes: int = 30
    goal_days: int = 5


@dataclass(frozen=True)
class Target:
    minutes: int
    days_per_week: int

    @property
    def weekly(self) -> int:
        return self.minutes * self.days_per_week


@dataclass(frozen=True)
class Move:
    target: Target
    move: str  # progress | hold | step-back
    explanation: str


def start(manages_minutes: int, manages_days: int, rules: WalkingRules) -> Target:
    """The first target: a little below what the person manages now, within the limits."""
    minutes = max(rules.min_minutes, min(rules.max_minutes, math.floor(manages_minutes * rules.fraction)))
    days = max(rules.min_days, min(7, manages_days))
    return Target(minutes, days)


def goal_activity(activities: Sequence[str]) -> str | None:
    """The person's own hard activity that walking builds towards: one that mentions walking, else the first."""
    for a in activities:
        if "walk" in a.lower():
            return a
    return activities[0] if activities else None


def _greens_in_a_row(signals: Sequence[str]) -> int:
    n = 0
    for sig in reversed(signals):
        if sig != "green":
            break
        n += 1
    return n


def follow(target: Target, signals_since_change: Sequence[str], rules: WalkingRules) -> Move:
    """Move the target after a settled session: red steps back, amber holds, green progresses after
    ``greens_to_progress`` greens in a row since the last change."""
    if not signals_since_change:
        return Move(target, "hold", "No settled session yet: the walking target stays.")
    last = signals_since_change[-1]
    if last == "red":
        minutes = max(rules.min_minutes, math.floor(target.minutes * (1 - rules.step_back_fraction)))
        return Move(replace(target, minutes=minutes), "step-back",
                    f"Walking steps back to {plural(minutes, 'minute')} a day while your back settles.")  # fmt: skip
    if last != "green" or _greens_in_a_row(signals_since_change) < rules.greens_to_progress:
        return Move(
            target,
            "hold",
            f"Walking stays at {plural(target.minutes, 'minute')} on {days_a_week(target.days_per_week)}.",
        )
    if target.minutes < rules.goal_minutes:
        step = max(rules.min_step_minutes, math.ceil(target.minutes * rules.step_fraction))
        minutes = min(rules.goal_minutes, target.minutes + step)
        new = replace(target, minutes=minutes)
    elif target.days_per_week < rules.goal_days:
        new = replace(target, days_per_week=target.days_per_week + 1)
    elif target.minutes < rules.max_minutes:
        step = max(rules.min_step_minutes, math.ceil(target.minutes * rules.step_fraction))
        new = replace(target, minutes=min(rules.max_minutes, target.minutes + step))
    else:
        return Move(target, "hold", f"Walking stays at {plural(target.minutes, 'minute')}: the most Supple suggests.")
    return Move(new, "progress",
                f"Walking goes up to {plural(new.minutes, 'minute')} on {days_a_week(new.days_per_week)}.")  # fmt: skip
