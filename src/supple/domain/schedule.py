"""Which weekdays a routine of N days a week falls on: spread out, so rest days come between."""

from __future__ import annotations

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Spread evenly through the week; five days keep the weekend free, six rest on Sunday.
_PATTERNS: dict[int, tuple[int, ...]] = {
    1: (2,),
    2: (1, 4),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def session_weekdays(days_per_week: int) -> tuple[int, ...]:
    """Weekday numbers (Monday = 0) for a routine done ``days_per_week`` days a week (1 to 7)."""
    if days_per_week not in _PATTERNS:
        raise ValueError(f"days_per_week must be 1 to 7, not {days_per_week}")
    return _PATTERNS[days_per_week]


def byday(days_per_week: int) -> list[str]:
    """The same days as iCalendar BYDAY codes, e.g. ['MO', 'WE', 'FR']."""
    return [WEEKDAYS[d] for d in session_weekdays(days_per_week)]
