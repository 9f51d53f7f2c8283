"""The clinician's control over the planner in clinic mode: approving or declining the step-ups the
planner proposed (they wait, see ``supple.services.step_ups``), and changing the planner's routine for
one client (an exercise's dose, another exercise in its place, or leaving one out), each with a note.

The changes are data (``planner_override``) the planner is given with the person's other inputs
(``supple.domain.chosen.Override``); the planner stays pure and still applies the person's settings
and safety answers over them. Every decision and change goes into the clinic's log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.catalogue.catalogue import Catalogue
from supple.clinic import care_repository as repo
from supple.clinic.audit import record_in
from supple.clinic.login_sessions import Current
from supple.clinic.templates import parse_items
from supple.db.clinic_models import ClientRecord, PlannerOverride, StepUpProposal
from supple.db.models import Profile, ProgressionChange, ProgressionState
from supple.domain.chosen import OVERRIDE_ACTIONS
from supple.domain.dosing import dose_at
from supple.errors import Conflict, InvalidInput, NotFound, SuppleError
from supple.problems import Code, Limits, Problem
from supple.services import routine
from supple.services.context import Context, transaction
from supple.services.step_ups import waiting

NOTE_MAX = 1000
NO_CLIENT = "There is no such client."


@dataclass(frozen=True)
class PlannedItem:
    exercise_id: str
    name: str
    dose: str
    reason: str  # the planner's reason with its numbers
    changed: bool  # the clinician changed it


@dataclass(frozen=True)
class WaitingStep:
    id: int
    name: str
    step: str  # '2 × 30 s hold → 2 × 45 s hold', or the next exercise
    explanation: str
    proposed_at: datetime


@dataclass(frozen=True)
class OverrideView:
    exercise_id: str
    name: str
    what: str  # 'dose 3 × 10 slow reps', 'swapped for Cat-camel', 'left out'
    note: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class PlannerView:
    items: list[PlannedItem]
    waiting: list[WaitingStep]
    overrides: list[OverrideView]
    unavailable: str | None = None  # why there is no routine to show (no safety answers yet, a stop)


def _dose_text(cat: Catalogue, exercise_id: str, level: int) -> str:
    ex = cat.exercises.get(exercise_id)
    if ex is None:
        return exercise_id
    dose, _, _ = dose_at(ex.dosage, cat.progression.steps_for(ex.kind), level)
    return f"{ex.name}, {dose.label()}"


def _step(cat: Catalogue, p: StepUpProposal) -> WaitingStep:
    name = cat.exercises[p.from_variant].name if p.from_variant in cat.exercises else p.from_variant
    step = f"{_dose_text(cat, p.from_variant, p.from_level)} → {_dose_text(cat, p.to_variant, p.to_level)}"
    return WaitingStep(p.id, name, step, p.explanation, p.proposed_at)


def _override_view(cat: Catalogue, o: PlannerOverride) -> OverrideView:
    name = cat.exercises[o.exercise_id].name if o.exercise_id in cat.exercises else o.exercise_id
    if o.action == "swap":
        to = cat.exercises.get(o.to_exercise_id or "")
        what = f"swapped for {to.name if to else o.to_exercise_id}"
    elif o.action == "dose":
        what = f"dose set to {o.sets} sets" + (f" of {o.reps} reps" if o.reps else f" of {o.hold_s} s hold")
    else:
        what = "left out"
    return OverrideView(o.exercise_id, name, what, o.note, o.set_by_name, o.set_at)


def _client(s: Session, me: Current | None, client_id: int) -> tuple[ClientRecord, Profile]:
    record = repo.record(s, client_id)
    if record is None or (me is not None and record.clinic_id != me.clinic_id):
        raise NotFound(NO_CLIENT)
    profile = s.get(Profile, record.profile_id)
    if profile is None:
        raise NotFound(NO_CLIENT)
    return record, profile


def view(ctx: Context, client_id: int) -> PlannerView:
    """What the planner proposes for this client now, what waits for approval, and what was changed."""
    cat = ctx.catalogue
    with transaction(ctx) as s:
        _, p = _client(s, None, client_id)
        steps = [_step(cat, w) for w in waiting(s, p.id)]
        rows = s.scalars(select(PlannerOverride).where(PlannerOverride.profile_id == p.id))
        overrides = [_override_view(cat, o) for o in sorted(rows, key=lambda o: o.set_at)]
        name = p.name
    try:
        planned = routine.current(ctx, name).routine
    except SuppleError as err:
        return PlannerView([], steps, overrides, err.message)
    items = [
        PlannedItem(i.exercise_id, cat.exercises[i.exercise_id].name, i.dose.label(), i.reason, bool(i.notes))
        for i in planned.items
        if i.exercise_id in cat.exercises
    ]
    return PlannerView(items, steps, overrides)


def _note(note: str) -> str:
    note = note.strip()
    if not 1 <= len(note) <= NOTE_MAX:
        limits = Limits(min=1, max=NOTE_MAX, unit="characters")
        raise InvalidInput([Problem.of(("note",), Code.REQUIRED if not note else Code.TOO_LONG, None, limits)])
    return note


def decide(ctx: Context, me: Current, client_id: int, proposal_id: int, decision: str, note: str) -> None:
    """Approve a waiting step-up (the client's amount changes now) or decline it (it stays)."""
    if decision not in ("approve", "decline"):
        raise InvalidInput(
            [Problem.of(("decision",), Code.NOT_A_CHOICE, decision, Limits(allowed=("approve", "decline")))]
        )
    note = note.strip()[:NOTE_MAX]
    now = ctx.clock()
    with transaction(ctx) as s:
        _, p = _client(s, me, client_id)
        found = s.get(StepUpProposal, proposal_id)
        if found is None or found.profile_id != p.id:
            raise NotFound("There is no such proposal for this client.")
        if found.decision is not None:
            raise Conflict("This step-up was decided already.")
        state = s.get(ProgressionState, (p.id, found.slot_id))
        if decision == "approve":
            if state is None or (state.variant_id, state.level) != (found.from_variant, found.from_level):
                raise Conflict("The exercise changed since this step-up was proposed; decline it instead.")
            state.variant_id, state.level, state.greens = found.to_variant, found.to_level, 0
            explanation = f"Your clinician approved the next step. {found.explanation}"
            s.add(
                ProgressionChange(
                    profile_id=p.id,
                    session_id=found.session_id,
                    at=now,
                    slot_id=found.slot_id,
                    move="progress",
                    explanation=explanation,
                )
            )
        found.decision = "approved" if decision == "approve" else "declined"
        found.decided_by_name, found.decided_at, found.note = me.name, now, note or None
        record_in(s, me, f"planner.{decision}", client_id, f"step-up {found.id} {found.decision}", at=now)


def _override_problems(cat: Catalogue, form: Mapping[str, str]) -> tuple[str, str, list[Problem]]:
    exercise_id, action = form.get("exercise_id", "").strip(), form.get("action", "").strip()
    problems: list[Problem] = []
    if exercise_id not in cat.exercises:
        problems.append(Problem.of(("exercise_id",), Code.UNKNOWN_EXERCISE, exercise_id or None))
    if action not in OVERRIDE_ACTIONS:
        problems.append(Problem.of(("action",), Code.NOT_A_CHOICE, action or None, Limits(allowed=OVERRIDE_ACTIONS)))
    if action == "swap":
        to = form.get("to_exercise_id", "").strip()
        if to not in cat.exercises or to == exercise_id:
            note = "choose another exercise of the library to put in its place"
            problems.append(Problem.saying("to_exercise_id", note, Code.UNKNOWN_EXERCISE, given=to or None))
    return exercise_id, action, problems


def set_override(ctx: Context, me: Current, client_id: int, form: Mapping[str, str]) -> None:
    """Change one exercise of the planner's routine for this client (replacing an earlier change to it)."""
    cat = ctx.catalogue
    exercise_id, action, problems = _override_problems(cat, form)
    try:
        note = _note(form.get("note", ""))
    except InvalidInput as err:
        problems += err.problems
    if problems:
        raise InvalidInput(problems)
    sets = reps = hold = None
    if action == "dose":  # the same checks as a template's: within the catalogue's dose range
        (item,) = parse_items(cat, [{k: form.get(k, "") for k in ("exercise_id", "sets", "reps", "hold_s")}])
        sets, reps, hold = item.sets, item.reps, item.hold_s
    now = ctx.clock()
    with transaction(ctx) as s:
        _, p = _client(s, me, client_id)
        found = s.get(PlannerOverride, (p.id, exercise_id))
        if found is None:
            found = PlannerOverride(profile_id=p.id, exercise_id=exercise_id)
            s.add(found)
        found.action, found.to_exercise_id = (
            action,
            form.get("to_exercise_id", "").strip() if action == "swap" else None,
        )
        found.sets, found.reps, found.hold_s = sets, reps, hold
        found.note, found.set_by_name, found.set_at = note, me.name, now
        record_in(s, me, "planner.override", client_id, f"{action} of exercise {exercise_id}", at=now)


def undo_override(ctx: Context, me: Current, client_id: int, exercise_id: str) -> None:
    """The planner decides this exercise again."""
    now = ctx.clock()
    with transaction(ctx) as s:
        _, p = _client(s, me, client_id)
        found = s.get(PlannerOverride, (p.id, exercise_id))
        if found is None:
            raise NotFound("There is no such change for this client.")
        s.delete(found)
        record_in(s, me, "planner.undo", client_id, f"change of exercise {exercise_id} undone", at=now)
