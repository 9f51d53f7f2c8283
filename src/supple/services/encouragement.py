"""The numbers behind "well done": minutes of exercise this week and weeks in a row with practice."""

from __future__ import annotations

from supple.db.repositories import Sessions
from supple.domain.dosing import dose_at
from supple.domain.encouragement import WeekStats, week_stats
from supple.services import profiles
from supple.services.context import Context, transaction


def this_week(ctx: Context, name: str | None) -> WeekStats:
    """Each done exercise counts the time the player's clock ran on it, never more than its dose; one
    logged without the player (no clock) counts at the dose it has now (its progression level), plus
    the time to change position, so the minutes are "about" minutes. Skipped exercises count nothing."""
    cat = ctx.catalogue
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        states = Sessions(s).states(p.id)
        rows = []
        for session in Sessions(s).all(p.id):
            secs = 0
            for item in session.items:
                ex = cat.exercises.get(item.exercise_id)
                if not item.completed or ex is None:
                    continue
                state = states.get(item.slot_id)
                level = state.level if state and state.variant_id == ex.id else 0
                dose, _, _ = dose_at(ex.dosage, cat.progression.steps_for(ex.kind), level)
                planned = dose.work_seconds() + cat.planner.transition_s
                secs += planned if item.seconds is None else min(item.seconds, planned)
            rows.append((session.started_at.date(), secs))
        return week_stats(rows, ctx.clock().date())
