"""Progress: each test and the pain score against baseline, with 'real change' verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from supple.db.repositories import Assessments, Outcomes, Profiles, Sessions
from supple.domain.assessment import MetricResult
from supple.domain.outcomes import (
    Change,
    RetestDue,
    confirmed_change,
    measurement_change,
    pain_change,
    psfs_change,
    retest_due,
)
from supple.services import profiles
from supple.services.assessments import per_test, placement_texts, rescore
from supple.services.context import Context, reading, transaction


@dataclass(frozen=True)
class TestProgress:
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
    confirmed: bool = False  # the real change was seen on the last two re-tests in a row


@dataclass(frozen=True)
class HistoryPoint:
    """One assessment's value of a test on a side, for charts over time."""

    on: date
    value: float
    method: str
    level: str | None


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


def report(ctx: Context, name: str | None) -> ProgressReport:
    """The person's progress, from the view cache when nothing of theirs changed this minute
    (decision 0005: the key holds the profile's revision, bumped by every write of their records;
    the minute covers what depends on today). One indexed read on a hit."""
    if name:
        with reading(ctx) as s:  # read only: no transaction to commit
            found = Profiles(s).revision_of(name)
        if found is not None:
            key = ("progress", *found, ctx.clock().replace(second=0, microsecond=0))
            return ctx.cache.get_or_build(key, lambda: _report(ctx, name))
    return _report(ctx, name)


def _report(ctx: Context, name: str | None) -> ProgressReport:
    cat = ctx.catalogue
    today = ctx.clock().date()
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        assessments = Assessments(s).all(p.id)
        tests: list[TestProgress] = []
        if assessments:
            base_ms, base_dates = per_test(assessments, first=True)
            last_ms, last_dates = per_test(assessments, first=False)
            age = profiles.age_of(p, today.year)
            where = placement_texts(ctx)
            base = rescore(base_ms, cat, age, where)
            latest_by_key = {(r.test_id, r.metric_id, r.side): r for r in rescore(last_ms, cat, age, where).results}
            history: dict[tuple[str, str, str], list[HistoryPoint]] = {}
            results: dict[tuple[str, str, str], list[MetricResult]] = {}
            for a in assessments:
                for r in rescore(a, cat, age, where).results:
                    point = HistoryPoint(a.taken_on, r.value, r.method.value, r.level)
                    history.setdefault((r.test_id, r.metric_id, r.side.value), []).append(point)
                    results.setdefault((r.test_id, r.metric_id, r.side.value), []).append(r)
            for r in base.results:
                later = last_dates[r.test_id] != base_dates[r.test_id]
                after = latest_by_key.get((r.test_id, r.metric_id, r.side)) if later else None
                metric = cat.metric(r.test_id, r.metric_id)
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
                        history.get((r.test_id, r.metric_id, r.side.value), []),
                        confirmed_change(r, results.get((r.test_id, r.metric_id, r.side.value), [])[1:]),
                    )
                )
        out = Outcomes(s)
        ratings = out.pain_ratings(p.id)
        pain = function = None
        activities: dict[str, Change] = {}
        if len(ratings) >= 2:
            pain = pain_change(ratings[0].average_24h, ratings[-1].average_24h, cat.outcomes.pain)
            function, activities = psfs_change(
                {k: float(v) for k, v in out.psfs_for(ratings[0].id).items()},
                {k: float(v) for k, v in out.psfs_for(ratings[-1].id).items()},
                cat.outcomes.psfs,
            )
        sessions = Sessions(s).all(p.id)
        days = sorted({x.started_at.date() for x in sessions})
        start = min([p.created_at.date(), *days]) if days else p.created_at.date()
        weeks = max(1, ((today - start).days // 7) + 1)
        per_week = round(len(days) / weeks, 1)
        adherence = Adherence(len(sessions), len(days), weeks, p.days_per_week, per_week, days, start)
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
            retest=retest_due(assessments[-1].taken_on if assessments else None, today, cat.outcomes.retest),
            recent_changes=[c.explanation for c in Sessions(s).changes(p.id, 10)],
            review_suggested=review,
        )
