"""Classification against the cut-offs of clinical-reference Appendix A (the numbers are written out
here on purpose: changing the data file must be a visible, reviewed change)."""

from __future__ import annotations

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import MeasureMethod
from supple.domain.assessment import Side, TrialSet, classify, score, summarise, validate_trials
from supple.problems import Code, Limits

CASES = [
    # test, metric, value, expected level
    ("knee-to-wall", "toe_to_wall_cm", 8.9, "restricted"),
    ("knee-to-wall", "toe_to_wall_cm", 9.0, "borderline"),
    ("knee-to-wall", "toe_to_wall_cm", 10.9, "borderline"),
    ("knee-to-wall", "toe_to_wall_cm", 11.0, "adequate"),
    ("knee-to-wall", "tibia_angle_deg", 35.5, "restricted"),
    ("knee-to-wall", "tibia_angle_deg", 36, "borderline"),
    ("knee-to-wall", "tibia_angle_deg", 40, "adequate"),
    ("seated-thoracic-rotation", "rotation_deg", 39, "restricted"),
    ("seated-thoracic-rotation", "rotation_deg", 40, "borderline"),
    ("seated-thoracic-rotation", "rotation_deg", 44, "borderline"),
    ("seated-thoracic-rotation", "rotation_deg", 45, "adequate"),
    ("lumbar-locked-rotation", "rotation_deg", 44, "restricted"),
    ("lumbar-locked-rotation", "rotation_deg", 45, "borderline"),
    ("lumbar-locked-rotation", "rotation_deg", 50, "adequate"),
    ("modified-thomas", "thigh_angle_deg", 0.5, "restricted"),
    ("modified-thomas", "thigh_angle_deg", 0, "borderline"),
    ("modified-thomas", "thigh_angle_deg", -4, "borderline"),
    ("modified-thomas", "thigh_angle_deg", -6, "adequate"),
    ("modified-thomas", "knee_flexion_deg", 69, "restricted"),
    ("modified-thomas", "knee_flexion_deg", 70, "borderline"),
    ("modified-thomas", "knee_flexion_deg", 80, "adequate"),
    ("supine-hip-flexion", "hip_flexion_deg", 109, "restricted"),
    ("supine-hip-flexion", "hip_flexion_deg", 110, "borderline"),
    ("supine-hip-flexion", "hip_flexion_deg", 120, "adequate"),
    ("hip-rotation", "internal_rotation_deg", 24, "restricted"),
    ("hip-rotation", "internal_rotation_deg", 25, "borderline"),
    ("hip-rotation", "external_rotation_deg", 24, "restricted"),
    ("hip-rotation", "external_rotation_deg", 30, "adequate"),
]


@pytest.mark.parametrize(("test_id", "metric", "value", "expected"), CASES)
def test_each_cut_off_classifies_as_the_reference_proposes(
    catalogue: Catalogue, test_id: str, metric: str, value: float, expected: str
) -> None:
    threshold = catalogue.threshold(test_id, metric)
    assert threshold is not None
    level, _ = classify(value, threshold)
    assert level == expected


@pytest.mark.parametrize(
    ("test_id", "metric"),
    [
        ("wall-overhead-reach", "reach_pass"),
        ("faber-distance", "faber_height_cm"),
        ("bent-knee-fall-out", "fall_out_cm"),
    ],
)
def test_tests_without_published_norms_are_tracked_but_not_scored(
    catalogue: Catalogue, test_id: str, metric: str
) -> None:
    threshold = catalogue.threshold(test_id, metric)
    assert threshold is not None
    assert classify(10, threshold) == (None, 0.0)


def test_severity_counts_spreads_beyond_the_borderline_cut_off(catalogue: Catalogue) -> None:
    t = catalogue.threshold("knee-to-wall", "toe_to_wall_cm")
    assert t is not None
    assert classify(5.0, t)[1] == pytest.approx((11.0 - 5.0) / 3.0)
    assert classify(14.0, t)[1] < 0


def _pair(
    test_id: str, metric: str, left: float, right: float, method: MeasureMethod = MeasureMethod.TAPE
) -> list[TrialSet]:
    return [
        TrialSet(test_id, metric, Side.LEFT, (left,), method),
        TrialSet(test_id, metric, Side.RIGHT, (right,), method),
    ]


@pytest.mark.parametrize(
    ("test_id", "metric", "left", "right", "flagged", "marked"),
    [
        ("knee-to-wall", "toe_to_wall_cm", 10.0, 12.0, True, False),  # 2 cm flag
        ("knee-to-wall", "toe_to_wall_cm", 10.0, 11.9, False, False),
        ("knee-to-wall", "toe_to_wall_cm", 8.0, 11.0, True, True),  # 3 cm marked
        ("seated-thoracic-rotation", "rotation_deg", 40, 50, True, False),  # 10 degrees
        ("seated-thoracic-rotation", "rotation_deg", 41, 50, False, False),
        ("faber-distance", "faber_height_cm", 10, 14, True, False),  # 4 cm (Trindade 2018)
        ("faber-distance", "faber_height_cm", 10, 13.5, False, False),
        ("modified-thomas", "thigh_angle_deg", -12, -2, True, False),
    ],
)
def test_left_right_asymmetry_is_flagged_at_the_published_difference(
    catalogue: Catalogue, test_id: str, metric: str, left: float, right: float, flagged: bool, marked: bool
) -> None:
    method = MeasureMethod.PHONE if metric.endswith("deg") else MeasureMethod.TAPE
    result = score(_pair(test_id, metric, left, right, method), catalogue)
    assert bool(result.asymmetries) is flagged
    if flagged:
        assert result.asymmetries[0].marked is marked


def test_the_worse_side_is_named_for_lower_is_better_tests(catalogue: Catalogue) -> None:
    result = score(_pair("modified-thomas", "thigh_angle_deg", -12, -2, MeasureMethod.PHONE), catalogue)
    assert result.asymmetries[0].worse_side is Side.RIGHT


def test_outward_rotation_exceeding_inward_by_more_than_10_degrees_is_an_imbalance(catalogue: Catalogue) -> None:
    def entries(ir: float, er: float) -> list[TrialSet]:
        return [
            TrialSet("hip-rotation", "internal_rotation_deg", Side.LEFT, (ir,), MeasureMethod.PHONE),
            TrialSet("hip-rotation", "external_rotation_deg", Side.LEFT, (er,), MeasureMethod.PHONE),
        ]

    assert score(entries(30, 41), catalogue).imbalances
    assert not score(entries(30, 40), catalogue).imbalances


def test_trials_are_summarised_by_their_mean_and_pass_fail_by_majority() -> None:
    from supple.catalogue.schema import Unit

    assert summarise([10, 11, 12], Unit.CM) == 11
    assert summarise([10.5, 11], Unit.CM) == 10.75
    assert summarise([1, 0, 1], Unit.PASS_FAIL) == 1
    assert summarise([1, 0], Unit.PASS_FAIL) == 0


def test_a_region_takes_the_level_of_its_worst_scored_test(catalogue: Catalogue) -> None:
    entries = [
        *_pair("supine-hip-flexion", "hip_flexion_deg", 125, 126, MeasureMethod.PHONE),
        *_pair("hip-rotation", "internal_rotation_deg", 20, 32, MeasureMethod.PHONE),
    ]
    summary = score(entries, catalogue).regions
    from supple.catalogue.schema import Region

    assert summary[Region.HIP].level == "restricted"
    assert summary[Region.HIP].findings[0].value == 20
    assert summary[Region.ANKLE].level is None


def test_values_outside_the_possible_range_are_refused_naming_field_range_and_unit(catalogue: Catalogue) -> None:
    problems = validate_trials(
        [TrialSet("knee-to-wall", "toe_to_wall_cm", Side.RIGHT, (6, 40), MeasureMethod.TAPE)], catalogue
    )
    assert len(problems) == 1
    p = problems[0]
    assert p.loc == ("tests", "knee-to-wall", "right", "toe_to_wall_cm", 1)  # the second trial
    assert (p.code, p.given) == (Code.OUT_OF_RANGE, "40")
    assert p.limits == Limits(0, 30, "cm")
    assert p.allowed == "0 to 30 cm"


@pytest.mark.parametrize(
    ("entry", "code", "fragment"),
    [
        (
            TrialSet("knee-to-wall", "toe_to_wall_cm", Side.LEFT, (1, 2, 3, 4), MeasureMethod.TAPE),
            Code.TOO_MANY,
            "1 to 3 tries",
        ),
        (TrialSet("knee-to-wal", "toe_to_wall_cm", Side.LEFT, (5,), MeasureMethod.TAPE), Code.UNKNOWN_TEST, "knee"),
        (
            TrialSet("knee-to-wall", "toe_cm", Side.LEFT, (5,), MeasureMethod.TAPE),
            Code.UNKNOWN_MEASUREMENT,
            "toe_to_wall_cm",
        ),
        (TrialSet("knee-to-wall", "toe_to_wall_cm", Side.NONE, (5,), MeasureMethod.TAPE), Code.INVALID, "each side"),
        (
            TrialSet("standing-thoracic-extension", "extension_deg", Side.LEFT, (5,), MeasureMethod.PHONE),
            Code.INVALID,
            "not done per side",
        ),
        (TrialSet("knee-to-wall", "toe_to_wall_cm", Side.LEFT, (5,), MeasureMethod.PHONE), Code.NOT_A_CHOICE, "tape"),
        (
            TrialSet("wall-overhead-reach", "reach_pass", Side.LEFT, (0.5,), MeasureMethod.OBSERVATION),
            Code.NOT_A_CHOICE,
            "0 (fail) or 1 (pass)",
        ),
        (
            TrialSet("knee-to-wall", "toe_to_wall_cm", Side.LEFT, (float("nan"),), MeasureMethod.TAPE),
            Code.NOT_A_NUMBER,
            "0 to 30 cm",
        ),
    ],
)
def test_every_kind_of_bad_entry_is_explained(catalogue: Catalogue, entry: TrialSet, code: Code, fragment: str) -> None:
    problems = validate_trials([entry], catalogue)
    assert any(p.code is code and fragment in str(p) for p in problems), problems
