"""Real change versus measurement error (clinical-reference §6, §7.2)."""

from __future__ import annotations

from datetime import date

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import MeasureMethod
from supple.domain.assessment import MetricResult, Side, TrialSet, score
from supple.domain.outcomes import (
    Verdict,
    confirmation_note,
    confirmed_change,
    measurement_change,
    pain_change,
    psfs_change,
    retest_due,
)


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (5, 3, Verdict.REAL_IMPROVEMENT),  # 2 points
        (5, 4, Verdict.WITHIN_ERROR),  # 1 point, 20 %
        (3, 2, Verdict.REAL_IMPROVEMENT),  # 1 point but 33 %
        (8, 7, Verdict.WITHIN_ERROR),
        (2, 4, Verdict.REAL_WORSENING),
        (0, 1, Verdict.WITHIN_ERROR),
    ],
)
def test_pain_change_needs_two_points_or_thirty_percent(
    catalogue: Catalogue, before: float, after: float, verdict: Verdict
) -> None:
    assert pain_change(before, after, catalogue.outcomes.pain).verdict is verdict


def test_functional_scale_uses_two_points_for_the_average_and_three_for_one_activity(catalogue: Catalogue) -> None:
    avg, single = psfs_change({"socks": 3, "garden": 4}, {"socks": 6, "garden": 5}, catalogue.outcomes.psfs)
    assert avg is not None
    assert avg.change == 2.0
    assert avg.verdict is Verdict.REAL_IMPROVEMENT
    assert single["socks"].verdict is Verdict.REAL_IMPROVEMENT
    assert single["garden"].verdict is Verdict.WITHIN_ERROR


def _one(test_id: str, metric: str, value: float, method: MeasureMethod, catalogue: Catalogue) -> MetricResult:
    return score([TrialSet(test_id, metric, Side.RIGHT, (value,), method)], catalogue).results[0]


@pytest.mark.parametrize(
    ("test_id", "metric", "before", "after", "method", "verdict"),
    [
        ("knee-to-wall", "toe_to_wall_cm", 6, 8, MeasureMethod.TAPE, Verdict.REAL_IMPROVEMENT),  # MDC 2 cm
        ("knee-to-wall", "toe_to_wall_cm", 6, 7.5, MeasureMethod.TAPE, Verdict.WITHIN_ERROR),
        ("seated-thoracic-rotation", "rotation_deg", 40, 46, MeasureMethod.PHONE, Verdict.REAL_IMPROVEMENT),  # MDC 6
        ("seated-thoracic-rotation", "rotation_deg", 40, 45, MeasureMethod.PHONE, Verdict.WITHIN_ERROR),
        ("modified-thomas", "thigh_angle_deg", 5, -6, MeasureMethod.PHONE, Verdict.REAL_IMPROVEMENT),  # lower better
        ("supine-hip-flexion", "hip_flexion_deg", 120, 108, MeasureMethod.PHONE, Verdict.REAL_WORSENING),
    ],
)
def test_a_test_result_changes_for_real_only_beyond_its_mdc(
    catalogue: Catalogue,
    test_id: str,
    metric: str,
    before: float,
    after: float,
    method: MeasureMethod,
    verdict: Verdict,
) -> None:
    change = measurement_change(
        _one(test_id, metric, before, method, catalogue), _one(test_id, metric, after, method, catalogue)
    )
    assert change.verdict is verdict
    assert ("real change" in change.text) is (verdict in (Verdict.REAL_IMPROVEMENT, Verdict.REAL_WORSENING))


def test_values_taken_with_different_methods_are_not_compared(catalogue: Catalogue) -> None:
    a = _one("knee-to-wall", "tibia_angle_deg", 30, MeasureMethod.PHONE, catalogue)
    b = _one("knee-to-wall", "tibia_angle_deg", 45, MeasureMethod.GONIOMETER, catalogue)
    assert measurement_change(a, b).verdict is Verdict.NOT_COMPARABLE


def test_retests_fall_due_every_four_weeks_and_not_before_two(catalogue: Catalogue) -> None:
    rule = catalogue.outcomes.retest
    assert retest_due(None, date(2026, 3, 1), rule).is_due
    due = retest_due(date(2026, 3, 1), date(2026, 3, 28), rule)
    assert (due.is_due, due.due) == (False, date(2026, 3, 29))
    assert retest_due(date(2026, 3, 1), date(2026, 3, 29), rule).is_due
    assert retest_due(date(2026, 3, 1), date(2026, 3, 10), rule).too_soon


def test_a_real_change_is_confirmed_only_by_two_retests_in_a_row_in_the_same_direction(catalogue: Catalogue) -> None:
    def cm(value: float) -> MetricResult:
        return _one("knee-to-wall", "toe_to_wall_cm", value, MeasureMethod.TAPE, catalogue)

    base = cm(6)  # MDC 2 cm
    assert not confirmed_change(base, [cm(9)])  # once is not enough
    assert confirmed_change(base, [cm(9), cm(8.5)])
    assert not confirmed_change(base, [cm(9), cm(7)])  # the second is within error
    assert not confirmed_change(base, [cm(9), cm(3)])  # better, then worse
    assert confirmed_change(base, [cm(7), cm(9), cm(10)])  # the last two count
    assert confirmed_change(base, [cm(3), cm(2)])  # worse, twice
    change = measurement_change(base, cm(9))
    assert confirmation_note(change, False).startswith("Seen once")
    assert confirmation_note(change, True).startswith("Confirmed")
    assert confirmation_note(measurement_change(base, cm(7)), False) == ""
