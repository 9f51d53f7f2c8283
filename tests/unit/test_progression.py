"""The pain-guided traffic light (clinical-reference §7.4) and what it does to the routine."""

from __future__ import annotations

from datetime import datetime

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.domain.dosing import dose_at
from supple.domain.progression import (
    ExerciseState,
    Move,
    Signal,
    apply_signal,
    exercise_signal,
    session_signal,
    should_pause,
    usual_pain,
)

NOW = datetime(2026, 3, 2, 8, 0)


@pytest.mark.parametrize(
    ("before", "during", "usual", "morning", "nerve", "expected"),
    [
        (2, 3, 2, 2, False, Signal.GREEN),  # <= 3 during, rise 1, morning at usual
        (2, 4, 2, 2, False, Signal.AMBER),  # 4-5 during
        (2, 5, 2, 2, False, Signal.AMBER),
        (2, 6, 2, 2, False, Signal.RED),  # > 5 during
        (1, 3, 1, 1, False, Signal.AMBER),  # rose 2 points but settled
        (2, 3, 2, 4, False, Signal.RED),  # next morning 2 above usual
        (2, 3, 2, 3, False, Signal.AMBER),  # next morning 1 above usual: not green
        (2, 1, 2, None, False, Signal.AMBER),  # no check-in yet: cannot be green
        (2, 1, 2, 1, True, Signal.RED),  # any nerve symptom
    ],
)
def test_traffic_light(
    catalogue: Catalogue, before: float, during: int, usual: int, morning: int, nerve: bool, expected: Signal
) -> None:
    rule = catalogue.progression.traffic_light
    got = exercise_signal(
        pain_before=before, pain_during=during, usual=usual, next_morning=morning, nerve_symptoms=nerve, rule=rule
    )
    assert got is expected


def test_usual_pain_is_the_mean_of_the_last_three_pre_session_ratings(catalogue: Catalogue) -> None:
    assert usual_pain([9, 2, 3, 4], catalogue.progression.traffic_light) == 3.0
    assert usual_pain([], catalogue.progression.traffic_light) is None


def test_a_session_is_as_bad_as_its_worst_exercise() -> None:
    assert session_signal([Signal.GREEN, Signal.RED, Signal.AMBER]) is Signal.RED
    assert session_signal([]) is Signal.GREEN


def test_two_green_sessions_step_a_stretch_up_by_fifteen_seconds(catalogue: Catalogue) -> None:
    state = ExerciseState("bent-knee-calf-stretch", "bent-knee-calf-stretch")
    first = apply_signal(state, Signal.GREEN, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert first.move is Move.HOLD
    second = apply_signal(first.state, Signal.GREEN, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert second.move is Move.PROGRESS
    assert second.state.level == 1
    dose, _, _ = dose_at(catalogue.exercises["bent-knee-calf-stretch"].dosage, catalogue.progression.steps, 1)
    assert dose.hold_s == 45
    assert "45 s" in second.explanation


def test_yellow_flags_need_three_green_sessions(catalogue: Catalogue) -> None:
    state = ExerciseState("bent-knee-calf-stretch", "bent-knee-calf-stretch")
    for _ in range(2):
        state = apply_signal(state, Signal.GREEN, yellow_flags=True, now=NOW, catalogue=catalogue).state
    assert state.level == 0
    third = apply_signal(state, Signal.GREEN, yellow_flags=True, now=NOW, catalogue=catalogue)
    assert (third.move, third.state.level) == (Move.PROGRESS, 1)


def test_amber_holds_and_resets_the_green_count(catalogue: Catalogue) -> None:
    state = ExerciseState("bent-knee-calf-stretch", "bent-knee-calf-stretch", greens=1)
    change = apply_signal(state, Signal.AMBER, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert (change.move, change.state.greens, change.state.level) == (Move.HOLD, 0, 0)


def test_red_steps_back_then_switches_to_the_easier_variant(catalogue: Catalogue) -> None:
    state = ExerciseState("couch-stretch", "couch-stretch")
    change = apply_signal(state, Signal.RED, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert (change.move, change.state.level) == (Move.REGRESS, -1)
    while change.state.variant_id == "couch-stretch":
        change = apply_signal(change.state, Signal.RED, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert change.state.variant_id == catalogue.exercises["couch-stretch"].regression
    assert "easier" in change.explanation


def test_red_at_the_easiest_level_without_a_regression_rests_the_exercise_for_48_hours(catalogue: Catalogue) -> None:
    ex = next(e for e in catalogue.exercises.values() if e.regression is None)
    state = ExerciseState(ex.id, ex.id, level=-20)
    change = apply_signal(state, Signal.RED, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert change.move is Move.REST
    assert change.state.rest_until is not None
    assert (change.state.rest_until - NOW).total_seconds() == 48 * 3600


def test_green_at_the_top_dose_moves_on_to_the_harder_variant(catalogue: Catalogue) -> None:
    ex = catalogue.exercises["half-kneeling-hip-flexor-stretch"]
    state = ExerciseState(ex.id, ex.id, level=50, greens=1)
    change = apply_signal(state, Signal.GREEN, yellow_flags=False, now=NOW, catalogue=catalogue)
    assert change.state.variant_id == ex.progression


def test_two_red_sessions_in_a_row_or_any_nerve_symptom_pause_the_program() -> None:
    assert should_pause([Signal.GREEN, Signal.RED, Signal.RED], False, 2)
    assert should_pause([Signal.RED, Signal.AMBER, Signal.RED], False, 2) is None
    assert should_pause([Signal.GREEN], True, 2)
