"""The timed phases of a session come from one place: the domain. The terminal player and the page
(which gets them as JSON) play the same list, zero-second phases left out by both."""

from __future__ import annotations

from datetime import date

from supple.catalogue.schema import DoseKind, Region, Sides
from supple.cli.player import phases as terminal_phases
from supple.domain.dosing import GET_READY_S, Dose
from supple.domain.encouragement import week_stats
from supple.domain.plan_types import RoutineItem
from supple.domain.session_phases import Moment, PhaseKind, session_phases


def _item(dose: Dose) -> RoutineItem:
    return RoutineItem("slot", "ex", Region.HIP, "hip", dose, 60, "why")


HOLD_NO_REST = Dose(DoseKind.HOLD, sets=2, sides=Sides.EACH, rest_s=0, hold_s=30)
REPS_WITH_REST = Dose(DoseKind.REPS, sets=2, sides=Sides.BOTH, rest_s=15, reps=3, rep_s=4)


def test_a_zero_second_rest_is_left_out_for_the_terminal_and_the_page_alike() -> None:
    terminal = terminal_phases(_item(HOLD_NO_REST))
    page = [p.as_json() for p in session_phases([HOLD_NO_REST])]
    assert [p.kind for p in terminal] == [PhaseKind.READY, PhaseKind.HOLD, PhaseKind.HOLD] * 2
    assert [(p["kind"], p["label"], p["seconds"], p["side"], p["set_no"]) for p in page] == [
        (p.kind.value, p.label, p.seconds, p.side, p.set_no) for p in terminal
    ]
    assert all(p["seconds"] > 0 for p in page)


def test_reps_are_paced_one_phase_per_rep_with_a_rest_between_sets_and_a_bell_on_the_last_rep() -> None:
    phases = session_phases([REPS_WITH_REST])
    assert [p.label for p in phases] == [
        "Get ready",
        "Rep 1 of 3",
        "Rep 2 of 3",
        "Rep 3 of 3",
        "Rest",
        "Rep 1 of 3",
        "Rep 2 of 3",
        "Rep 3 of 3",
    ]
    assert [p.seconds for p in phases] == [GET_READY_S, 4, 4, 4, 15, 4, 4, 4]
    assert [p.bell for p in phases] == [False, False, False, True, False, False, False, True]
    assert {p.side for p in phases} == {None}


def test_each_get_ready_says_whether_it_starts_the_session_switches_sides_or_starts_the_next_exercise() -> None:
    phases = session_phases([HOLD_NO_REST, REPS_WITH_REST])
    readies = [(p.item, p.side, p.moment) for p in phases if p.kind is PhaseKind.READY]
    assert readies == [
        (0, "left", Moment.START),
        (0, "right", Moment.SWITCH_SIDES),
        (1, None, Moment.NEXT_EXERCISE),
    ]
    assert all(p.moment is None for p in phases if p.kind is not PhaseKind.READY)


def test_the_session_done_screen_counts_minutes_this_week_and_weeks_in_a_row() -> None:
    today = date(2026, 12, 4)  # a Friday; the week began on Monday 30 November
    sessions = [
        (date(2026, 11, 16), 600),  # two weeks ago
        (date(2026, 11, 25), 600),  # last week
        (date(2026, 11, 30), 540),  # this week
        (date(2026, 12, 4), 660),
    ]
    stats = week_stats(sessions, today)
    assert (stats.minutes_this_week, stats.sessions_this_week, stats.weeks_in_a_row) == (20, 2, 3)
    assert week_stats([(date(2026, 11, 16), 600)], today).weeks_in_a_row == 0  # a gap breaks the run
    assert week_stats([], today).minutes_this_week == 0
