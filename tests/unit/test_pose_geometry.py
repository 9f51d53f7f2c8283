"""Segment angles and the three camera tests' readings on hand-built landmark fixtures."""

from __future__ import annotations

import math

import pytest

from supple.domain.pose_geometry import (
    Landmark,
    Pose,
    angle_to_horizontal,
    angle_to_vertical,
    elevation_towards,
    flexion,
    joint_angle,
)
from supple.domain.pose_measures import CAMERA_TESTS, REP_EXERCISES, Side
from tests.pose_fixtures import lying, standing_lunge


def at(x: float, y: float) -> Landmark:
    return Landmark(x, y)


def test_a_shin_leaning_forward_reads_its_angle_from_vertical_whichever_way_it_faces() -> None:
    ankle = at(100, 500)
    for direction in (1, -1):
        knee = at(100 + direction * 100 * math.sin(math.radians(35)), 500 - 100 * math.cos(math.radians(35)))
        assert angle_to_vertical(ankle, knee) == pytest.approx(35)
    assert angle_to_vertical(ankle, at(100, 300)) == pytest.approx(0)


def test_a_thigh_angle_to_horizontal_is_negative_when_the_knee_hangs_below_the_hip() -> None:
    hip = at(0, 0)
    assert angle_to_horizontal(hip, at(100, 20)) == pytest.approx(-math.degrees(math.atan2(20, 100)))
    assert angle_to_horizontal(hip, at(-100, -100)) == pytest.approx(45)
    assert angle_to_horizontal(hip, at(100, 0)) == pytest.approx(0)


def test_elevation_towards_the_feet_passes_90_when_the_thigh_goes_past_vertical() -> None:
    hip = at(0, 0)
    assert elevation_towards(hip, at(100, 0), 1) == pytest.approx(0)
    assert elevation_towards(hip, at(0, -100), 1) == pytest.approx(90)
    assert elevation_towards(hip, at(-50, -100), 1) == pytest.approx(90 + math.degrees(math.atan2(50, 100)))
    assert elevation_towards(hip, at(-100, -100), -1) == pytest.approx(45)


def test_joint_angle_and_flexion_of_a_right_angle() -> None:
    hip, knee, ankle = at(0, 0), at(100, 0), at(100, 100)
    assert joint_angle(hip, knee, ankle) == pytest.approx(90)
    assert flexion(hip, knee, ankle) == pytest.approx(90)
    assert flexion(hip, knee, at(200, 0)) == pytest.approx(0)


def test_coinciding_points_are_refused_rather_than_given_an_angle() -> None:
    with pytest.raises(ValueError, match="coincide"):
        angle_to_vertical(at(1, 1), at(1, 1))
    with pytest.raises(ValueError, match="coincide"):
        joint_angle(at(1, 1), at(1, 1), at(2, 2))


def test_a_pose_needs_all_33_points_and_looks_them_up_by_name() -> None:
    with pytest.raises(ValueError, match="33"):
        Pose((Landmark(0, 0),) * 5)
    pose = standing_lunge(30)
    assert pose["left_knee"] == pose.as_dict()["left_knee"]


@pytest.mark.parametrize("tibia", [0.0, 12.5, 38.0, 55.0])
def test_knee_to_wall_reads_the_shin_lean(tibia: float) -> None:
    reading = CAMERA_TESTS["knee-to-wall"].read(standing_lunge(tibia), Side.LEFT)
    assert reading == {"tibia_angle_deg": pytest.approx(tibia)}


@pytest.mark.parametrize(("thigh", "bend"), [(-15.0, 80.0), (0.0, 90.0), (10.0, 60.0)])
def test_modified_thomas_reads_thigh_to_horizontal_and_knee_bend(thigh: float, bend: float) -> None:
    for feet in (1, -1):
        reading = CAMERA_TESTS["modified-thomas"].read(lying(thigh, knee_bend=bend, feet_towards=feet), Side.LEFT)
        assert reading["thigh_angle_deg"] == pytest.approx(thigh)
        assert reading["knee_flexion_deg"] == pytest.approx(bend)


@pytest.mark.parametrize("thigh", [60.0, 90.0, 120.0])
def test_supine_hip_flexion_reads_the_thigh_from_the_bed_whichever_way_the_person_lies(thigh: float) -> None:
    for feet in (1, -1):
        reading = CAMERA_TESTS["supine-hip-flexion"].read(lying(thigh, side="right", feet_towards=feet), Side.RIGHT)
        assert reading == {"hip_flexion_deg": pytest.approx(thigh)}


def test_every_camera_metric_is_a_metric_of_that_test_that_allows_the_camera(catalogue) -> None:  # type: ignore[no-untyped-def]
    for test in CAMERA_TESTS.values():
        produced = set(test.read(standing_lunge(20) if test.test_id == "knee-to-wall" else lying(20), Side.LEFT))
        for metric_id in produced:
            metric = catalogue.metric(test.test_id, metric_id)
            assert metric is not None, (test.test_id, metric_id)
            assert "camera" in {m.value for m in metric.methods}
    for exercise_id in REP_EXERCISES:
        assert exercise_id in catalogue.exercises


def test_no_foot_point_ankle_angle_or_trunk_rotation_is_offered() -> None:
    for test in CAMERA_TESTS.values():
        assert "foot_index" not in test.key_points
        assert "heel" not in test.key_points
    assert not {"seated-thoracic-rotation", "lumbar-locked-rotation"} & set(CAMERA_TESTS)
