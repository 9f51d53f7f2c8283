"""Values typed from a phone level match what the level shows (issue 12 §2): a worked example per test."""

from __future__ import annotations

from typing import Any

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import LevelRule, MeasureMethod, Metric
from supple.domain.inclinometer import level_value


def _phone_metrics(catalogue: Catalogue) -> list[tuple[str, Metric]]:
    return [(t.id, m) for t in catalogue.tests.values() for m in t.metrics if MeasureMethod.PHONE in m.methods]


def test_every_phone_metric_says_what_the_level_shows_and_what_to_enter(catalogue: Catalogue) -> None:
    metrics = _phone_metrics(catalogue)
    assert len(metrics) >= 8
    for test_id, m in metrics:
        assert m.phone_level is not None, f"{test_id}.{m.id}"


def test_every_worked_example_gives_its_value(catalogue: Catalogue) -> None:
    for test_id, m in _phone_metrics(catalogue):
        assert m.phone_level is not None
        ex = m.phone_level.example
        got = level_value(m.phone_level.rule, ex.readings, past_vertical=ex.past_vertical, below=ex.below, plus=ex.plus)
        assert got == pytest.approx(ex.value), f"{test_id}.{m.id}"
        assert m.min <= ex.value <= m.max, f"{test_id}.{m.id}: the example lies outside the field's range"


def test_a_hip_bent_to_120_degrees_reads_60_on_a_level_and_is_entered_as_120(catalogue: Catalogue) -> None:
    metric = catalogue.metric("supine-hip-flexion", "hip_flexion_deg")
    assert metric is not None
    assert metric.phone_level is not None
    assert metric.phone_level.rule is LevelRule.PAST_VERTICAL
    assert level_value(LevelRule.PAST_VERTICAL, [60], past_vertical=True) == 120
    assert level_value(LevelRule.PAST_VERTICAL, [75]) == 75  # not past straight up: as read
    steps = " ".join(catalogue.tests["supine-hip-flexion"].steps)
    assert "180 minus" in steps
    assert "60 then means 120" in steps


@pytest.mark.parametrize(
    ("rule", "readings", "flags", "value"),
    [
        (LevelRule.NINETY_MINUS, [54], {}, 36),  # knee-to-wall: shin lean from vertical
        (LevelRule.SIGNED, [12], {"below": True}, -12),  # Thomas thigh below the bed
        (LevelRule.SIGNED, [4], {}, 4),
        (LevelRule.PAST_VERTICAL_PLUS, [80], {"plus": -10}, 70),  # Thomas knee, foot forward
        (LevelRule.PAST_VERTICAL_PLUS, [80], {"plus": -10, "past_vertical": True}, 90),  # foot tucked back
        (LevelRule.COMPASS_TURN, [350, 35], {}, 45),  # across north
        (LevelRule.COMPASS_TURN, [10, 300], {}, 70),
        (LevelRule.DIFFERENCE_CHANGE, [20, 5, 8, 13], {}, 20),
        (LevelRule.AS_READ, [48], {}, 48),
    ],
)
def test_level_readings_become_values_by_the_geometry_of_each_test(
    rule: LevelRule, readings: list[float], flags: dict[str, Any], value: float
) -> None:
    assert level_value(rule, readings, **flags) == value


def test_the_thomas_knee_phone_method_matches_the_reference_geometry() -> None:
    # clinical-reference §3.1: knee flexion = 90 + thigh angle - shin angle from vertical (phi).
    # A level on the shin reads 90 - phi, so thigh + reading = 90 + thigh - phi.
    for thigh in (-15, -5, 0, 5):
        for phi in (-10, 0, 10, 25):
            reading = 90 - abs(phi)
            expected = 90 + thigh - phi
            got = level_value(LevelRule.PAST_VERTICAL_PLUS, [reading], plus=thigh, past_vertical=phi < 0)
            assert got == expected


def test_the_lumbar_locked_rotation_phone_lies_across_the_spine(catalogue: Catalogue) -> None:
    from supple.catalogue.phone import load_placements

    steps = " ".join(catalogue.tests["lumbar-locked-rotation"].steps)
    assert "across your upper back" in steps
    assert "along the top of your spine" not in steps
    placement = next(p for p in load_placements(catalogue).placements if p.test == "lumbar-locked-rotation")
    assert "across" in placement.stored_as
    assert "ACROSS" in " ".join(placement.steps)


def test_the_thomas_knee_angle_has_a_phone_placement_on_the_shin(catalogue: Catalogue) -> None:
    from supple.catalogue.phone import load_placements

    knee = [p for p in load_placements(catalogue).placements if p.metric == "knee_flexion_deg"]
    assert len(knee) == 1
    assert "shin" in knee[0].stored_as
    assert knee[0].plus_metric == "thigh_angle_deg"
