"""What the session-done screen counts: minutes this week and weeks in a row with practice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class WeekStats:
    minutes_this_week: int
    sessions_this_week: int
    weeks_in_a_row: int  # weeks with at least one session, up to and including this one


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_stats(sessions: Iterable[tuple[date, int]], today: date) -> WeekStats:
    """``sessions``: (day, seconds of exercise done) for each logged session. Weeks start on Monday."""
    this_week = _monday(today)
    seconds = 0
    count = 0
    weeks: set[date] = set()
    for day, secs in sessions:
        if day > today:
            continue
        weeks.add(_monday(day))
        if day >= this_week:
            seconds += secs
            count += 1
    streak = 0
    week = this_week
    while week in weeks:
        streak += 1
        week -= timedelta(days=7)
    return WeekStats(round(seconds / 60), count, streak)
