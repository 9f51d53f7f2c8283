"""A clinic's routine templates, and assigning one to a client (copy on assign).

A template is a name and exercises from the catalogue with their doses (sets, and repetitions or
seconds held), each within the catalogue's dose ladder for the exercise's kind. Clinicians and admins
of the clinic make and edit them; nobody else sees them. Assigning copies the template into the
client's record (``AssignedRoutine``): the planner then hands that copy to the person as today's
routine ("chosen by your clinician"), and later edits of the template never change it. The clinician
can go back to the planner's routine at any time. Every change is written to the clinic's log in the
same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import DoseKind
from supple.clinic import care_repository as repo
from supple.clinic.audit import record_in
from supple.clinic.login_sessions import Current
from supple.db.clinic_models import AssignedRoutine, ClientRecord, RoutineTemplate
from supple.domain.chosen import ChosenItem, chosen_dose, chosen_from, chosen_items_json, dose_range
from supple.errors import Conflict, InvalidInput, NotFound
from supple.problems import Code, Limits, Problem
from supple.services.context import Context, transaction

MAX_ITEMS = 12
NAME_MAX = 120
NO_TEMPLATE = "There is no such routine template in your clinic."
NO_CLIENT = "There is no such client."


@dataclass(frozen=True)
class ItemView:
    exercise_id: str
    name: str
    sets: int
    reps: int | None
    hold_s: int | None
    dose: str  # '2 × 30 s hold each side'


@dataclass(frozen=True)
class TemplateView:
    id: int
    name: str
    items: list[ItemView]
    updated_by: str
    updated_at: datetime


@dataclass(frozen=True)
class AssignedView:
    name: str
    template_id: int | None
    items: list[ItemView]
    assigned_by: str
    assigned_at: datetime


@dataclass(frozen=True)
class ExerciseChoice:
    id: str
    name: str
    kind: str  # 'hold' or 'reps'
    limits: str  # the dose range in words, for the form


def exercise_choices(cat: Catalogue) -> list[ExerciseChoice]:
    """Every exercise of the catalogue with the doses a template may give it."""
    out = []
    for ex in sorted(cat.exercises.values(), key=lambda e: e.name):
        r = dose_range(ex, cat.progression.steps_for(ex.kind))
        amount = (
            f"{r.hold_s[0]}–{r.hold_s[1]} s hold" if r.hold_s else f"{r.reps[0]}–{r.reps[1]} reps" if r.reps else ""
        )
        out.append(ExerciseChoice(ex.id, ex.name, ex.dosage.kind.value, f"{r.sets[0]}–{r.sets[1]} sets, {amount}"))
    return out


def _whole(row: Mapping[str, str], key: str, loc: tuple[str | int, ...], problems: list[Problem]) -> int | None:
    raw = (row.get(key) or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 6:
        problems.append(Problem.of((*loc, key), Code.NOT_A_WHOLE_NUMBER, raw))
        return None
    return int(raw)


def _in_range(
    value: int | None, bounds: tuple[int, int], unit: str, loc: tuple[str | int, ...], problems: list[Problem]
) -> int | None:
    limits = Limits(min=bounds[0], max=bounds[1], unit=unit)
    if value is None:
        problems.append(Problem.of(loc, Code.REQUIRED, None, limits))
    elif value < bounds[0]:
        problems.append(Problem.of(loc, Code.TOO_LOW, value, limits))
    elif value > bounds[1]:
        problems.append(Problem.of(loc, Code.TOO_HIGH, value, limits))
    else:
        return value
    return None


def _item(cat: Catalogue, n: int, row: Mapping[str, str], problems: list[Problem]) -> ChosenItem | None:
    loc: tuple[str | int, ...] = ("exercise", n)
    ex = cat.exercises.get((row.get("exercise_id") or "").strip())
    if ex is None:
        problems.append(Problem.of((*loc, "exercise_id"), Code.UNKNOWN_EXERCISE, row.get("exercise_id")))
        return None
    r = dose_range(ex, cat.progression.steps_for(ex.kind))
    before = len(problems)
    sets = _in_range(_whole(row, "sets", loc, problems), r.sets, "sets", (*loc, "sets"), problems)
    reps = hold = None
    if r.kind is DoseKind.HOLD and r.hold_s:
        hold = _in_range(_whole(row, "hold_s", loc, problems), r.hold_s, "seconds", (*loc, "hold_s"), problems)
    elif r.reps:
        reps = _in_range(_whole(row, "reps", loc, problems), r.reps, "repetitions", (*loc, "reps"), problems)
    if len(problems) > before or sets is None:
        return None
    return ChosenItem(ex.id, sets, reps, hold)


def parse_items(cat: Catalogue, rows: Sequence[Mapping[str, str]]) -> tuple[ChosenItem, ...]:
    """The template's exercises from the form's rows (a row with no exercise is skipped), each checked
    against the catalogue: a known exercise, once, and doses within its dose range."""
    problems: list[Problem] = []
    items: list[ChosenItem] = []
    filled = [(n, row) for n, row in enumerate(rows, start=1) if (row.get("exercise_id") or "").strip()]
    if not filled:
        problems.append(Problem.saying("exercise", "choose at least one exercise", Code.TOO_FEW))
    if len(filled) > MAX_ITEMS:
        limits = Limits(min=1, max=MAX_ITEMS, unit="exercises")
        problems.append(Problem.of(("exercise",), Code.TOO_MANY, len(filled), limits))
    seen: set[str] = set()
    for n, row in filled:
        item = _item(cat, n, row, problems)
        if item is not None and item.exercise_id in seen:
            problems.append(Problem.of(("exercise", n, "exercise_id"), Code.DUPLICATE, item.exercise_id))
        elif item is not None:
            seen.add(item.exercise_id)
            items.append(item)
    if problems:
        raise InvalidInput(problems)
    return tuple(items)


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not 1 <= len(name) <= NAME_MAX:
        limits = Limits(min=1, max=NAME_MAX, unit="characters")
        raise InvalidInput([Problem.of(("name",), Code.REQUIRED if not name else Code.TOO_LONG, name or None, limits)])
    return name


def _views(cat: Catalogue, raw: list[dict[str, object]]) -> list[ItemView]:
    out = []
    for item in chosen_from("", "", raw).items:
        ex = cat.exercises.get(item.exercise_id)
        if ex is not None:
            dose = chosen_dose(ex, item).label()
            out.append(ItemView(ex.id, ex.name, item.sets, item.reps, item.hold_s, dose))
    return out


def _template(s: Session, me: Current, template_id: int) -> RoutineTemplate:
    found = s.get(RoutineTemplate, template_id)
    if found is None or found.clinic_id != me.clinic_id:
        raise NotFound(NO_TEMPLATE)
    return found


def _view(cat: Catalogue, t: RoutineTemplate) -> TemplateView:
    return TemplateView(t.id, t.name, _views(cat, t.items), t.updated_by_name, t.updated_at)


def templates(ctx: Context, me: Current) -> list[TemplateView]:
    with transaction(ctx) as s:
        found = s.scalars(select(RoutineTemplate).where(RoutineTemplate.clinic_id == me.clinic_id))
        return [_view(ctx.catalogue, t) for t in sorted(found, key=lambda t: t.name.casefold())]


def template(ctx: Context, me: Current, template_id: int) -> TemplateView:
    with transaction(ctx) as s:
        return _view(ctx.catalogue, _template(s, me, template_id))


def save_template(
    ctx: Context, me: Current, template_id: int | None, name: str, rows: Sequence[Mapping[str, str]]
) -> int:
    """Make a template (``template_id`` None) or change one of the clinic's; its number."""
    name = _name(name)
    items = chosen_items_json(parse_items(ctx.catalogue, rows))
    now = ctx.clock()
    with transaction(ctx) as s:
        clash = s.scalar(
            select(RoutineTemplate.id).where(RoutineTemplate.clinic_id == me.clinic_id, RoutineTemplate.name == name)
        )
        if clash is not None and clash != template_id:
            raise Conflict(f"Your clinic has a routine template named '{name}' already; choose another name.")
        if template_id is None:
            t = RoutineTemplate(clinic_id=me.clinic_id, name=name, items=items, updated_by_name=me.name, updated_at=now)
            s.add(t)
        else:
            t = _template(s, me, template_id)
            t.name, t.items, t.updated_by_name, t.updated_at = name, items, me.name, now
        s.flush()
        action = "template.add" if template_id is None else "template.change"
        record_in(s, me, action, None, f"routine template {t.id} saved ({len(items)} exercises)", at=now)
        return t.id


def _client(s: Session, me: Current, client_id: int) -> ClientRecord:
    record = repo.record(s, client_id)
    if record is None or record.clinic_id != me.clinic_id:
        raise NotFound(NO_CLIENT)
    return record


def assign(ctx: Context, me: Current, client_id: int, template_id: int) -> None:
    """Copy the template into the client's record: it becomes their routine until changed."""
    now = ctx.clock()
    with transaction(ctx) as s:
        record = _client(s, me, client_id)
        t = _template(s, me, template_id)
        copy = [dict(i) for i in t.items]
        found = s.get(AssignedRoutine, record.profile_id)
        if found is None:
            s.add(
                AssignedRoutine(
                    profile_id=record.profile_id,
                    template_id=t.id,
                    name=t.name,
                    items=copy,
                    assigned_by_name=me.name,
                    assigned_at=now,
                )
            )
        else:
            found.template_id, found.name, found.items = t.id, t.name, copy
            found.assigned_by_name, found.assigned_at = me.name, now
        record_in(s, me, "routine.assign", client_id, f"routine template {t.id} assigned (a copy)", at=now)


def back_to_planner(ctx: Context, me: Current, client_id: int) -> None:
    """End the assigned routine: the planner's routine is the client's again."""
    now = ctx.clock()
    with transaction(ctx) as s:
        record = _client(s, me, client_id)
        found = s.get(AssignedRoutine, record.profile_id)
        if found is None:
            raise Conflict("This client already has the planner's routine.")
        s.delete(found)
        record_in(s, me, "routine.planner", client_id, "back to the planner's routine", at=now)


def assigned(ctx: Context, client_id: int) -> AssignedView | None:
    """The routine a clinician assigned to this client, if any (as stored: a copy)."""
    with transaction(ctx) as s:
        record = repo.record(s, client_id)
        found = s.get(AssignedRoutine, record.profile_id) if record is not None else None
        if found is None:
            return None
        items = _views(ctx.catalogue, found.items)
        return AssignedView(found.name, found.template_id, items, found.assigned_by_name, found.assigned_at)
