"""Recording and scoring the three-region self-tests."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import MeasureMethod
from supple.db.models import Assessment, Measurement
from supple.db.repositories import Assessments
from supple.domain.assessment import AssessmentResult, Side, TrialSet, metric_limits, score, validate_trials
from supple.domain.recheck import groin_referrals
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem, first_per_place
from supple.services import profiles
from supple.services.context import Context, check_when, transaction
from supple.services.inputs import AssessmentIn, TestEntryIn, collect
from supple.services.screening import ensure_screened


@dataclass(frozen=True)
class RecordedAssessment:
    id: int
    taken_on: date
    result: AssessmentResult


def _as_list(v: list[float] | float) -> tuple[float, ...]:
    return tuple(float(x) for x in v) if isinstance(v, list) else (float(v),)


def to_trial_sets(tests: dict[str, TestEntryIn]) -> tuple[list[TrialSet], list[Problem]]:
    entries: list[TrialSet] = []
    problems: list[Problem] = []
    for test_id, entry in tests.items():
        groups = _groups(entry)
        if not groups:
            problems.append(
                Problem.saying(
                    ("tests", test_id),
                    "no values given",
                    Code.REQUIRED,
                    Limits(text="left/right (or values) with 1 to 3 tries"),
                )
            )
        for side, metrics in groups:
            for metric_id, raw in metrics.items():
                per_metric = isinstance(entry.method, dict)
                method = entry.method.get(metric_id) if isinstance(entry.method, dict) else entry.method
                if method is None:
                    problems.append(
                        Problem.saying(
                            ("tests", test_id, "method", metric_id),
                            "no method given for this measurement",
                            Code.REQUIRED,
                        )
                    )
                    continue
                entries.append(TrialSet(test_id, metric_id, side, tuple(raw), method, entry.placement, per_metric))
    return entries, problems


def _groups(entry: TestEntryIn) -> list[tuple[Side, dict[str, list[float]]]]:
    out = []
    if entry.left:
        out.append((Side.LEFT, entry.left))
    if entry.right:
        out.append((Side.RIGHT, entry.right))
    if entry.values:
        out.append((Side.NONE, entry.values))
    return out


def read(catalogue: Catalogue, data: Any) -> tuple[AssessmentIn | None, list[TrialSet], list[Problem]]:
    """The answers as trial sets, and every problem with them in one round: the shape (a word where a
    number goes, a bad date), the catalogue (an unknown test or measurement) and the ranges."""
    inp, problems = collect(AssessmentIn, data)
    tests: dict[str, TestEntryIn] = dict(inp.tests) if inp else {}
    raw_tests = data.get("tests") if isinstance(data, dict) else None
    if inp is None and isinstance(raw_tests, dict):  # check every entry that can be read on its own
        for test_id, raw in raw_tests.items():
            entry, more = collect(TestEntryIn, raw, ("tests", str(test_id)))
            problems += more
            if entry is not None:
                tests[str(test_id)] = entry
    unknown = {str(t) for t in (raw_tests if isinstance(raw_tests, dict) else {}) if str(t) not in catalogue.tests}
    if unknown:  # an unknown test is the one thing to say of it (not "no method given")
        problems = [p for p in problems if not (len(p.loc) >= 2 and p.loc[0] == "tests" and p.loc[1] in unknown)]
        known = Limits(allowed=tuple(sorted(catalogue.tests)))
        problems += [Problem.of(("tests", t), Code.UNKNOWN_TEST, t, known) for t in sorted(unknown)]
        tests = {t: e for t, e in tests.items() if t not in unknown}
    entries, more = to_trial_sets(tests)
    problems += more + validate_trials(entries, catalogue)
    return inp, entries, [_with_range(p, catalogue) for p in first_per_place(problems)]


def _with_range(p: Problem, catalogue: Catalogue) -> Problem:
    """A trial the input shape refused (a word where a number goes) gets the measurement's range and
    unit from the catalogue, which the shape does not know."""
    match p.loc:
        case ("tests", str(test_id), "left" | "right" | "values", str(metric_id), int()) if p.limits is None:
            metric = catalogue.metric(test_id, metric_id)
            return replace(p, limits=metric_limits(metric)) if metric else p
    return p


def record(ctx: Context, name: str | None, data: dict[str, Any]) -> RecordedAssessment:
    inp, entries, problems = read(ctx.catalogue, data)
    taken_on = ctx.clock().date()
    if inp is not None and inp.taken_on:
        try:
            taken_on = check_when(ctx, "taken_on", datetime.combine(inp.taken_on, ctx.clock().time())).date()
        except InvalidInput as err:
            problems += err.problems
    if problems or inp is None:
        raise InvalidInput(problems, "The test results were not recorded")
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        ensure_screened(ctx, s, p)
        # Results of one day form one assessment: a measurement entered again that day (same test, side and
        # metric) replaces the earlier one; the others are kept.
        a = next((x for x in Assessments(s).all(p.id) if x.taken_on == taken_on), None)
        if a is None:
            a = Assessment(profile_id=p.id, taken_on=taken_on, recorded_at=ctx.clock())
            s.add(a)
        replaced = {(e.test_id, e.metric_id, e.side.value) for e in entries}
        for old in [m for m in a.measurements if (m.test_id, m.metric_id, m.side) in replaced]:
            a.measurements.remove(old)
        for e in entries:
            for i, value in enumerate(e.values, start=1):
                a.measurements.append(
                    Measurement(
                        test_id=e.test_id,
                        metric_id=e.metric_id,
                        side=e.side.value,
                        trial=i,
                        value=value,
                        method=e.method.value,
                        placement=e.placement,
                    )
                )
        a.recorded_at = ctx.clock()
        s.flush()
        age = profiles.age_of(p, taken_on.year)
        result = score(entries, ctx.catalogue, age, placement_texts(ctx))
        earlier = [x for x in Assessments(s).all(p.id) if x.taken_on < taken_on]
        if earlier:
            found = groin_referrals(
                result.results, rescore(earlier[-1], ctx.catalogue, age, placement_texts(ctx)).results
            )
            result = dataclasses.replace(result, rechecks=(*result.rechecks, *found))
        return RecordedAssessment(a.id, taken_on, result)


def placement_texts(ctx: Context) -> dict[str, str]:
    """Phone placement id → the text stored with a measurement taken that way (read once by the app)."""
    placements = getattr(ctx, "placements", None)
    return {pl.id: pl.stored_as for pl in placements.placements} if placements is not None else {}


def rescore(
    a: Assessment | Sequence[Measurement],
    catalogue: Catalogue,
    age: int | None = None,
    placements: dict[str, str] | None = None,
) -> AssessmentResult:
    """Score stored measurements with today's thresholds (they may have been edited)."""
    grouped: dict[tuple[str, str, str], list[Measurement]] = defaultdict(list)
    for m in a.measurements if isinstance(a, Assessment) else a:
        if catalogue.metric(m.test_id, m.metric_id) is not None:
            grouped[(m.test_id, m.metric_id, m.side)].append(m)
    entries = [
        TrialSet(
            t,
            mid,
            Side(side),
            tuple(m.value for m in sorted(ms, key=lambda m: m.trial)),
            MeasureMethod(ms[0].method),
            ms[0].placement,
        )
        for (t, mid, side), ms in grouped.items()
    ]
    return score(entries, catalogue, age, placements)


def per_test(stored: Sequence[Assessment], *, first: bool) -> tuple[list[Measurement], dict[str, date]]:
    """For every test, the measurements of its first (baseline) or latest assessment, and that date."""
    chosen: dict[str, tuple[date, list[Measurement]]] = {}
    for a in stored if first else reversed(stored):
        for test_id in dict.fromkeys(m.test_id for m in a.measurements):  # in entry order, not a set's
            if test_id not in chosen:
                chosen[test_id] = (a.taken_on, [m for m in a.measurements if m.test_id == test_id])
    measurements = [m for _, ms in chosen.values() for m in ms]
    return measurements, {t: d for t, (d, _) in chosen.items()}


def current_result(
    s: Session,
    profile_id: int,
    catalogue: Catalogue,
    age: int | None = None,
    placements: dict[str, str] | None = None,
) -> AssessmentResult | None:
    stored = Assessments(s).all(profile_id)
    if not stored:
        return None
    latest, _ = per_test(stored, first=False)
    return rescore(latest, catalogue, age, placements)


def current(ctx: Context, name: str | None) -> AssessmentResult | None:
    """The latest result of every test, classified (None before any test)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        return current_result(s, p.id, ctx.catalogue, profiles.age_of(p, ctx.clock().year), placement_texts(ctx))


@dataclass(frozen=True)
class TodayValue:
    """A value of one test already saved today (saving the test again today replaces it)."""

    side: str
    metric_id: str
    values: tuple[float, ...]


def saved_today(ctx: Context, name: str | None, test_id: str) -> list[TodayValue]:
    """This test's values already saved today, side by side: one assessment holds one day, so saving the
    test again today replaces them (the page says so before the save)."""
    today = ctx.clock().date()
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        a = next((x for x in Assessments(s).all(p.id) if x.taken_on == today), None)
        found: dict[tuple[str, str], list[float]] = defaultdict(list)
        for m in a.measurements if a else ():
            if m.test_id == test_id:
                found[(m.side, m.metric_id)].append(m.value)
        return [TodayValue(side, metric, tuple(values)) for (side, metric), values in found.items()]


def last_methods(ctx: Context, name: str | None, test_id: str) -> dict[str, str]:
    """How each measurement of this test was taken the last time it was recorded (metric id → method),
    so the test page can offer the same way again: values taken different ways are never compared."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        latest, _ = per_test(Assessments(s).all(p.id), first=False)
        return {m.metric_id: m.method for m in latest if m.test_id == test_id}
