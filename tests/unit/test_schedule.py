"""Which weekdays a routine of N days a week falls on."""

from __future__ import annotations

import pytest

from supple.domain.schedule import byday, session_weekdays


@pytest.mark.parametrize("days", range(1, 8))
def test_there_are_as_many_session_days_as_planned_and_each_once(days: int) -> None:
    weekdays = session_weekdays(days)
    assert len(set(weekdays)) == days
    assert all(0 <= d <= 6 for d in weekdays)


@pytest.mark.parametrize("days", range(2, 6))
def test_up_to_five_days_leave_the_weekend_free(days: int) -> None:
    assert max(session_weekdays(days)) <= 4


def test_three_days_a_week_fall_on_monday_wednesday_friday() -> None:
    assert byday(3) == ["MO", "WE", "FR"]


@pytest.mark.parametrize("days", [0, 8])
def test_an_impossible_number_of_days_is_refused(days: int) -> None:
    with pytest.raises(ValueError, match="1 to 7"):
        session_weekdays(days)
