"""Is a change real? Pain, the functional scale and the mobility tests against MCID / MDC."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from supple.catalogue.rules import IntervalRule, PainRule, PsfsRule
from supple.catalogue.schema import Direction, Unit
from supple.domain.assessment import MetricResult
from supple.domain.formatting import number, signed
from supple.numbers import plain
from supple.numbers import plain_change as _signed


class Verdict(StrEnum):
    REAL_IMPROVEMENT = "real improvement"
    REAL_WORSENING = "real worsening"
    WITHIN_ERROR = "within measurement error"
    NOT_COMPARABLE = "not comparable"


@dataclass(frozen=True)
class Change:
    before: float
    after: float
    change: float
    threshold: str
    verdict: Verdict
    text: str


def pain_change(before: float, after: float, rule: PainRule) -> Change:
    """Lower is better. Real when the change reaches the MCID in points or in percent."""
    delta = after - before
    percent = abs(delta) / before * 100 if before > 0 else 0.0
    real = abs(delta) >= rule.mcid_points or (before > 0 and percent >= rule.mcid_percent and abs(delta) >= 1)
    verdict = Verdict.WITHIN_ERROR
    if real:
        verdict = Verdict.REAL_IMPROVEMENT if delta < 0 else Verdict.REAL_WORSENING
    threshold = f"{rule.mcid_points:g} points or {rule.mcid_percent:g}%"
    words = ("real change, better" if delta < 0 else "real change, worse") if real else "within measurement error"
    text = f"pain {plain(before)} → {plain(after)} ({_signed(delta)}); {words} (needs {threshold})"
    return Change(before, after, delta, threshold, verdict, text)


def psfs_change(
    before: Mapping[str, float], after: Mapping[str, float], rule: PsfsRule
) -> tuple[Change | None, dict[str, Change]]:
    """Average over the activities rated both times (needs >= change_average),
    and each activity (needs >= change_single). Higher is better."""
    common = [a for a in before if a in after]
    singles: dict[str, Change] = {}
    for a in common:
        delta = after[a] - before[a]
        real = abs(delta) >= rule.change_single
        verdict = (Verdict.REAL_IMPROVEMENT if delta > 0 else Verdict.REAL_WORSENING) if real else Verdict.WITHIN_ERROR
        words = f"{a}: {plain(before[a])} → {plain(after[a])}"
        singles[a] = Change(before[a], after[a], delta, f"{rule.change_single:g} points", verdict, words)
    if not common:
        return None, singles
    b = sum(before[a] for a in common) / len(common)
    f = sum(after[a] for a in common) / len(common)
    delta = round(f - b, 2)
    real = abs(delta) >= rule.change_average
    verdict = (Verdict.REAL_IMPROVEMENT if delta > 0 else Verdict.REAL_WORSENING) if real else Verdict.WITHIN_ERROR
    said = "real change" if real else "within measurement error"
    text = f"activity score {plain(b)} → {plain(f)} ({_signed(delta)}); {said}"
    return Change(round(b, 2), round(f, 2), delta, f"{rule.change_average:g} points", verdict, text), singles


def measurement_change(before: MetricResult, after: MetricResult) -> Change:
    """A test result against the same test's earlier result, judged against its MDC."""
    t = after.threshold
    mdc = t.mdc if t else None
    delta = round(after.value - before.value, 2)
    unit = after.unit
    if before.method != after.method:
        text = f"measured by {before.method.value} then {after.method.value}: not comparable"
        return Change(before.value, after.value, delta, "-", Verdict.NOT_COMPARABLE, text)
    if before.placement and after.placement and before.placement != after.placement:
        text = "the phone was in a different place the two times: not comparable"
        return Change(before.value, after.value, delta, "-", Verdict.NOT_COMPARABLE, text)
    if unit is Unit.PASS_FAIL or mdc is None:
        verdict = Verdict.WITHIN_ERROR if delta == 0 else Verdict.NOT_COMPARABLE
        text = f"{number(before.value, unit)} → {number(after.value, unit)} (no measurement-error figure; tracked only)"
        return Change(before.value, after.value, delta, "-", verdict, text)
    higher_better = t is None or t.direction is Direction.HIGHER_IS_BETTER
    real = abs(delta) >= mdc
    verdict = Verdict.WITHIN_ERROR
    if real:
        verdict = Verdict.REAL_IMPROVEMENT if (delta > 0) == higher_better else Verdict.REAL_WORSENING
    words = (
        ("real change, better" if verdict is Verdict.REAL_IMPROVEMENT else "real change, worse")
        if real
        else ("within measurement error")
    )
    moved = f"{number(before.value, unit)} → {number(after.value, unit)} ({signed(delta, unit)})"
    text = f"{moved}; {words} (needs {number(mdc, unit)})"
    return Change(before.value, after.value, delta, number(mdc, unit), verdict, text)


def confirmed_change(baseline: MetricResult, retests: Sequence[MetricResult]) -> bool:
    """A real change seen on the last two re-tests in a row, in the same direction (clinical-reference §0:
    a single re-test past the MDC may still be measurement error, so prefer two)."""
    if len(retests) < 2:
        return False
    first, second = (measurement_change(baseline, r).verdict for r in retests[-2:])
    return first == second and first in (Verdict.REAL_IMPROVEMENT, Verdict.REAL_WORSENING)


def confirmation_note(change: Change | None, confirmed: bool) -> str:
    """What a real change still needs, in words: '' when there is no real change to confirm."""
    if change is None or change.verdict not in (Verdict.REAL_IMPROVEMENT, Verdict.REAL_WORSENING):
        return ""
    if confirmed:
        return "Confirmed: seen at two re-tests in a row."
    return "Seen once so far: the next re-test will confirm it or not."


@dataclass(frozen=True)
class RetestDue:
    last: date | None
    due: date
    is_due: bool
    too_soon: bool


def retest_due(last_assessment: date | None, today: date, rule: IntervalRule) -> RetestDue:
    if last_assessment is None:
        return RetestDue(None, today, True, False)
    due = last_assessment + timedelta(days=rule.interval_days)
    too_soon = today < last_assessment + timedelta(days=rule.earliest_days)
    return RetestDue(last_assessment, due, today >= due, too_soon)
