"""The knee-to-wall gate checks the picture shows a standing lunge on the measured leg (landmark fixtures)."""

from __future__ import annotations

import math

from supple.catalogue.loader import default_catalogue
from supple.domain import pose_quality as q
from supple.domain.pose_geometry import Landmark, Pose
from supple.domain.pose_measures import CAMERA_TESTS, Posture, Side
from tests.pose_fixtures import FRAME_H, FRAME_W, standing_lunge

KNEE_TO_WALL = CAMERA_TESTS["knee-to-wall"]
LIMITS = default_catalogue().gate_limits()


def codes(pose: Pose, side: Side = Side.LEFT) -> set[str]:
    issues = q.check(
        pose,
        frame_w=FRAME_W,
        frame_h=FRAME_H,
        key_points=KNEE_TO_WALL.points(side),
        side=side,
        posture=KNEE_TO_WALL.posture,
        limits=LIMITS,
    )
    return {i.code for i in issues}


def moved(pose: Pose, **shifts: tuple[float, float]) -> Pose:
    d = pose.as_dict()
    for name, (dx, dy) in shifts.items():
        p = d[name]
        d[name] = Landmark(p.x + dx, p.y + dy, p.z, p.visibility)
    return Pose.from_mapping(d)


def mirrored(pose: Pose) -> Pose:
    return Pose.from_mapping({n: Landmark(FRAME_W - p.x, p.y, p.z, p.visibility) for n, p in pose.as_dict().items()})


def test_knee_to_wall_is_measured_in_a_standing_lunge() -> None:
    assert KNEE_TO_WALL.posture is Posture.LUNGE


def test_a_true_lunge_passes_facing_either_way_and_on_either_leg() -> None:
    for tibia in (15.0, 30.0, 45.0):
        lunge = standing_lunge(tibia, rear_step=180)
        assert codes(lunge) == set()
        assert codes(mirrored(lunge)) == set()
    assert codes(standing_lunge(30, near="right", rear_step=180), Side.RIGHT) == set()
    assert codes(standing_lunge(30, rear_step=90)) == set()  # a short step back still reads


def test_a_person_standing_with_the_feet_side_by_side_is_not_taken_for_a_lunge() -> None:
    for tibia in (0.0, 10.0, 30.0):
        standing = standing_lunge(tibia)
        assert codes(standing) == {q.NOT_LUNGE}
        assert "The right foot is beside the left foot instead of a step behind it." in q.lunge_faults(
            standing, Side.LEFT, LIMITS
        )


def test_the_other_foot_in_front_is_refused_with_advice() -> None:
    issues = q.check(
        standing_lunge(30, rear_step=-150),
        frame_w=FRAME_W,
        frame_h=FRAME_H,
        key_points=KNEE_TO_WALL.points(Side.LEFT),
        side=Side.LEFT,
        posture=Posture.LUNGE,
        limits=LIMITS,
    )
    assert [i.code for i in issues] == [q.NOT_LUNGE]
    assert "right foot is in front of the left foot" in issues[0].advice
    assert "other foot a step behind" in issues[0].advice


def test_a_foot_not_flat_a_knee_behind_the_ankle_low_hips_or_feet_on_two_levels_are_refused() -> None:
    lunge = standing_lunge(30, rear_step=180)
    heel_up = moved(lunge, left_heel=(0.0, -90.0))  # heel lifted: the foot tilts
    assert q.lunge_faults(heel_up, Side.LEFT, LIMITS)[0].startswith("The left foot is tilted")
    assert codes(heel_up) == {q.NOT_LUNGE}
    knee_back = standing_lunge(-20, rear_step=180)
    assert any("behind the ankle" in f for f in q.lunge_faults(knee_back, Side.LEFT, LIMITS))
    low = moved(lunge, left_hip=(0.0, 260.0), right_hip=(0.0, 260.0))
    assert "The hips are not above the knees." in q.lunge_faults(low, Side.LEFT, LIMITS)
    stepped = moved(lunge, right_ankle=(0.0, -140.0), right_heel=(0.0, -140.0), right_foot_index=(0.0, -140.0))
    assert "The two feet are not on the same floor." in q.lunge_faults(stepped, Side.LEFT, LIMITS)


def test_the_limits_come_from_the_rules_file_with_a_design_source() -> None:
    gates = default_catalogue().pose_gates
    for number in (gates.max_foot_tilt_deg, gates.max_rear_ahead, gates.max_feet_gap):
        assert number.source.tag == "D"
    assert math.isclose(LIMITS.max_rear_ahead, gates.max_rear_ahead.value)


def test_an_ankle_or_foot_point_outside_the_picture_is_refused_not_read() -> None:
    lunge = standing_lunge(30, rear_step=180)
    assert codes(lunge) == set()
    below = moved(lunge, left_ankle=(0.0, 120.0))  # y = 1020 on a 1000-pixel frame: BlazePose's guess past the edge
    issues = q.check(
        below,
        frame_w=FRAME_W,
        frame_h=FRAME_H,
        key_points=KNEE_TO_WALL.points(Side.LEFT),
        side=Side.LEFT,
        posture=Posture.UPRIGHT,
        limits=LIMITS,
    )
    assert [i.code for i in issues] == [q.OUT_OF_FRAME]
    assert "left ankle" in issues[0].advice
    at_edge = moved(lunge, left_ankle=(0.0, 95.0))  # 995: inside, but within the 1 % margin of the edge
    assert q.OUT_OF_FRAME in codes(at_edge)
    just_inside = moved(lunge, left_ankle=(0.0, 85.0))  # 985
    assert q.OUT_OF_FRAME not in codes(just_inside)
    left_of = moved(lunge, left_knee=(-700.0, 0.0))
    assert q.OUT_OF_FRAME in codes(left_of)
