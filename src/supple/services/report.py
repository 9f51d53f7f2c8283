"""The progress report's content: gathered from the existing use cases (progress, routine, safety,
questionnaires), never recomputed. The doors lay it out as HTML or PDF (supple.report.document)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from supple.db.repositories import Outcomes, Safety
from supple.errors import PreconditionMissing, SafetyStop
from supple.services import profiles, progress, routine
from supple.services.context import Context, transaction
from supple.services.profiles import ProfileView
from supple.services.progress import ProgressReport
from supple.services.routine import RoutineView


@dataclass(frozen=True)
class SafetyEventView:
    at: datetime
    kind: str  # block | pause | clearance | notice
    action: str | None
    message: str
    reasons: list[str]
    clinician: str | None
    seen_on: date | None = None  # a clearance: the day the clinician saw the person


@dataclass(frozen=True)
class QuestionnaireView:
    at: datetime
    instrument: str
    total: float
    category: str


@dataclass(frozen=True)
class ReportData:
    profile: ProfileView
    generated_at: datetime
    progress: ProgressReport
    routine: RoutineView | None
    routine_missing: str | None  # why there is no routine now (locked, not screened yet)
    safety_events: list[SafetyEventView]
    questionnaires: list[QuestionnaireView]
    pain_worst: list[tuple[datetime, int, int, int]]  # when, now, 24-hour average, worst
    starting_activities: dict[str, int]  # the activities chosen at baseline and their first scores (0-10)


def gather(ctx: Context, name: str | None) -> ReportData:
    view = profiles.get(ctx, name)
    report = progress.report(ctx, view.name)
    current: RoutineView | None = None
    missing: str | None = None
    try:
        current = routine.current(ctx, view.name)
    except SafetyStop as stop:
        missing = f"No routine while the program is stopped: {stop.detail.heading}"
    except PreconditionMissing as step:
        missing = f"No routine yet: {step.message}"
    with transaction(ctx) as s:
        p = profiles.resolve(s, view.name)
        events = [
            SafetyEventView(e.at, e.kind, e.action, e.message, [str(r) for r in e.reasons], e.clinician, e.seen_on)
            for e in Safety(s).events(p.id)
        ]
        out = Outcomes(s)
        questionnaires = [QuestionnaireView(q.at, q.instrument, q.total, q.category) for q in out.questionnaires(p.id)]
        ratings = out.pain_ratings(p.id)
        pain = [(r.at, r.now, r.average_24h, r.worst_24h) for r in ratings]
        starting = out.psfs_for(ratings[0].id) if ratings else {}
    return ReportData(view, ctx.clock(), report, current, missing, events, questionnaires, pain, starting)
