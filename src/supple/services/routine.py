"""Today's routine for a profile: gathers the inputs and asks the pure planner."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.clinic_models import AssignedRoutine, PlannerOverride
from supple.db.models import Profile, WalkingPlan
from supple.db.repositories import Assessments, Profiles, Sessions
from supple.domain.assessment import AssessmentResult
from supple.domain.chosen import Chosen, Override, chosen_from
from supple.domain.outcomes import retest_due
from supple.domain.plan_types import PlanInput, Routine
from supple.domain.planner import Planner
from supple.domain.progression import ExerciseState
from supple.services import profiles
from supple.services.assessments import current_result, placement_texts
from supple.services.context import Context, reading, transaction
from supple.services.screening import conditions_of, ensure_screened, yellow_flags_of


@dataclass(frozen=True)
class RoutineView:
    profile: str
    routine: Routine
    assessment: AssessmentResult | None
    yellow_flags: bool
    retest_due: bool


def states_of(s: Session, p: Profile) -> dict[str, ExerciseState]:
    return {
        slot: ExerciseState(st.slot_id, st.variant_id, st.level, st.greens, st.rest_until)
        for slot, st in Sessions(s).states(p.id).items()
    }


def chosen_of(s: Session, p: Profile) -> Chosen | None:
    """The routine a clinician assigned to this profile (clinic mode), which replaces the planner's."""
    found = s.get(AssignedRoutine, p.id)
    return chosen_from(found.name, found.assigned_by_name, found.items) if found is not None else None


def overrides_of(s: Session, p: Profile) -> tuple[Override, ...]:
    """A clinician's changes to the planner's routine for this profile (clinic mode), by exercise."""
    rows = s.scalars(
        select(PlannerOverride).where(PlannerOverride.profile_id == p.id).order_by(PlannerOverride.exercise_id)
    )
    return tuple(Override(r.exercise_id, r.action, r.to_exercise_id, r.sets, r.reps, r.hold_s) for r in rows)


def build(ctx: Context, s: Session, p: Profile, *, rescreen: bool = True) -> RoutineView:
    """Today's routine. With ``rescreen`` False a full screen that is due again does not stop it (the
    calendar keeps its reminders: the person answers the questions again when they open Supple)."""
    screen = ensure_screened(ctx, s, p, rescreen=rescreen)
    latest = Assessments(s).latest(p.id)
    result = current_result(s, p.id, ctx.catalogue, profiles.age_of(p, ctx.clock().year), placement_texts(ctx))
    inp = PlanInput(
        assessment=result,
        constraints=profiles.constraints_of(p),
        conditions=conditions_of(screen),
        states=states_of(s, p),
        now=ctx.clock(),
        chosen=chosen_of(s, p),
        overrides=overrides_of(s, p),
    )
    walking = s.get(WalkingPlan, p.id)  # its own line of the day, beside the session (docs/clinical-rules.md)
    if walking is not None:
        inp = replace(inp, walking_minutes=walking.minutes, walking_days=walking.days_per_week)
    due = retest_due(latest.taken_on if latest else None, ctx.clock().date(), ctx.catalogue.outcomes.retest)
    return RoutineView(
        p.name,
        Planner(ctx.catalogue).plan(inp),
        result,
        yellow_flags_of(s, p, screen),
        due.is_due and latest is not None,
    )


def current(ctx: Context, name: str | None) -> RoutineView:
    return current_keyed(ctx, name)[1]


def current_keyed(ctx: Context, name: str | None) -> tuple[tuple[Hashable, ...], RoutineView]:
    """Today's routine and the cache key it is stored under (for doors that cache their rendering)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        key = _key(ctx, p)
        return key, ctx.cache.get_or_build(key, lambda: build(ctx, s, p))


def cache_key(ctx: Context, name: str | None) -> tuple[Hashable, ...]:
    """The key today's routine is cached under: one indexed read, so doors can check their cache
    before doing any work."""
    wanted = name
    if wanted:
        with reading(ctx) as s:  # read only: no transaction to commit
            found = Profiles(s).revision_of(wanted)
        if found is not None:
            return ("routine", *found, ctx.clock().replace(second=0, microsecond=0))
    with transaction(ctx) as s:  # no such profile, or none named: let resolve() explain
        return _key(ctx, profiles.resolve(s, name))


def _key(ctx: Context, p: Profile) -> tuple[Hashable, ...]:
    return ("routine", p.id, p.revision, ctx.clock().replace(second=0, microsecond=0))
