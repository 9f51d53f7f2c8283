"""Unusual values and large side differences are not fed silently to the planner (issue 12 §2)."""

from __future__ import annotations

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import MeasureMethod
from supple.domain.assessment import Side, TrialSet, score
from supple.domain.recheck import RecheckKind


def _ktw(left: float, right: float) -> list[TrialSet]:
    return [
        TrialSet("knee-to-wall", "toe_to_wall_cm", Side.LEFT, (left,), MeasureMethod.TAPE),
        TrialSet("knee-to-wall", "toe_to_wall_cm", Side.RIGHT, (right,), MeasureMethod.TAPE),
    ]


def test_every_recheck_limit_has_a_tagged_source_and_names_a_real_metric(catalogue: Catalogue) -> None:
    rules = catalogue.thresholds.recheck
    assert rules is not None
    assert rules.source.tag.value == "D"
    for limit in rules.limits:
        assert catalogue.metric(limit.test, limit.metric) is not None


def test_an_unusual_value_asks_for_a_recheck_and_gets_no_level(catalogue: Catalogue) -> None:
    result = score(_ktw(25, 12), catalogue, age=40)
    kinds = [(r.side, r.kind) for r in result.rechecks]
    assert ("left", RecheckKind.UNUSUAL) in kinds
    left = next(r for r in result.results if r.side is Side.LEFT)
    assert left.level is None
    assert "measure again" in (left.note or "")


def test_a_large_side_difference_asks_for_a_recheck_and_a_very_large_one_suggests_a_clinician(
    catalogue: Catalogue,
) -> None:
    ordinary = score(_ktw(11, 12), catalogue, age=40)
    large = score(_ktw(7, 12), catalogue, age=40)  # 5 cm: re-check from 4 cm
    huge = score(_ktw(4, 12), catalogue, age=40)  # 8 cm: clinician from 6 cm
    assert ordinary.rechecks == ()
    assert [r.kind for r in large.rechecks] == [RecheckKind.DIFFERENCE]
    assert [r.kind for r in huge.rechecks] == [RecheckKind.CLINICIAN]
    assert "doctor or physiotherapist" in huge.rechecks[0].message
