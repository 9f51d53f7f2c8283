"""The light read path of `supple plan`, `status` and `progress` (decision 0016).

The same use cases as ``services.routine.current``, ``services.home.next_step`` and
``services.progress.report``, computed by the same pure domain code from rows read with ``sqlite3``
(``services.read_model``) instead of the ORM, so these commands start without SQLAlchemy, Alembic or
the settings class. Only the ordinary case is answered here: whenever the full path would stop with
a message (no such profile, several profiles, a safety block, the safety questions due, no screen
yet) this path raises :class:`Unsupported` and the caller asks the full path, which words it.
Tests compare both paths on the same stores, text and JSON, byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Condition, MeasureMethod
from supple.domain.assessment import AssessmentResult, MetricResult, Side, TrialSet, score
from supple.domain.checkin_window import BASELINE_FIRST, CHECKIN_NOW, checkin_later
from supple.domain.outcomes import (
    Change,
    RetestDue,
    confirmed_change,
    measurement_change,
    pain_change,
    psfs_change,
    retest_due,
)
from supple.domain.plan_types import Constraints, PlanInput, Routine
from supple.domain.planner import Planner
from supple.domain.progression import ExerciseState
from supple.services.read_model import AssessmentRow, MeasurementRow, ProfileRow, Reads, ScreeningRow, Unsupported

__all__ = ["Unsupported", "next_step", "progress_report", "routine_view"]


def _resolve(reads: Reads, name: str | None) -> ProfileRow:
    """As ``profiles.resolve`` when it finds someone; any other outcome is the full path's to word."""
    found = reads.profiles(name) if name else reads.profiles()
    if len(found) != 1:
        raise Unsupported("no such profile, or several: the full path says which")
    return found[0]


def _age(p: ProfileRow, year: int) -> int | None:
    return year - p.birth_year if p.birth_year else None


def _rescreen_due(reads: Reads, cat: Catalogue, now: datetime, p: ProfileRow, screen: ScreeningRow) -> bool:
    """Whether ``screening.rescreen_reason`` gives a reason (its words stay with the full path)."""
    rule = cat.safety.rescreen
    cleared = [e.at for e in reads.events(p.id) if e.kind == "clearance"]
    if rule.after_clearance and cleared and cleared[-1] > screen.taken_at:
        return True
    if rule.after_red_session and any(
        x.started_at > screen.taken_at and x.signal == "red" for x in reads.sessions(p.id)
    ):
        return True
    return (now - screen.taken_at).days >= rule.every_days


def _screened(reads: Reads, cat: Catalogue, now: datetime, p: ProfileRow) -> ScreeningRow:
    """As ``screening.ensure_screened``; a block, no screen or a screen due again is the full path's."""
    if reads.open_block(p.id) is not None:
        raise Unsupported("a safety block: the full path shows it")
    screen = reads.latest_full_screen(p.id)
    if screen is None or _rescreen_due(reads, cat, now, p, screen):
        raise Unsupported("the safety questions come first: the full path says so")
    return screen


# --- scoring stored measurements (as services.assessments.rescore / per_test) ----------------------


def _rescore(ms: Sequence[MeasurementRow], cat: Catalogue, age: int | None, where: dict[str, str]) -> AssessmentResult:
    grouped: dict[tuple[str, str, str], list[MeasurementRow]] = defaultdict(list)
    for m in ms:
        if cat.metric(m.test_id, m.metric_id) is not None:
            grouped[(m.test_id, m.metric_id, m.side)].append(m)
    entries = [
        TrialSet(
            t,
            mid,
            Side(side),
            tuple(m.value for m in sorted(group, key=lambda m: m.trial)),
            MeasureMethod(group[0].method),
            group[0].placement,
        )
        for (t, mid, side), group in grouped.items()
    ]
    return score(entries, cat, age, where)


def _per_test(stored: Sequence[AssessmentRow], *, first: bool) -> tuple[list[MeasurementRow], dict[str, date]]:
    chosen: dict[str, tuple[date, list[MeasurementRow]]] = {}
    for a in stored if first else reversed(stored):
        for test_id in dict.fromkeys(m.test_id for m in a.measurements):  # in entry order, not a set's
            if test_id not in chosen:
                chosen[test_id] = (a.taken_on, [m for m in a.measurements if m.test_id == test_id])
    return [m for _, ms in chosen.values() for m in ms], {t: d for t, (d, _) in chosen.items()}


# --- plan ------------------------------------------------------------------------------------------


class RoutineView(NamedTuple):
    """The fields of ``services.routine.RoutineView`` that `supple plan` shows."""

    profile: str
    routine: Routine
    assessment: AssessmentResult | None
    retest_due: bool


def routine_view(reads: Reads, cat: Catalogue, where: dict[str, str], now: datetime, name: str | None) -> RoutineView:
    """Today's routine, as ``services.routine.build``."""
    p = _resolve(reads, name)
    screen = _screened(reads, cat, now, p)
    stored = reads.assessments(p.id)
    latest = stored[-1] if stored else None
    result = _rescore(_per_test(stored, first=False)[0], cat, _age(p, now.year), where) if stored else None
    states = {
        slot: ExerciseState(st.slot_id, st.variant_id, st.level, st.greens, st.rest_until)
        for slot, st in reads.states(p.id).items()
    }
    inp = PlanInput(
        assessment=result,
        constraints=Constraints(p.no_floor, p.no_kneeling, p.no_foam_roller, p.no_band, p.minutes, p.days_per_week),
        conditions=frozenset(Condition(c) for c in screen.conditions),
        states=states,
        now=now,
        chosen=reads.chosen(p.id),
        overrides=reads.overrides(p.id),
    )
    due = retest_due(latest.taken_on if latest else None, now.date(), cat.outcomes.retest)
    return RoutineView(p.name, Planner(cat).plan(inp), result, due.is_due and latest is not None)


# --- status ----------------------------------------------------------------------------------------


class NextStep(NamedTuple):
    """As ``services.home.NextStep``: the step's name (a ``Step`` value) and its lines."""

    step: str
    lines: list[str]
    profile: str | None = None


def next_step(reads: Reads, cat: Catalogue, now: datetime, name: str | None) -> NextStep:
    """As ``services.home.next_step`` for a person who has answered the safety questions."""
    if reads.profile_count() == 0:
        raise Unsupported("no profile yet: the full path welcomes")
    p = _resolve(reads, name)
    if reads.open_block(p.id) is not None:
        raise Unsupported("a safety block: the full path shows it")
    screen = reads.latest_full_screen(p.id)
    if screen is None:
        raise Unsupported("no safety questions yet: the full path asks for them")
    sessions = reads.sessions(p.id)
    stored = reads.assessments(p.id)
    last = stored[-1] if stored else None
    if last is None and not sessions:
        return NextStep("first-session", ["Your first session is ready. It is short and gentle."], p.name)
    pending = [x for x in sessions if not x.final]
    later = checkin_later(pending[-1].started_at, now, cat.progression.checkin_opens) if pending else None
    if pending and later is None:
        return NextStep("checkin", [CHECKIN_NOW], p.name)
    before = [later] if later else []
    if _rescreen_due(reads, cat, now, p, screen):
        raise Unsupported("the safety questions are due again: the full path words why")
    if not reads.pain_ratings(p.id):
        return NextStep("baseline", [*before, BASELINE_FIRST], p.name)
    due = retest_due(last.taken_on if last else None, now.date(), cat.outcomes.retest)
    if last is not None and due.is_due:
        return NextStep("tests", [*before, f"Time to test again (last tests {last.taken_on})."], p.name)
    if later:
        return NextStep("checkin-later", [later], p.name)
    done = len(sessions)
    cheer = [f"{done} session{'s' if done != 1 else ''} done so far. Well done, keep it going."] if done else []
    return NextStep("session", ["Today's routine is ready.", *cheer], p.name)


# --- progress: the dataclasses of services.progress, field for field (a test compares them) -------


@dataclass(frozen=True)
class HistoryPoint:
    on: date
    value: float
    method: str
    level: str | None


@dataclass(frozen=True)
class TestProgress:
    __test__ = False  # not a pytest test class

    test_id: str
    test_name: str
    metric_id: str
    metric_label: str
    side: str
    baseline: MetricResult
    latest: MetricResult | None
    change: Change | None
    baseline_on: date
    latest_on: date | None
    history: list[HistoryPoint] = field(default_factory=list)
    confirmed: bool = False


@dataclass(frozen=True)
class Adherence:
    sessions: int
    days_with_session: int
    weeks: int
    planned_per_week: int
    per_week: float
    session_days: list[date] = field(default_factory=list)
    started_on: date | None = None  # the first day of the program: the profile's start (or an earlier session)


@dataclass(frozen=True)
class ProgressReport:
    profile: str
    tests: list[TestProgress]
    pain: Change | None
    pain_history: list[tuple[date, int]]
    function: Change | None
    activities: dict[str, Change]
    adherence: Adherence
    retest: RetestDue
    recent_changes: list[str]
    review_suggested: str | None


def _tests(
    stored: Sequence[AssessmentRow], cat: Catalogue, age: int | None, where: dict[str, str]
) -> list[TestProgress]:
    base_ms, base_dates = _per_test(stored, first=True)
    last_ms, last_dates = _per_test(stored, first=False)
    base = _rescore(base_ms, cat, age, where)
    latest_by_key = {(r.test_id, r.metric_id, r.side): r for r in _rescore(last_ms, cat, age, where).results}
    history: dict[tuple[str, str, str], list[HistoryPoint]] = {}
    results: dict[tuple[str, str, str], list[MetricResult]] = {}
    for a in stored:
        for r in _rescore(a.measurements, cat, age, where).results:
            key = (r.test_id, r.metric_id, r.side.value)
            history.setdefault(key, []).append(HistoryPoint(a.taken_on, r.value, r.method.value, r.level))
            results.setdefault(key, []).append(r)
    tests = []
    for r in base.results:
        later = last_dates[r.test_id] != base_dates[r.test_id]
        after = latest_by_key.get((r.test_id, r.metric_id, r.side)) if later else None
        metric = cat.metric(r.test_id, r.metric_id)
        key = (r.test_id, r.metric_id, r.side.value)
        tests.append(
            TestProgress(
                r.test_id,
                cat.tests[r.test_id].name,
                r.metric_id,
                metric.label if metric else r.metric_id,
                r.side.value,
                r,
                after,
                measurement_change(r, after) if after else None,
                base_dates[r.test_id],
                last_dates[r.test_id] if later else None,
                history.get(key, []),
                confirmed_change(r, results.get(key, [])[1:]),
            )
        )
    return tests


def progress_report(
    reads: Reads, cat: Catalogue, where: dict[str, str], today: date, name: str | None
) -> ProgressReport:
    """As ``services.progress.report``."""
    p = _resolve(reads, name)
    stored = reads.assessments(p.id)
    tests = _tests(stored, cat, _age(p, today.year), where) if stored else []
    ratings = reads.pain_ratings(p.id)
    pain = function = None
    activities: dict[str, Change] = {}
    if len(ratings) >= 2:
        pain = pain_change(ratings[0].average_24h, ratings[-1].average_24h, cat.outcomes.pain)
        function, activities = psfs_change(
            {k: float(v) for k, v in reads.psfs_for(ratings[0].id).items()},
            {k: float(v) for k, v in reads.psfs_for(ratings[-1].id).items()},
            cat.outcomes.psfs,
        )
    sessions = reads.sessions(p.id)
    days = sorted({x.started_at.date() for x in sessions})
    start = min([p.created_at.date(), *days]) if days else p.created_at.date()
    weeks = max(1, ((today - start).days // 7) + 1)
    adherence = Adherence(len(sessions), len(days), weeks, p.days_per_week, round(len(days) / weeks, 1), days, start)
    review = None
    waited = timedelta(days=cat.outcomes.non_response.review_after_days)
    if pain is not None and pain.verdict.value != "real improvement" and ratings[-1].at - ratings[0].at >= waited:
        review = (
            "Your pain has not changed by a meaningful amount after about two months. "
            "It is a good time to ask a doctor or physiotherapist to review your plan."
        )
    return ProgressReport(
        profile=p.name,
        tests=tests,
        pain=pain,
        pain_history=[(r.at.date(), r.average_24h) for r in ratings],
        function=function,
        activities=activities,
        adherence=adherence,
        retest=retest_due(stored[-1].taken_on if stored else None, today, cat.outcomes.retest),
        recent_changes=reads.change_explanations(p.id, 10),
        review_suggested=review,
    )
