"""The planner with a clinician's input (clinic mode), pure: an assigned routine replaces the planner's,
a clinician's changes reach only the exercises they name, and the person's settings still win."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from supple.catalogue.loader import default_catalogue
from supple.catalogue.schema import DoseKind
from supple.domain.chosen import CHANGED_NOTE, CHOSEN_PLAIN, Chosen, ChosenItem, Override
from supple.domain.plan_types import Constraints, PlanInput
from supple.domain.planner import Planner
from supple.domain.progression import ExerciseState, Move, Signal, apply_signal, awaiting_clinician

CAT = default_catalogue()
NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday
BASE = PlanInput(assessment=None, constraints=Constraints(minutes=20), now=NOW)


def _ids(inp: PlanInput) -> list[str]:
    return [i.exercise_id for i in Planner(CAT).plan(inp).items]


def test_an_assigned_routine_replaces_the_planners_with_its_own_doses_and_plain_reason() -> None:
    hold = next(e for e in CAT.exercises.values() if e.dosage.kind is DoseKind.HOLD and not e.needs_floor)
    chosen = Chosen("Desk workers", "Kim", (ChosenItem(hold.id, 3, hold_s=45),))
    routine = Planner(CAT).plan(replace(BASE, chosen=chosen))
    (item,) = routine.items
    assert (item.exercise_id, item.dose.sets, item.dose.hold_s) == (hold.id, 3, 45)
    assert item.plain == CHOSEN_PLAIN
    assert "Kim" in item.reason
    assert routine.total_seconds == item.seconds


def test_a_chosen_or_swapped_in_floor_exercise_gives_way_to_no_floor() -> None:
    floor = next(e for e in CAT.exercises.values() if e.needs_floor)
    amount = {"hold_s": 30} if floor.dosage.kind is DoseKind.HOLD else {"reps": 8}
    chosen = Chosen("Floor", "Kim", (ChosenItem(floor.id, 1, **amount),))
    no_floor = replace(BASE, constraints=Constraints(minutes=20, no_floor=True))
    assert _ids(replace(no_floor, chosen=chosen)) == []
    assert any(floor.name in n for n in Planner(CAT).plan(replace(no_floor, chosen=chosen)).notes)
    first = _ids(no_floor)[0]
    swapped = _ids(replace(no_floor, overrides=(Override(first, "swap", floor.id),)))
    assert floor.id not in swapped


def test_a_changed_dose_touches_only_its_exercise_and_says_so() -> None:
    plain = Planner(CAT).plan(BASE)
    target = plain.items[0]
    ex = CAT.exercises[target.exercise_id]
    hold = ex.dosage.kind is DoseKind.HOLD
    dose = Override(ex.id, "dose", sets=1, reps=None if hold else 5, hold_s=15 if hold else None)
    changed = Planner(CAT).plan(replace(BASE, overrides=(dose,)))
    item = next(i for i in changed.items if i.exercise_id == ex.id)
    assert item.dose.sets == 1
    assert CHANGED_NOTE in item.notes
    assert all(CHANGED_NOTE not in i.notes for i in changed.items if i.exercise_id != ex.id)


def test_an_exercise_left_out_is_not_offered_and_another_takes_its_place() -> None:
    first = _ids(BASE)[0]
    without = _ids(replace(BASE, overrides=(Override(first, "remove"),)))
    assert first not in without
    assert without


def test_a_held_step_up_keeps_the_amount_and_tells_the_person() -> None:
    ex = next(e for e in CAT.exercises.values() if e.dosage.kind is DoseKind.HOLD)
    state = ExerciseState(ex.id, ex.id, level=0, greens=CAT.progression.progress_after_green - 1)
    earned = apply_signal(state, Signal.GREEN, yellow_flags=False, now=NOW, catalogue=CAT)
    assert earned.move is Move.PROGRESS
    held = awaiting_clinician(state, ex.name)
    assert held.move is Move.HOLD
    assert (held.state.variant_id, held.state.level, held.state.greens) == (ex.id, 0, 0)
    assert "your clinician will look at it" in held.explanation
