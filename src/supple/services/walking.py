"""Use cases for graded walking (issue 16 §1): start the target from what the person manages now, log
minutes walked (with a session or on its own), and move the target with each settled session's
traffic light (called from sessions._settle)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.models import ExerciseSession, Profile, PsfsActivity, WalkingPlan, WalkLog, WalkRecording
from supple.domain.formatting import days_a_week, plural
from supple.domain.walking import Target, follow, goal_activity, start
from supple.errors import InvalidInput, NotFound, PreconditionMissing
from supple.problems import Limits, Problem
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.inputs import WalkingPlanIn, WalkLogIn


@dataclass(frozen=True)
class WalkingView:
    start_minutes: int
    minutes: int
    days_per_week: int
    goal: str | None
    week_minutes: int  # logged in the last 7 days
    week_days: int  # days with a walk logged in the last 7 days

    @property
    def text(self) -> str:
        goal = f", building towards: {self.goal}" if self.goal else ""
        return f"Walk {plural(self.minutes, 'minute')} on {days_a_week(self.days_per_week)}{goal}."

    @property
    def week_text(self) -> str:
        """'This week: 1 minute on 1 day.', '… 45 minutes on 3 days.' (the last 7 days)."""
        if self.week_minutes == 0:
            return "This week: no walks logged yet."
        return f"This week: {plural(self.week_minutes, 'minute')} on {plural(self.week_days, 'day')}."

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__} | {
            "text": self.text,
            "week_text": self.week_text,
        }


def _rules() -> Any:
    from supple.catalogue.gait import walking_rules

    return walking_rules().rules()


def _view(s: Session, p: Profile, plan: WalkingPlan, now: datetime) -> WalkingView:
    logs = s.scalars(select(WalkLog).where(WalkLog.profile_id == p.id, WalkLog.at >= now - timedelta(days=7))).all()
    return WalkingView(
        plan.start_minutes, plan.minutes, plan.days_per_week, plan.goal,
        sum(w.minutes for w in logs), len({w.at.date() for w in logs}),
    )  # fmt: skip


def set_plan(ctx: Context, name: str | None, inp: WalkingPlanIn) -> WalkingView:
    """Start (or restart) the walking target from what the person manages now."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        activities = [a.name for a in s.scalars(select(PsfsActivity).where(PsfsActivity.profile_id == p.id)
                                                 .order_by(PsfsActivity.position)).all()]  # fmt: skip
        goal = inp.goal or goal_activity(activities)
        if goal is not None and goal not in activities:
            known = Limits(text=", ".join(activities) or "none yet")
            raise InvalidInput([Problem.saying("goal", f"'{goal}' is not one of your activities", limits=known)])
        target = start(inp.manages_minutes, inp.manages_days, _rules())
        plan = s.get(WalkingPlan, p.id) or WalkingPlan(profile_id=p.id)
        plan.start_minutes, plan.minutes, plan.days_per_week = target.minutes, target.minutes, target.days_per_week
        plan.goal, plan.updated_at = goal, ctx.clock()
        s.add(plan)
        s.flush()
        return _view(s, p, plan, ctx.clock())


def current(ctx: Context, name: str | None) -> WalkingView | None:
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        plan = s.get(WalkingPlan, p.id)
        return _view(s, p, plan, ctx.clock()) if plan else None


def log(ctx: Context, name: str | None, inp: WalkLogIn) -> WalkingView:
    """Minutes walked today; with ``with_session`` attached to today's session, with ``recording`` its steps."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        plan = s.get(WalkingPlan, p.id)
        if plan is None:
            raise PreconditionMissing("Set your walking target first (how long you can walk now).", step="walking")
        now = ctx.clock()
        steps, recording_id = inp.steps, inp.recording
        if recording_id is not None:
            rec = s.get(WalkRecording, recording_id)
            if rec is None or rec.profile_id != p.id:
                raise NotFound(f"There is no walk recording {recording_id} for {p.name}.")
            steps = rec.steps
        session_id = None
        if inp.with_session:
            last = s.scalars(select(ExerciseSession).where(ExerciseSession.profile_id == p.id)
                             .order_by(ExerciseSession.started_at.desc())).first()  # fmt: skip
            if last is None or last.started_at.date() != now.date():
                raise InvalidInput([Problem.saying("with_session", "there is no session today to attach the walk to")])
            session_id = last.id
        s.add(WalkLog(
            profile_id=p.id, at=now, minutes=inp.minutes, steps=steps, recording_id=recording_id, session_id=session_id,
        ))  # fmt: skip
        s.flush()
        return _view(s, p, plan, now)


def follow_signal(ctx: Context, s: Session, p: Profile) -> tuple[str, str] | None:
    """After a session is settled: move the walking target by the final signals since its last change.
    The move (progress, hold, step-back) and its words; None without a walking plan."""
    plan = s.get(WalkingPlan, p.id)
    if plan is None:
        return None
    signals = s.scalars(
        select(ExerciseSession.signal)
        .where(ExerciseSession.profile_id == p.id, ExerciseSession.final.is_(True),
               ExerciseSession.started_at >= plan.updated_at)
        .order_by(ExerciseSession.started_at, ExerciseSession.id)
    ).all()  # fmt: skip
    move = follow(Target(plan.minutes, plan.days_per_week), list(signals), _rules())
    if move.move != "hold":
        plan.minutes, plan.days_per_week, plan.updated_at = move.target.minutes, move.target.days_per_week, ctx.clock()
        s.add(plan)
    return move.move, move.explanation
