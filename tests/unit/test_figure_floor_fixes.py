"""Floor figures changed after the fifth blind test: each shows what its steps say (docs/figures.md,
"Fixed after the fifth blind test (floor figures)"). Every test here fails on the figure as it was."""

from __future__ import annotations

import math

from supple.domain.figure import Vec
from supple.domain.figure_body import POINT_RADIUS, RADIUS
from supple.domain.figure_scene import Scene, frames, project
from tests.unit.figure_support import SIDES, flip, scene_of


def _level(p: Vec, q: Vec) -> float:
    """Distance in the floor plane (cm)."""
    return math.hypot(p[0] - q[0], p[2] - q[2])


def _off_line(p: Vec, a: Vec, b: Vec) -> float:
    """How far a point is from the line through a and b (cm)."""
    d = [b[i] - a[i] for i in range(3)]
    t = sum((p[i] - a[i]) * d[i] for i in range(3)) / sum(c * c for c in d)
    return math.dist(p, tuple(a[i] + t * d[i] for i in range(3)))


def _on_screen(scene: Scene, a: Vec, b: Vec) -> float:
    """How long the segment a-b is in the picture, as a part of its true length."""
    pa, pb = project(scene.orbit, a), project(scene.orbit, b)
    return math.hypot(pa[0] - pb[0], pa[1] - pb[1]) / math.dist(a, b)


def test_side_plank_rests_on_the_forearm_with_the_elbow_under_the_shoulder_seen_low_from_the_front() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "side-plank-from-knees", side)
        assert 10 <= scene.orbit.elevation <= 15  # low, facing the chest (was 32° down from above)
        elbow, wrist, shoulder = (flip(n, scene) for n in ("right_elbow", "right_wrist", "right_shoulder"))
        for i, pts in enumerate(frames(scene, 4)):
            assert pts[elbow][1] - POINT_RADIUS["right_elbow"] < 1.5, i  # the forearm lies on the floor
            assert pts[wrist][1] - POINT_RADIUS["right_wrist"] < 2.0, i
            assert _level(pts[shoulder], pts[elbow]) < 3.0, i  # the elbow right under the shoulder (was 10 cm off)
        still = scene.poses["up"]
        assert _on_screen(scene, still[elbow], still[wrist]) > 0.75  # the forearm is not seen end-on


def test_side_plank_top_hand_rests_on_the_hip_and_the_hips_lift_into_one_line() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "side-plank-from-knees", side)
        hand, hip = flip("left_index", scene), flip("left_hip", scene)
        for name, pts in scene.poses.items():
            assert pts[hand][1] > pts[hip][1], name  # on top of the hip, not on the belly below it
            assert math.dist(pts[hand], pts[hip]) < 12, name
        start, up = scene.poses["start"], scene.poses["up"]
        low_hip, knee, shoulder = (flip(n, scene) for n in ("right_hip", "right_knee", "right_shoulder"))
        assert up[low_hip][1] - start[low_hip][1] > 8  # the hips lift off the mat
        assert _off_line(up[low_hip], up[knee], up[shoulder]) < 3  # knees, hips and shoulders in one line


def _unit(p: Vec, q: Vec) -> Vec:
    d = math.dist(p, q)
    return ((q[0] - p[0]) / d, (q[1] - p[1]) / d, (q[2] - p[2]) / d)


def test_frog_stretch_is_on_the_forearms_so_the_rock_back_shows() -> None:
    # The camera asserts (behind and above) were dropped after the sixth blind test: from there the
    # forearms, knees and head were hidden (tests/unit/test_figure_sixth_test.py holds the new camera).
    scene = scene_of("exercise", "frog-stretch")
    start, back = scene.poses["start"], scene.poses["back"]
    for side in SIDES:
        elbow, wrist, shoulder = start[f"{side}_elbow"], start[f"{side}_wrist"], start[f"{side}_shoulder"]
        assert elbow[1] - POINT_RADIUS["right_elbow"] < 1.5  # the forearms flat on the floor
        assert wrist[1] - RADIUS["forearm"] < 1.5
        assert _level(elbow, shoulder) < 3  # elbows under the shoulders
        assert _on_screen(scene, elbow, wrist) > 0.6  # the forearms are not seen end-on (0.31 before)
    shins = [_unit(start[f"{s}_knee"], start[f"{s}_ankle"]) for s in SIDES]
    assert sum(a * b for a, b in zip(*shins, strict=True)) > math.cos(math.radians(10))  # shins parallel
    assert start["mid_hip"][0] - back["mid_hip"][0] >= 15  # the hips go back 15-20 cm …
    hips = project(scene.orbit, start["mid_hip"]), project(scene.orbit, back["mid_hip"])
    assert math.hypot(hips[0][0] - hips[1][0], hips[0][1] - hips[1][1]) > 12  # … and it shows (3 cm before)


def test_adductor_rock_back_shows_the_side_leg_and_its_flat_foot_pointing_forwards() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "adductor-rock-back", side)
        names = ("right_hip", "right_ankle", "right_heel", "right_foot_index")
        hip, ankle, heel, toe = (flip(n, scene) for n in names)
        for name, pts in scene.poses.items():
            assert abs(pts[heel][1] - pts[toe][1]) < 2, name  # the foot flat
            assert _unit(pts[heel], pts[toe])[0] > 0.95, name  # toes facing forwards
            assert abs(pts[ankle][2] - pts[hip][2]) > 60, name  # the leg out to the side
        still = scene.poses["back"]
        assert _on_screen(scene, still[hip], still[ankle]) > 0.9  # the side leg at its length (0.80 before)
        assert _on_screen(scene, still[heel], still[toe]) > 0.7  # the foot seen from the side (0.59 before)


def test_the_three_kneeling_groin_and_rock_back_figures_have_different_cameras() -> None:
    cameras = {
        item: (s.spec.view, s.spec.turn, s.spec.elevation)
        for item in ("frog-stretch", "adductor-rock-back", "quadruped-rock-back")
        for s in [scene_of("exercise", item)]
    }
    assert len(set(cameras.values())) == 3


def test_hip_90_90_is_seen_from_the_front_at_an_angle_with_the_hands_on_the_floor_behind() -> None:
    scene = scene_of("exercise", "hip-90-90-switches")
    assert 20 <= scene.orbit.elevation <= 40  # about 30° up (was 55°, nearly overhead)
    assert 20 <= abs(scene.orbit.yaw - 90) <= 45  # a front three-quarter view
    for i, pts in enumerate(frames(scene, 4)):
        for side in SIDES:
            assert pts[f"{side}_index"][1] - POINT_RADIUS["right_index"] < 5, i  # the fingers stay on the floor …
            assert pts[f"{side}_index"][0] < pts["mid_hip"][0] - 30, i  # … behind the pelvis
    for name in ("middle", "right", "left"):
        for side in SIDES:
            # the palm down, not a hand hanging on its fingertips
            assert scene.poses[name][f"{side}_wrist"][1] < 10, name


def test_hip_90_90_stays_seated_with_both_feet_on_the_floor_through_the_switch() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "hip-90-90-switches", side)
        cushion = next(p for p in scene.props if p.prop.key == "cushion")
        for i, pts in enumerate(frames(scene, 4)):
            lifted = pts["mid_hip"][1] - POINT_RADIUS["mid_hip"] - cushion.at[1]
            assert lifted < 3, i  # never lifted off the cushion (16 cm before)
            for foot in SIDES:
                lowest = min(pts[f"{foot}_heel"][1] - 3.0, pts[f"{foot}_foot_index"][1] - 2.5)
                assert lowest < 3, (i, foot)  # each foot keeps touching the floor (7.5 cm off before)


def _screen_angle_from_vertical(scene: Scene, a: Vec, b: Vec) -> float:
    pa, pb = project(scene.orbit, a), project(scene.orbit, b)
    return math.degrees(math.atan2(abs(pa[0] - pb[0]), abs(pa[1] - pb[1])))


def test_faber_is_seen_low_from_the_feet_end_so_the_ruler_stands_up_beside_a_lying_trunk() -> None:
    scene = scene_of("test", "faber-distance")
    assert 20 <= scene.orbit.elevation <= 30  # low (was 40°)
    for name, pts in scene.poses.items():
        # the ruler is always upright on screen; the trunk must not be, or the ruler reads as lying along it
        # 0° before: straight up the screen, like the ruler
        assert _screen_angle_from_vertical(scene, pts["mid_hip"], pts["mid_shoulder"]) > 45, name
        hand = project(scene.orbit, pts["left_index"])
        assert hand[2] > project(scene.orbit, pts["mid_hip"])[2], name  # the hand on the hip bone faces the camera
        assert math.dist(pts["left_index"], pts["left_hip"]) < 12, name
    start, drop = scene.poses["start"], scene.poses["drop"]
    assert start["right_knee"][1] - drop["right_knee"][1] > 6  # the measured height drops


def test_foam_roller_extension_bends_over_the_roller_under_the_lower_shoulder_blades() -> None:
    scene = scene_of("exercise", "foam-roller-thoracic-extension")
    assert scene.orbit.elevation <= 10  # low and near side-on: the contact shows
    assert abs(scene.spec.turn) <= 12
    roller = next(p for p in scene.props if p.prop.key == "foam_roller")
    rx, ry, r = roller.at[0], roller.at[1], roller.prop.top / 2
    for name, pts in scene.poses.items():
        back, shoulders = pts["mid_back"], pts["mid_shoulder"]
        share = (rx - back[0]) / (shoulders[0] - back[0])
        # 0.35-0.45 after the fifth test; widened to follow the steps after the sixth blind test: that roller so
        # near the bend stood the trunk at a sit-up angle (read as a crunch). The roller is now higher up the
        # upper back (0.69-0.73 of the roller's centre, by x) with the trunk 19-22° off the floor.
        assert 0.35 <= share <= 0.75, name
        gap = _off_line((rx, ry, 0.0), back, shoulders) - r - POINT_RADIUS["mid_back"]
        assert gap < 2.0, name  # the upper back rests on the roller
        assert scene.spec.poses[name].resolved().get("lumbar_flexion", 0.0) == 0, name  # no arching of the low back
    start, arch = scene.poses["start"], scene.poses["arch"]
    assert abs(start["mid_hip"][1] - arch["mid_hip"][1]) < 1  # the bottom stays on the floor
    assert start["head"][1] - arch["head"][1] > 12  # the head and shoulders go down behind the roller
    # was > 5 cm; after the sixth blind test the roller is higher up the back (the steps), so the shoulders,
    # near the roller, go down less while the head goes down more (14 cm)
    assert start["mid_shoulder"][1] - arch["mid_shoulder"][1] > 1.5
