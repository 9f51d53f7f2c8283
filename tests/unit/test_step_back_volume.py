"""A step back never raises the dose (clinical-reference §7.4: red → previous variant, smaller range,
shorter hold, or rest): the volume (sets × hold seconds, or sets × reps) after a red signal is never
more than before, whatever the exercise, its level and its variant."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import DoseKind, Sides
from supple.domain.dosing import Dose, dose_at
from supple.domain.progression import ExerciseState, Move, Signal, apply_signal
from supple.domain.progression import volume as rule_volume
from tests.factories import shared_catalogue

CAT = shared_catalogue()
NOW = datetime(2026, 3, 2, 8, 0)


def volume(dose: Dose) -> int:
    """What a step back must never raise: sets × hold seconds (holds) or sets × reps (drills), per side."""
    return dose.sets * ((dose.hold_s or 0) if dose.kind is DoseKind.HOLD else (dose.reps or 0))


def _dose(cat: Catalogue, state: ExerciseState) -> Dose:
    ex = cat.exercises[state.variant_id]
    return dose_at(ex.dosage, cat.progression.steps_for(ex.kind), state.level)[0]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(CAT.exercises)),
    st.integers(-12, 12),
    st.booleans(),
    st.booleans(),
)
def test_a_red_signal_never_raises_sets_times_reps_or_hold_time(
    exercise_id: str, level: int, nerve: bool, yellow: bool
) -> None:
    before = ExerciseState(exercise_id, exercise_id, level=level, greens=1)
    change = apply_signal(before, Signal.RED, yellow_flags=yellow, now=NOW, catalogue=CAT, nerve=nerve)
    assert change.move in (Move.REGRESS, Move.REST)
    old, new = _dose(CAT, before), _dose(CAT, change.state)
    if change.move is Move.REST:
        assert change.state.rest_until is not None
        assert new == old
        return
    if new.kind is old.kind:
        assert volume(new) <= volume(old), (exercise_id, level, old.label(), new.label())
    assert new.work_seconds() <= old.work_seconds(), (exercise_id, level, old.label(), new.label())


def test_the_rules_volume_is_sets_times_hold_or_reps() -> None:
    hold = Dose(DoseKind.HOLD, sets=3, sides=Sides.EACH, rest_s=10, hold_s=30)
    reps = Dose(DoseKind.REPS, sets=2, sides=Sides.EACH, rest_s=10, reps=12)
    assert (rule_volume(hold), rule_volume(reps)) == (90, 24) == (volume(hold), volume(reps))


def test_the_frog_stretch_at_its_easiest_does_not_switch_to_a_bigger_dose() -> None:
    # Found by the property above: 1 x 15 s became 2 x 10 slow reps each side of the easier version.
    ex = CAT.exercises["frog-stretch"]
    bottom = -10
    before = ExerciseState(ex.id, ex.id, level=bottom)
    change = apply_signal(before, Signal.RED, yellow_flags=False, now=NOW, catalogue=CAT)
    assert _dose(CAT, change.state).work_seconds() <= _dose(CAT, before).work_seconds()


def test_the_check_can_fail_a_step_up_raises_the_volume() -> None:
    ex = next(e for e in CAT.exercises.values() if e.dosage.kind is DoseKind.HOLD)
    steps = CAT.progression.steps_for(ex.kind)
    assert volume(dose_at(ex.dosage, steps, 1)[0]) > volume(dose_at(ex.dosage, steps, 0)[0])
