"""Figures changed after the fourth blind test, part B: each shows what its steps say (docs/figures.md)."""

from __future__ import annotations

import math

from supple.domain.figure_scene import frames
from supple.figures.shapes import frame_pieces, near_side
from tests.unit.figure_support import SIDES, drawn_at, flip, scene_of


def test_sit_to_stand_hands_rest_on_the_opposite_shoulders_below_the_chin() -> None:
    scene = scene_of("exercise", "sit-to-stand-arms-crossed")
    for name, pts in scene.poses.items():
        for hand, shoulder in (("right_index", "left_shoulder"), ("left_index", "right_shoulder")):
            assert math.dist(pts[hand], pts[shoulder]) < 14, name
            assert pts[hand][1] < pts["nose"][1] - 16, name  # on the shoulder under the chin, not at it (was 12)
        assert pts["left_elbow"][1] < pts["left_shoulder"][1] - 20, name  # elbows down by the sides


def test_standing_hip_extension_lifts_the_straight_back_leg_clear_with_the_toes_down_on_a_soft_knee() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "standing-hip-extension", side)
        back = scene.poses["back"]
        heel, toe = back[flip("right_heel", scene)], back[flip("right_foot_index", scene)]
        # the fifth blind test asked for a hand's width or two (docs/figures.md), so the foot now clears the
        # floor by about 1.5 cm, not 2.5, and the toes point down a little, not 15 cm under the heel
        assert toe[1] > 3.0 + 1.0  # the toes' centre is 3 cm over the floor when they rest on it
        assert heel[1] > toe[1] + 1.5  # the toes point down
        assert scene.spec.poses["back"].resolved()["left_knee_flexion"] >= 10  # the standing knee soft


def test_standing_hip_flexor_stretch_has_the_chair_beside_and_the_back_heel_up() -> None:
    scene = scene_of("exercise", "standing-hip-flexor-stretch")
    chair = next(p for p in scene.props if p.prop.key == "chair")
    first = scene.poses["start"]
    assert chair.at[2] < first["left_hip"][2] - 15  # beside the hand's side, not in front
    assert abs(chair.at[0] - first["mid_hip"][0]) < 45
    for name, pts in scene.poses.items():
        assert pts["right_heel"][1] > pts["right_foot_index"][1] + 4, name  # the back heel lifts


def test_knee_to_wall_is_seen_side_on_with_the_knee_on_the_wall_and_the_hands_resting_on_it() -> None:
    scene = scene_of("test", "knee-to-wall")
    assert scene.spec.turn == 0
    wall = next(p for p in scene.props if p.prop.key == "wall")
    lunge = scene.poses["lunge"]
    assert wall.at[0] - lunge["right_knee"][0] < 6  # the knee's surface on the wall
    for pts in scene.poses.values():
        for point in ("right_index", "right_wrist", "left_index", "left_wrist"):  # palms flat on the wall
            assert wall.at[0] - pts[point][0] < 5


def test_counter_bird_dog_back_toes_are_just_off_the_floor() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "counter-bird-dog", side)
        for pts in frames(scene, 4):
            toe = pts[flip("right_foot_index", scene)]
            assert toe[1] < 8  # just off the floor, never lifted high
        toe = scene.poses["reach"][flip("right_foot_index", scene)]
        assert toe[1] > 3.0 + 2.0  # but off it


def test_the_ankle_band_loops_across_the_front_of_the_ankle_under_the_ankle_bones() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "banded-ankle-mobilisation", side)
        ankle, toe = flip("right_ankle", scene), flip("right_foot_index", scene)
        for pts in scene.poses.values():
            pieces = {p.key: p for p in frame_pieces(scene, pts, near_side(scene))}
            a, t = drawn_at(scene, pts[ankle]), drawn_at(scene, pts[toe])
            arc = pieces["band.strap.behind"].points + pieces["band.strap"].points
            strap = min(arc, key=lambda p: math.dist(p, t))  # the strap's front: the point nearest the toes
            assert math.dist(strap, t) < math.dist(a, t)  # in front of the joint, towards the toes
            assert strap[1] > a[1]  # lower on the screen than the ankle's centre (SVG y runs down)
            knot = pieces["band.knot"].points[0]
            assert pieces["band"].points[0] == knot  # both strands are tied at the knot
            assert pieces["band.far"].points[0] == knot
        back_foot = scene.poses["start"][flip("left_foot_index", scene)]
        front_heel = scene.poses["start"][flip("right_heel", scene)]
        assert 0 < front_heel[0] - back_foot[0] < 35  # a short step behind


def test_open_books_open_the_top_arm_at_shoulder_height_and_keep_the_bottom_hand_put() -> None:
    for item in ("side-lying-open-book", "foam-roller-thoracic-rotation"):
        scene = scene_of("exercise", item)
        start, end = scene.poses["start"], scene.poses["open"]
        trunk = [end["mid_shoulder"][i] - end["mid_back"][i] for i in range(3)]
        arm = [end["right_wrist"][i] - end["right_shoulder"][i] for i in range(3)]
        cos = sum(a * b for a, b in zip(trunk, arm, strict=True)) / (math.hypot(*trunk) * math.hypot(*arm))
        # at a right angle to the trunk: out at shoulder height, not past the head (part C lets it open
        # out behind the line of the shoulders, as far as the shoulder goes: test_figure_part_c.py)
        assert abs(cos) < 0.17, item
        assert end["right_wrist"][2] > end["right_shoulder"][2] + 30, item  # behind the back
        assert math.dist(start["left_index"], end["left_index"]) < 1.5, item
    roller = next(p for p in scene_of("exercise", "foam-roller-thoracic-rotation").props if p.prop.key == "foam_roller")
    assert 40 <= roller.prop.length <= 50  # a real foam roller, about 45 cm


def test_standing_wall_open_book_sweeps_the_free_hand_at_shoulder_height() -> None:
    scene = scene_of("exercise", "standing-wall-open-book")
    for i, pts in enumerate(frames(scene, 4)):
        assert abs(pts["right_wrist"][1] - pts["right_shoulder"][1]) < 10, i  # never drops to the side
    end = scene.poses["open"]
    assert end["right_wrist"][0] < end["right_shoulder"][0] - 40  # opened out behind


def test_seated_stick_rotation_stick_stays_level_as_the_chest_turns() -> None:
    scene = scene_of("exercise", "seated-stick-rotation")
    for name, pts in scene.poses.items():
        assert abs(pts["left_shoulder"][1] - pts["right_shoulder"][1]) < 3, name  # a turn, not a side bend
    test = scene_of("test", "seated-thoracic-rotation")
    assert (scene.spec.view, scene.spec.turn) != (test.spec.view, test.spec.turn)
