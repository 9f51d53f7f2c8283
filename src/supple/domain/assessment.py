"""Scoring the self-tests: validate trials, summarise them, classify, flag asymmetry, sum up regions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import (
    Direction,
    Level,
    MeasureMethod,
    Metric,
    Region,
    TestDefinition,
    Threshold,
    Unit,
)
from supple.domain.formatting import exact_number
from supple.domain.recheck import Recheck, hold_unusual, rechecks
from supple.problems import Code, Limits, Loc, Problem

LEVEL_RANK: dict[Level, int] = {"restricted": 0, "borderline": 1, "adequate": 2}


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"  # tests that are not done per side


@dataclass(frozen=True)
class TrialSet:
    """Up to three trials of one metric on one side, as entered."""

    test_id: str
    metric_id: str
    side: Side
    values: tuple[float, ...]
    method: MeasureMethod
    placement: str | None = None
    method_per_metric: bool = False  # the method was given per measurement (where a problem with it is)


@dataclass(frozen=True)
class MetricResult:
    test_id: str
    metric_id: str
    side: Side
    value: float
    trials: int
    method: MeasureMethod
    unit: Unit
    level: Level | None
    severity: float  # > 0: that many typical spreads worse than the borderline cut-off
    threshold: Threshold | None
    note: str | None = None  # why a scored metric got no level (its guide value does not apply)
    placement: str | None = None  # where the phone was: values from different placements are never compared


@dataclass(frozen=True)
class AsymmetryFlag:
    test_id: str
    metric_id: str
    left: float
    right: float
    difference: float
    flag_at: float
    marked: bool
    worse_side: Side
    unit: Unit


@dataclass(frozen=True)
class ImbalanceFlag:
    test_id: str
    side: Side
    difference: float
    label: str


@dataclass(frozen=True)
class RegionSummary:
    region: Region
    level: Level | None  # None when nothing in the region was scored
    severity: float
    findings: tuple[MetricResult, ...]  # scored results, worst first
    asymmetries: tuple[AsymmetryFlag, ...]
    imbalances: tuple[ImbalanceFlag, ...]


@dataclass(frozen=True)
class AssessmentResult:
    results: tuple[MetricResult, ...]
    asymmetries: tuple[AsymmetryFlag, ...]
    imbalances: tuple[ImbalanceFlag, ...]
    regions: dict[Region, RegionSummary] = field(default_factory=dict)
    rechecks: tuple[Recheck, ...] = ()  # unusual values and large side differences to measure again


def validate_trials(entries: Sequence[TrialSet], catalogue: Catalogue) -> list[Problem]:
    """Every reason the entries cannot be recorded, each with its place, the given value and the limits."""
    problems: list[Problem] = []
    seen: set[tuple[str, str, Side]] = set()
    max_trials = catalogue.thresholds.trial_summary.max_trials
    for entry in entries:
        test = catalogue.tests.get(entry.test_id)
        if test is None:
            problems.append(
                Problem.of(
                    ("tests", entry.test_id),
                    Code.UNKNOWN_TEST,
                    entry.test_id,
                    Limits(allowed=tuple(sorted(catalogue.tests))),
                )
            )
            continue
        where = ("tests", entry.test_id, entry.side.value if entry.side is not Side.NONE else "values", entry.metric_id)
        metric = catalogue.metric(entry.test_id, entry.metric_id)
        if metric is None:
            allowed = Limits(allowed=tuple(m.id for m in test.metrics))
            problems.append(Problem.of(where, Code.UNKNOWN_MEASUREMENT, entry.metric_id, allowed))
            continue
        problems += _side_problems(test, entry.side, where)
        key = (entry.test_id, entry.metric_id, entry.side)
        if key in seen:
            problems.append(Problem.of(where, Code.DUPLICATE))
        seen.add(key)
        if entry.method not in metric.methods:
            method_at = ("tests", entry.test_id, "method") + ((metric.id,) if entry.method_per_metric else ())
            allowed = Limits(allowed=tuple(m.value for m in metric.methods))
            problems.append(Problem.of(method_at, Code.NOT_A_CHOICE, entry.method.value, allowed))
        if not 1 <= len(entry.values) <= max_trials:
            code = Code.TOO_MANY if len(entry.values) > max_trials else Code.TOO_FEW
            problems.append(Problem.of(where, code, len(entry.values), Limits(1, max_trials, "tries")))
        problems += _value_problems(entry.values, metric, where)
    return problems


def _side_problems(test: TestDefinition, side: Side, where: tuple[str, ...]) -> list[Problem]:
    if test.bilateral and side is Side.NONE:
        return [
            Problem.of(
                where, Code.INVALID, note="this test is done on each side", limits=Limits(allowed=("left", "right"))
            )
        ]
    if not test.bilateral and side is not Side.NONE:
        return [Problem.of(where, Code.INVALID, note="this test is not done per side; give the values without a side")]
    return []


def _value_problems(values: Iterable[float], metric: Metric, where: tuple[str, ...]) -> list[Problem]:
    problems = []
    for i, value in enumerate(values):
        at: Loc = (*where, i)
        if not math.isfinite(value):
            problems.append(Problem.of(at, Code.NOT_A_NUMBER, None, metric_limits(metric)))
        elif metric.unit is Unit.PASS_FAIL and value not in (0, 1):
            problems.append(Problem.of(at, Code.NOT_A_CHOICE, value, Limits(text="0 (fail) or 1 (pass)")))
        elif not metric.min <= value <= metric.max:
            problems.append(Problem.of(at, Code.OUT_OF_RANGE, value, metric_limits(metric)))
    return problems


def metric_limits(metric: Metric) -> Limits:
    return Limits(metric.min, metric.max, _unit(metric))


def _unit(metric: Metric) -> str:
    return "degrees" if metric.unit is Unit.DEG else metric.unit.label


def summarise(values: Sequence[float], unit: Unit) -> float:
    """The same summary every time: the mean of the trials, or the majority for pass/fail."""
    if unit is Unit.PASS_FAIL:
        return 1.0 if sum(values) * 2 > len(values) else 0.0
    return round(sum(values) / len(values), 2)


def classify(value: float, threshold: Threshold) -> tuple[Level | None, float]:
    """Level and severity (spreads beyond the borderline cut-off; negative when better)."""
    if not threshold.scored or threshold.restricted is None or threshold.borderline is None:
        return None, 0.0
    if threshold.direction is Direction.HIGHER_IS_BETTER:
        beyond = threshold.borderline - value
        level: Level = (
            "restricted"
            if value < threshold.restricted
            else "borderline"
            if value < threshold.borderline
            else "adequate"
        )
    else:
        beyond = value - threshold.borderline
        level = (
            "restricted"
            if value > threshold.restricted
            else "borderline"
            if value > threshold.borderline
            else "adequate"
        )
    return level, round(beyond / threshold.spread, 3)


# The kinds of threshold condition this module applies. A test checks that every condition in the
# thresholds file uses only these, so no condition is written down without being applied.
APPLIED_CONDITIONS = frozenset({"age_max", "same_side", "placement", "protocol_step"})


def condition_fails(
    threshold: Threshold,
    entry: TrialSet,
    age: int | None,
    values: dict[tuple[str, str, Side], float],
    placements: dict[str, str],
) -> bool:
    """True when the threshold's guide values do not apply to this entry (no level is given)."""
    c = threshold.condition
    if c is None:
        return False
    if c.age_max is not None and age is not None and age > c.age_max:
        return True
    if c.same_side is not None:
        other = values.get((entry.test_id, c.same_side.metric, entry.side))
        if other is not None and c.same_side.at_most is not None and other > c.same_side.at_most:
            return True
        if other is not None and c.same_side.at_least is not None and other < c.same_side.at_least:
            return True
    if c.placement is not None and entry.placement is not None:
        # Typed values follow the test's own steps; a phone value names where the phone was.
        expected = placements.get(c.placement)
        if expected is not None and entry.placement != expected:
            return True
    # protocol_step: the step is part of the test's instructions (checked when the catalogue loads) and
    # shown as a must on the test page and in `supple assess`; nothing to decide per value.
    return False


def score(
    entries: Sequence[TrialSet],
    catalogue: Catalogue,
    age: int | None = None,
    placements: dict[str, str] | None = None,
) -> AssessmentResult:
    """Score already-validated entries (see :func:`validate_trials`). ``age`` applies age-limited guide
    values; ``placements`` maps a phone placement id to the text stored with a phone measurement."""
    results: list[MetricResult] = []
    values = {
        (e.test_id, e.metric_id, e.side): summarise(e.values, m.unit)
        for e in entries
        if (m := catalogue.metric(e.test_id, e.metric_id)) is not None
    }
    for entry in entries:
        metric = catalogue.metric(entry.test_id, entry.metric_id)
        assert metric is not None, "score() needs validated entries"
        threshold = catalogue.threshold(entry.test_id, entry.metric_id)
        value = summarise(entry.values, metric.unit)
        level, severity = classify(value, threshold) if threshold else (None, 0.0)
        note = None
        if (
            threshold is not None
            and level is not None
            and condition_fails(threshold, entry, age, values, placements or {})
        ):
            level, severity = None, 0.0
            note = threshold.condition.otherwise if threshold.condition else None
        results.append(
            MetricResult(
                entry.test_id,
                entry.metric_id,
                entry.side,
                value,
                len(entry.values),
                entry.method,
                metric.unit,
                level,
                severity,
                threshold,
                note,
                entry.placement,
            )
        )
    found = rechecks(results, catalogue.thresholds.recheck)
    results = hold_unusual(results, found)
    asymmetries = tuple(_asymmetries(results))
    imbalances = tuple(_imbalances(results, catalogue))
    regions = {region: _region_summary(region, results, asymmetries, imbalances, catalogue) for region in Region}
    return AssessmentResult(tuple(results), asymmetries, imbalances, regions, tuple(found))


def _asymmetries(results: Sequence[MetricResult]) -> Iterable[AsymmetryFlag]:
    by_key = {(r.test_id, r.metric_id, r.side): r for r in results}
    for r in results:
        if r.side is not Side.LEFT or r.threshold is None or r.threshold.asymmetry_flag is None:
            continue
        right = by_key.get((r.test_id, r.metric_id, Side.RIGHT))
        if right is None:
            continue
        diff = abs(r.value - right.value)
        if diff >= r.threshold.asymmetry_flag:
            marked = r.threshold.asymmetry_marked is not None and diff >= r.threshold.asymmetry_marked
            left_worse = (r.value < right.value) == (r.threshold.direction is Direction.HIGHER_IS_BETTER)
            yield AsymmetryFlag(
                r.test_id,
                r.metric_id,
                r.value,
                right.value,
                round(diff, 2),
                r.threshold.asymmetry_flag,
                marked,
                Side.LEFT if left_worse else Side.RIGHT,
                r.unit,
            )


def _imbalances(results: Sequence[MetricResult], catalogue: Catalogue) -> Iterable[ImbalanceFlag]:
    by_key = {(r.test_id, r.metric_id, r.side): r for r in results}
    for rule in catalogue.thresholds.imbalances:
        for side in Side:
            larger = by_key.get((rule.test, rule.larger, side))
            smaller = by_key.get((rule.test, rule.smaller, side))
            if larger and smaller and larger.value - smaller.value > rule.flag_above:
                yield ImbalanceFlag(rule.test, side, round(larger.value - smaller.value, 2), rule.label)


def _region_summary(
    region: Region,
    results: Sequence[MetricResult],
    asymmetries: Sequence[AsymmetryFlag],
    imbalances: Sequence[ImbalanceFlag],
    catalogue: Catalogue,
) -> RegionSummary:
    def in_region(test_id: str) -> bool:
        return catalogue.tests[test_id].region is region

    scored = sorted(
        (r for r in results if in_region(r.test_id) and r.level is not None),
        key=lambda r: (LEVEL_RANK[r.level or "adequate"], -r.severity, r.test_id, r.metric_id, r.side.value),
    )
    level = scored[0].level if scored else None
    severity = scored[0].severity if scored else 0.0
    return RegionSummary(
        region,
        level,
        severity,
        tuple(scored),
        tuple(a for a in asymmetries if in_region(a.test_id)),
        tuple(i for i in imbalances if in_region(i.test_id)),
    )


def describe(result: MetricResult, catalogue: Catalogue) -> str:
    """Plain words for one finding, e.g. 'right knee-to-wall 6 cm, below the 9 cm threshold'."""
    test = catalogue.tests[result.test_id]
    metric = catalogue.metric(result.test_id, result.metric_id)
    assert metric is not None
    side = "" if result.side is Side.NONE else f"{result.side.value} "
    what = f"{side}{_short_name(test)}"
    if len(test.metrics) > 1:
        what += f" ({metric.label.split(' (')[0].lower()})"
    value = exact_number(result.value, result.unit)
    t = result.threshold
    if result.note:
        return f"{what} {value} ({result.note[0].lower()}{result.note[1:]})"
    if result.level is None or t is None or t.restricted is None or t.borderline is None:
        return f"{what} {value}"
    below = t.direction is Direction.HIGHER_IS_BETTER
    if result.level == "restricted":
        word = "below" if below else "above"
        guide = f"{exact_number(t.borderline, result.unit)} or {'more' if below else 'less'}"
        # The guide (the line to adequate) is the value every page names; the threshold is where restricted starts.
        return f"{what} {value}, {word} the {exact_number(t.restricted, result.unit)} threshold (our guide: {guide})"
    if result.level == "borderline":
        lo, hi = sorted((t.restricted, t.borderline))
        band = f"{exact_number(lo, result.unit)} to {exact_number(hi, result.unit)}"
        return f"{what} {value}, in the borderline band ({band})"
    word = "at or above" if below else "at or below"
    return f"{what} {value}, {word} the {exact_number(t.borderline, result.unit)} mark"


def describe_asymmetry(flag: AsymmetryFlag, catalogue: Catalogue) -> str:
    test = catalogue.tests[flag.test_id]
    size = "a marked difference" if flag.marked else "a difference"
    return (
        f"{_short_name(test)}: {size} of {exact_number(flag.difference, flag.unit)} between sides "
        f"(left {exact_number(flag.left, flag.unit)}, right {exact_number(flag.right, flag.unit)}; "
        f"flagged from {exact_number(flag.flag_at, flag.unit)}), {flag.worse_side.value} side stiffer"
    )


def _short_name(test: TestDefinition) -> str:
    return test.name.split(" (")[0].split(" with ")[0].lower()
