"""Figures changed after the sixth blind test: each shows what its steps say (docs/figures.md,
"Fixed after the sixth blind test"). Every test here fails on the figure as it was, except the knee-to-wall guard."""

from __future__ import annotations

import math

from supple.domain.figure import Vec
from supple.domain.figure_body import POINT_RADIUS
from supple.domain.figure_scene import Scene, project
from tests.unit.figure_support import SIDES, scene_of


def _screen_gap(scene: Scene, a: Vec, b: Vec) -> float:
    """How far apart two points are in the picture (screen cm)."""
    pa, pb = project(scene.orbit, a), project(scene.orbit, b)
    return math.hypot(pa[0] - pb[0], pa[1] - pb[1])


def test_frog_stretch_is_seen_from_the_side_a_little_in_front_and_raised() -> None:
    scene = scene_of("exercise", "frog-stretch")
    assert 20 <= scene.orbit.elevation <= 32  # raised a little (was 48°, from behind and above)
    assert 10 <= scene.orbit.yaw <= 35  # side view turned towards the front (was −80°, from behind)
    start, back = scene.poses["start"], scene.poses["back"]
    for side in SIDES:  # the forearms are seen along their length, not end-on
        assert _screen_gap(scene, start[f"{side}_elbow"], start[f"{side}_wrist"]) > 0.85 * math.dist(
            start[f"{side}_elbow"], start[f"{side}_wrist"]
        )
    # the far knee shows beyond the near one (knees wide), and the hips' travel back shows
    assert _screen_gap(scene, start["right_knee"], start["left_knee"]) > 20
    assert _screen_gap(scene, start["mid_hip"], back["mid_hip"]) > 15
    assert project(scene.orbit, back["mid_hip"])[0] < project(scene.orbit, start["mid_hip"])[0]  # back, on screen


def test_foam_roller_extension_starts_leaning_back_low_on_a_roller_under_the_upper_back() -> None:
    scene = scene_of("exercise", "foam-roller-thoracic-extension")
    roller = next(p for p in scene.props if p.prop.key == "foam_roller")
    for name, pts in scene.poses.items():
        hip, back, shoulders = pts["mid_hip"], pts["mid_back"], pts["mid_shoulder"]
        trunk = math.degrees(math.atan2(shoulders[1] - hip[1], hip[0] - shoulders[0]))
        assert 15 <= trunk <= 25, name  # leaning back low, not at a sit-up angle (34° before)
        # the roller well above the waist: past the middle of the upper back, on screen too (0.42 before)
        assert (roller.at[0] - back[0]) / (shoulders[0] - back[0]) > 0.6, name
        on_screen = [project(scene.orbit, p)[0] for p in (roller.at, back, shoulders)]
        assert (on_screen[0] - on_screen[1]) / (on_screen[2] - on_screen[1]) > 0.6, name
    start, arch = scene.poses["start"], scene.poses["arch"]
    assert start["head"][1] - arch["head"][1] > 12  # the head goes down behind the roller
    assert scene.spec.poses["arch"].resolved()["thoracic_flexion"] <= -28  # the upper back bends over it


def test_standing_hip_extension_lifts_the_straight_leg_back_with_the_toes_clear_and_pointing_down() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "standing-hip-extension", side)
        back = scene.poses["back"]
        name = "right" if not scene.mirrored else "left"
        heel, toe = back[f"{name}_heel"], back[f"{name}_foot_index"]
        assert toe[1] - POINT_RADIUS["right_foot_index"] >= 4.0  # the toes 4 cm clear (1.9 before)
        assert heel[1] > toe[1] + 4.0  # the heel clearly higher: toes pointing down (2.3 cm before)
        hip, knee = back[f"{name}_hip"], back[f"{name}_knee"]
        behind = math.degrees(math.atan2(abs(hip[0] - knee[0]), hip[1] - knee[1]))
        assert 20 <= behind <= 28  # the thigh well behind upright (17° before), still a modest swing
        assert knee[0] < hip[0]  # behind, not in front


def test_standing_quad_stretch_bends_the_knee_then_holds_the_heel_near_the_bottom_knees_together() -> None:
    scene = scene_of("exercise", "standing-quad-stretch")
    lift, stretch = scene.poses["lift"], scene.poses["stretch"]
    # the middle pose is a knee bend, the thigh upright (it swung back, 70° knee, before)
    angles = scene.spec.poses["lift"].resolved()
    assert abs(angles["right_hip_flexion"]) <= 2
    assert angles["right_knee_flexion"] >= 90
    assert abs(lift["right_knee"][0] - lift["left_knee"][0]) < 3
    # the end: the knees side by side, the heel close to the bottom and held by the hand
    assert abs(stretch["right_knee"][0] - stretch["left_knee"][0]) < 3  # (5.8 cm before)
    assert math.dist(stretch["right_heel"], stretch["right_hip"]) < 16  # (22 cm before)
    assert math.dist(stretch["right_wrist"], stretch["right_ankle"]) < 6  # (7.7 cm before)


def test_knee_to_wall_lunge_has_the_knee_on_the_wall_with_the_heel_flat() -> None:
    # A guard, not a fix (it passes on the figure as it was): the sixth reviewer saw the knee 3-4 cm short of
    # the wall, but the wall's face is set at the knee's surface; see docs/figures.md.
    scene = scene_of("test", "knee-to-wall")
    wall = next(p for p in scene.props if p.prop.key == "wall")
    lunge = scene.poses["lunge"]
    assert abs(wall.at[0] - lunge["right_knee"][0] - POINT_RADIUS["right_knee"]) < 0.5
    assert lunge["right_heel"][1] - POINT_RADIUS["right_heel"] < 1.0  # the heel flat on the floor
    assert abs(lunge["right_heel"][1] - scene.poses["start"]["right_heel"][1]) < 0.5
