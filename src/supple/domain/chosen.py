"""A routine a clinician chose (clinic mode): exercises from the catalogue with their doses, copied
into the client's record when a clinic template is assigned. Pure: the stored copy is handed to the
planner as data (``PlanInput.chosen``) and this module turns it into today's routine.

Doses stay within the catalogue's dose ladder for the exercise's kind (``StepRule``: the fewest and
most sets, repetitions and seconds held), the same bounds the planner's own step-ups keep to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import StepRule
from supple.catalogue.schema import DoseKind, Exercise
from supple.domain.dosing import Dose, base_dose

CHOSEN_PLAIN = "Chosen by your clinician."
CHOSEN_NOTE = "Your clinician chose this routine for you. Message them if anything in it does not suit you."


@dataclass(frozen=True)
class ChosenItem:
    exercise_id: str
    sets: int
    reps: int | None = None  # for a 'reps' exercise
    hold_s: int | None = None  # for a 'hold' exercise


@dataclass(frozen=True)
class Chosen:
    """The stored copy of a routine a clinician assigned: what it was called and who chose it."""

    name: str
    chosen_by: str
    items: tuple[ChosenItem, ...]


@dataclass(frozen=True)
class DoseRange:
    """The doses a clinician may set for one exercise: (lowest, highest) of each, None when not used."""

    kind: DoseKind
    sets: tuple[int, int]
    reps: tuple[int, int] | None
    hold_s: tuple[int, int] | None


def dose_range(ex: Exercise, steps: StepRule) -> DoseRange:
    """The catalogue's bounds for this exercise's dose (its kind's step rule)."""
    sets = (steps.sets_min, steps.sets_max)
    if ex.dosage.kind is DoseKind.HOLD:
        return DoseRange(DoseKind.HOLD, sets, None, (steps.hold_min_s, steps.hold_max_s))
    return DoseRange(DoseKind.REPS, sets, (steps.reps_min, steps.reps_max), None)


def chosen_dose(ex: Exercise, item: ChosenItem) -> Dose:
    """The catalogue's dose of the exercise with the clinician's sets, repetitions or hold."""
    start = base_dose(ex.dosage)
    if start.kind is DoseKind.HOLD:
        return replace(start, sets=item.sets, hold_s=item.hold_s or start.hold_s)
    return replace(start, sets=item.sets, reps=item.reps or start.reps)


@dataclass(frozen=True)
class ChosenPart:
    exercise: Exercise
    dose: Dose
    reason: str  # for clinicians: who chose it, from which template, the dose


def chosen_parts(
    cat: Catalogue, chosen: Chosen, why_not: Callable[[Exercise], str | None]
) -> tuple[list[ChosenPart], list[str]]:
    """The exercises of a chosen routine that may be done today, and notes on any left out: a chosen
    exercise still gives way to the person's settings and what the safety questions found
    (``why_not``, the planner's own check)."""
    parts: list[ChosenPart] = []
    notes: list[str] = []
    for item in chosen.items:
        ex = cat.exercises.get(item.exercise_id)
        if ex is None:
            notes.append("One exercise your clinician chose is no longer in the library; ask them about it.")
            continue
        refused = why_not(ex)
        if refused is not None:
            notes.append(f"{ex.name} is left out, because {refused}. Your clinician will see this too.")
            continue
        dose = chosen_dose(ex, item)
        reason = f"Chosen by {chosen.chosen_by} (routine '{chosen.name}'): {dose.label()}."
        parts.append(ChosenPart(ex, dose, reason))
    return parts, notes


def chosen_from(name: str, chosen_by: str, items: list[dict[str, object]]) -> Chosen:
    """The stored copy (a JSON list of {exercise_id, sets, reps, hold_s}) as the planner's input."""

    def number(value: object) -> int | None:
        return value if isinstance(value, int) else None

    return Chosen(
        name,
        chosen_by,
        tuple(
            ChosenItem(
                str(i.get("exercise_id", "")),
                number(i.get("sets")) or 1,
                number(i.get("reps")),
                number(i.get("hold_s")),
            )
            for i in items
        ),
    )


def chosen_items_json(items: tuple[ChosenItem, ...]) -> list[dict[str, object]]:
    return [{"exercise_id": i.exercise_id, "sets": i.sets, "reps": i.reps, "hold_s": i.hold_s} for i in items]


# -- a clinician's changes to the planner's routine ------------------------------------------------------

OVERRIDE_ACTIONS = ("dose", "swap", "remove")
CHANGED_NOTE = "Your clinician changed this."


@dataclass(frozen=True)
class Override:
    """A clinician's change to one exercise of the planner's routine: its dose, another exercise in its
    place, or leaving it out (the planner then picks the next exercise for that place)."""

    exercise_id: str
    action: str  # one of OVERRIDE_ACTIONS
    to_exercise_id: str | None = None  # for 'swap'
    sets: int | None = None  # for 'dose'
    reps: int | None = None
    hold_s: int | None = None

    def dose_item(self) -> ChosenItem:
        return ChosenItem(self.exercise_id, self.sets or 1, self.reps, self.hold_s)


def removed(overrides: tuple[Override, ...]) -> frozenset[str]:
    return frozenset(o.exercise_id for o in overrides if o.action == "remove")


def swap_for(overrides: tuple[Override, ...], exercise_id: str) -> str | None:
    return next((o.to_exercise_id for o in overrides if o.action == "swap" and o.exercise_id == exercise_id), None)


def dose_for(overrides: tuple[Override, ...], exercise_id: str) -> Override | None:
    return next((o for o in overrides if o.action == "dose" and o.exercise_id == exercise_id), None)


def override_from(row: dict[str, object]) -> Override:
    def number(value: object) -> int | None:
        return value if isinstance(value, int) else None

    to = row.get("to_exercise_id")
    return Override(
        str(row.get("exercise_id", "")),
        str(row.get("action", "")),
        to if isinstance(to, str) else None,
        number(row.get("sets")),
        number(row.get("reps")),
        number(row.get("hold_s")),
    )
