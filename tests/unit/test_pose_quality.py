"""Quality gates: each bad picture gives its own retake advice, and a good one passes."""

from __future__ import annotations

from dataclasses import replace

from supple.catalogue.loader import default_catalogue
from supple.domain import pose_quality as q
from supple.domain.pose_geometry import Landmark, Pose
from supple.domain.pose_measures import CAMERA_TESTS, Posture, Side
from tests.pose_fixtures import FRAME_H, FRAME_W, facing_camera, lying, standing_lunge

KNEE_TO_WALL = CAMERA_TESTS["knee-to-wall"]

LIMITS = default_catalogue().gate_limits()


def codes(pose: Pose | None, *, side: Side = Side.LEFT, posture: Posture = Posture.UPRIGHT, **kw: object) -> set[str]:
    issues = q.check(
        pose,
        frame_w=int(kw.pop("frame_w", FRAME_W)),  # type: ignore[call-overload]
        frame_h=int(kw.pop("frame_h", FRAME_H)),  # type: ignore[call-overload]
        key_points=KNEE_TO_WALL.points(side),
        side=side,
        posture=posture,
        limits=LIMITS,
        **kw,  # type: ignore[arg-type]
    )
    assert all(i.advice for i in issues)
    return {i.code for i in issues}


def test_a_good_side_view_passes_every_gate() -> None:
    assert codes(standing_lunge(30)) == set()


def test_nobody_in_the_picture_gets_placement_advice() -> None:
    issues = q.check(
        None, frame_w=FRAME_W, frame_h=FRAME_H, key_points=(), side=Side.LEFT, posture=Posture.UPRIGHT, limits=LIMITS
    )
    assert [i.code for i in issues] == [q.NO_PERSON]
    assert "side-on" in issues[0].advice


def test_a_second_person_is_reported() -> None:
    assert codes(standing_lunge(30), people=2) == {q.MORE_THAN_ONE}


def test_a_front_view_is_not_a_side_view() -> None:
    assert q.NOT_SIDE_VIEW in codes(facing_camera(standing_lunge(30)))


def test_the_measured_leg_must_be_the_one_nearest_the_camera() -> None:
    pose = standing_lunge(30, near="right")
    assert codes(pose, side=Side.LEFT) == {q.FAR_LEG}
    assert codes(pose, side=Side.RIGHT) == set()
    advice = q.check(
        pose,
        frame_w=FRAME_W,
        frame_h=FRAME_H,
        key_points=KNEE_TO_WALL.points(Side.LEFT),
        side=Side.LEFT,
        posture=Posture.UPRIGHT,
        limits=LIMITS,
    )[0].advice
    assert "left leg" in advice
    assert "nearest the camera" in advice


def test_hidden_key_points_are_named() -> None:
    d = standing_lunge(30).as_dict()
    d["left_ankle"] = replace(d["left_ankle"], visibility=0.3)
    issues = q.check(
        Pose.from_mapping(d),
        frame_w=FRAME_W,
        frame_h=FRAME_H,
        key_points=KNEE_TO_WALL.points(Side.LEFT),
        side=Side.LEFT,
        posture=Posture.UPRIGHT,
        limits=LIMITS,
    )
    assert [i.code for i in issues] == [q.NOT_VISIBLE]
    assert "left ankle" in issues[0].advice


def test_a_person_small_in_the_frame_is_asked_to_come_closer() -> None:
    assert codes(standing_lunge(30), frame_w=4000, frame_h=4000) == {q.TOO_SMALL}


def test_a_tilted_phone_is_reported_from_its_level_reading_even_with_nobody_found() -> None:
    assert codes(standing_lunge(30), tilt_deg=9.0) == {q.TILTED}
    assert codes(standing_lunge(30), tilt_deg=-4.0) == set()
    assert codes(None, tilt_deg=12.0) == {q.NO_PERSON, q.TILTED}


def test_a_picture_on_its_side_does_not_look_like_the_test_position() -> None:
    upright = standing_lunge(30)
    turned = Pose(tuple(Landmark(p.y, FRAME_W - p.x, p.z, p.visibility) for p in upright.landmarks))
    assert q.WRONG_POSTURE in codes(turned)
    assert q.WRONG_POSTURE not in codes(lying(-10), posture=Posture.LYING)
    assert q.WRONG_POSTURE in codes(lying(-10), posture=Posture.UPRIGHT)


def test_confidence_is_the_mean_visibility_of_the_points_used() -> None:
    assert q.confidence(standing_lunge(30, visibility=0.8), KNEE_TO_WALL.points(Side.LEFT)) == 0.8


def test_an_end_position_that_was_not_held_still_is_refused_with_advice() -> None:
    assert q.check_steadiness(2.0, LIMITS) is None
    issue = q.check_steadiness(18.0, LIMITS)
    assert issue is not None
    assert issue.code == q.NOT_STEADY
    assert "hold it" in issue.advice


def bent_over(hip_x: float = 500.0) -> Pose:
    """Standing with the legs straight and the trunk bent forward to level, seen from the side."""
    pts: dict[str, Landmark] = {}
    for side, z in (("left", -30.0), ("right", 30.0)):
        pts[f"{side}_ankle"] = Landmark(hip_x, 900.0, z, 0.95)
        pts[f"{side}_heel"] = Landmark(hip_x - 30, 910.0, z, 0.95)
        pts[f"{side}_foot_index"] = Landmark(hip_x + 80, 915.0, z, 0.95)
        pts[f"{side}_knee"] = Landmark(hip_x + 5, 700.0, z, 0.95)
        pts[f"{side}_hip"] = Landmark(hip_x, 480.0, z, 0.95)
        pts[f"{side}_shoulder"] = Landmark(hip_x + 300, 470.0, z, 0.95)
        pts[f"{side}_elbow"] = Landmark(hip_x + 310, 600.0, z, 0.95)
        pts[f"{side}_wrist"] = Landmark(hip_x + 320, 720.0, z, 0.95)
    pts["nose"] = Landmark(hip_x + 420, 500.0, 0.0, 0.95)
    return Pose.from_mapping(pts, Landmark(hip_x + 420, 500.0, 0.0, 0.9))


def test_a_bent_over_standing_person_is_not_taken_for_lying() -> None:
    thomas = CAMERA_TESTS["modified-thomas"]
    issues = q.check(
        bent_over(),
        frame_w=FRAME_W,
        frame_h=FRAME_H,
        key_points=thomas.points(Side.LEFT),
        side=Side.LEFT,
        posture=Posture.LYING,
        limits=LIMITS,
    )
    assert [i.code for i in issues] == [q.WRONG_POSTURE]
    assert "Neither thigh lies along the bed" in issues[0].advice
    assert q.level_thigh_deg(bent_over()) > 80
    for thigh in (-15.0, 0.0, 20.0, 100.0):  # the hanging thigh, or the resting leg when one thigh is raised
        assert codes(lying(thigh), posture=Posture.LYING) == set(), thigh


def test_a_second_person_needs_a_plausible_body() -> None:
    person = standing_lunge(30)
    assert q.plausible_body(person, FRAME_W, FRAME_H, LIMITS)
    few = Pose.from_mapping(
        {n: replace(p, visibility=0.2 if i % 3 else p.visibility) for i, (n, p) in enumerate(person.as_dict().items())}
    )
    assert not q.plausible_body(few, FRAME_W, FRAME_H, LIMITS)  # a third of the points seen
    long_shin = person.as_dict()
    long_shin["left_ankle"] = replace(long_shin["left_ankle"], y=long_shin["left_ankle"].y + 700)
    assert not q.plausible_body(Pose.from_mapping(long_shin), FRAME_W, FRAME_H, LIMITS)  # a shin 2.7 trunks long
    squashed = Pose(tuple(Landmark(p.x, 500 + (p.y - 500) * 0.02, p.z, p.visibility) for p in person.landmarks))
    assert not q.plausible_body(squashed, FRAME_W, FRAME_H, LIMITS)  # a flat pattern the model fitted a body to
