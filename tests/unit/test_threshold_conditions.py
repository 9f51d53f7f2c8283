"""Every `condition` in the thresholds file is applied by the code (issue 12 §2)."""

from __future__ import annotations

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import MeasureMethod
from supple.domain.assessment import APPLIED_CONDITIONS, MetricResult, Side, TrialSet, describe, score


def _one(
    test: str,
    metric: str,
    side: Side,
    *values: float,
    method: MeasureMethod = MeasureMethod.TAPE,
    placement: str | None = None,
) -> TrialSet:
    return TrialSet(test, metric, side, tuple(values), method, placement)


def test_every_threshold_condition_uses_only_kinds_the_code_applies(catalogue: Catalogue) -> None:
    conditioned = [t for t in catalogue.thresholds.thresholds if t.condition is not None]
    assert len(conditioned) >= 4
    for t in conditioned:
        assert t.condition is not None
        used = {k for k, v in t.condition.model_dump().items() if v is not None} - {"otherwise", "source"}
        assert used, f"{t.test}.{t.metric}: a condition with nothing to apply"
        assert used <= APPLIED_CONDITIONS, f"{t.test}.{t.metric}: {used - APPLIED_CONDITIONS} is not applied"
        assert t.condition.source.ref
        assert t.condition.source.tag


def test_knee_to_wall_guide_values_apply_up_to_59_and_older_people_are_not_called_restricted(
    catalogue: Catalogue,
) -> None:
    entry = [_one("knee-to-wall", "toe_to_wall_cm", Side.LEFT, 6, 6, 6)]
    young = score(entry, catalogue, age=59).results[0]
    old = score(entry, catalogue, age=72).results[0]
    assert young.level == "restricted"  # 6 cm is below the 9 cm cut-off (clinical-reference §1.4, [D])
    assert old.level is None
    assert old.note is not None
    assert "no guide value for your age" in old.note
    assert "restricted" not in describe(old, catalogue)
    assert "threshold" not in describe(old, catalogue)


def test_an_older_persons_ankle_is_left_out_of_the_region_rating(catalogue: Catalogue) -> None:
    entry = [_one("knee-to-wall", "toe_to_wall_cm", s, 6) for s in (Side.LEFT, Side.RIGHT)]
    assert score(entry, catalogue, age=75).regions[catalogue.tests["knee-to-wall"].region].level is None


def test_the_thomas_knee_bend_is_rated_only_when_the_thigh_is_at_or_below_horizontal(catalogue: Catalogue) -> None:
    knee = _one("modified-thomas", "knee_flexion_deg", Side.LEFT, 60, method=MeasureMethod.GONIOMETER)
    below = _one("modified-thomas", "thigh_angle_deg", Side.LEFT, -5, method=MeasureMethod.GONIOMETER)
    above = _one("modified-thomas", "thigh_angle_deg", Side.LEFT, 8, method=MeasureMethod.GONIOMETER)
    rated = {r.metric_id: r for r in score([below, knee], catalogue).results}
    unrated = {r.metric_id: r for r in score([above, knee], catalogue).results}
    assert rated["knee_flexion_deg"].level == "restricted"  # 60 < 70 (clinical-reference §3.1, [D])
    assert unrated["knee_flexion_deg"].level is None
    assert unrated["thigh_angle_deg"].level == "restricted"  # the hip flexor result is the one that counts
    assert "at or below the level of the bed" in (unrated["knee_flexion_deg"].note or "")


def test_a_tibia_angle_from_another_phone_placement_is_not_rated(catalogue: Catalogue) -> None:
    placements = {"shin": "phone flat on the shin, 15 cm below the bump under the kneecap; zeroed on a wall"}
    same = _one(
        "knee-to-wall", "tibia_angle_deg", Side.LEFT, 30, method=MeasureMethod.PHONE, placement=placements["shin"]
    )
    other = _one(
        "knee-to-wall",
        "tibia_angle_deg",
        Side.LEFT,
        30,
        method=MeasureMethod.PHONE,
        placement="phone on the bump under the kneecap",
    )
    assert score([same], catalogue, placements=placements).results[0].level == "restricted"
    assert score([other], catalogue, placements=placements).results[0].level is None


def test_the_thomas_low_back_step_is_part_of_the_test_instructions(catalogue: Catalogue) -> None:
    t = catalogue.threshold("modified-thomas", "thigh_angle_deg")
    assert t is not None
    assert t.condition is not None
    assert t.condition.protocol_step
    assert t.condition.protocol_step in " ".join(catalogue.tests["modified-thomas"].steps)


def test_values_taken_with_different_phone_placements_are_never_compared(catalogue: Catalogue) -> None:
    from supple.domain.outcomes import Verdict, measurement_change

    def one(value: float, placement: str) -> MetricResult:
        entry = _one(
            "knee-to-wall", "tibia_angle_deg", Side.LEFT, value, method=MeasureMethod.PHONE, placement=placement
        )
        return score([entry], catalogue).results[0]

    same = measurement_change(one(30, "shin 15 cm"), one(40, "shin 15 cm"))
    moved = measurement_change(one(30, "shin 15 cm"), one(40, "on the bump"))
    assert same.verdict is Verdict.REAL_IMPROVEMENT
    assert moved.verdict is Verdict.NOT_COMPARABLE
    assert "different place" in moved.text
