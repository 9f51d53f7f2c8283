"""Standing and seated figures changed after the fifth blind test: each shows what its steps say
(docs/figures.md, "Fixed after the fifth blind test (standing and seated figures)")."""

from __future__ import annotations

import math

from supple.domain.figure import Vec
from supple.domain.figure_scene import frames
from tests.unit.figure_support import SIDES, drawn_at, flip, scene_of


def test_standing_wall_open_book_is_seen_from_behind_the_opening_shoulder_with_the_hand_above_the_knees() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "standing-wall-open-book", side)
        assert scene.spec.elevation is not None
        assert 35 <= scene.spec.elevation <= 55  # the wall stands up, not a rug
        assert scene.spec.turn <= -45  # from behind
        for name, pts in scene.poses.items():
            hand = drawn_at(scene, pts[flip("right_wrist", scene)])
            knees = [drawn_at(scene, pts[k])[1] for k in ("right_knee", "left_knee")]
            assert hand[1] < min(knees) - 10, name  # the sweeping hand is never drawn down over the legs


def test_banded_hip_band_is_a_loop_in_the_groin_crease_pulling_sideways_from_beside_the_hip() -> None:
    from supple.figures.shapes import frame_pieces, near_side

    for side in SIDES:
        scene = scene_of("exercise", "banded-hip-capsule-mobilisation", side)
        hip, knee = flip("right_hip", scene), flip("right_knee", scene)
        post = next(p for p in scene.props if p.prop.key == "post")
        xs = [pts[hip][0] for pts in scene.poses.values()]
        low, high = min(xs), max(xs)
        assert low + 0.25 * (high - low) <= post.at[0] <= high - 0.25 * (high - low)  # level with the hip's travel
        for name, pts in scene.poses.items():
            pieces = {p.key: p for p in frame_pieces(scene, pts, near_side(scene))}
            assert {"band.a", "band.b"} <= pieces.keys(), name  # a ring round the thigh, not a line to a point
            strand = pieces["band"].points
            h, k = drawn_at(scene, pts[hip]), drawn_at(scene, pts[knee])
            a = math.atan2(strand[0][1] - strand[1][1], strand[0][0] - strand[1][0])
            b = math.atan2(k[1] - h[1], k[0] - h[0])
            apart = abs((math.degrees(a - b) + 180) % 360 - 180)
            assert apart > 35, name  # the band does not run along the thigh on the screen


def _forwards(pts: dict[str, Vec]) -> Vec:
    """The way the pelvis faces, level."""
    front, mid = pts["pelvis_front"], pts["mid_hip"]
    n = math.hypot(front[0] - mid[0], front[2] - mid[2])
    return ((front[0] - mid[0]) / n, 0.0, (front[2] - mid[2]) / n)


def test_standing_hip_circles_keep_the_knee_lifted_and_bent_and_show_it_going_out_to_the_side() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "standing-hip-circles", side)
        hip, knee, ankle = (flip(f"right_{p}", scene) for p in ("hip", "knee", "ankle"))
        for i, pts in enumerate(frames(scene, 4)):
            h, k, a = pts[hip], pts[knee], pts[ankle]
            below = math.degrees(math.asin((h[1] - k[1]) / math.dist(h, k)))
            assert -5 <= below <= 30, i  # the thigh between level and 30° below, never dropped
            fwd = _forwards(pts)
            assert sum((a[j] - h[j]) * fwd[j] for j in range(3)) > 5, i  # the foot never swings back like a kick
        for name, angles in ((n, p.resolved()) for n, p in scene.spec.poses.items()):
            assert 75 <= angles["right_knee_flexion"] <= 95, name
        front, out = scene.poses["front"], scene.poses["out"]
        assert abs(drawn_at(scene, out[knee])[0] - drawn_at(scene, front[knee])[0]) > 12  # out to the side shows


def _from_vertical(top: Vec, bottom: Vec) -> float:
    """Degrees the line from ``top`` down to ``bottom`` leans back (towards -x) from straight down."""
    return math.degrees(math.atan2(top[0] - bottom[0], top[1] - bottom[1]))


def test_standing_hip_extension_moves_the_straight_leg_back_a_little_from_a_trunk_tipped_forwards() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "standing-hip-extension", side)
        hip, knee, toe = (flip(f"right_{p}", scene) for p in ("hip", "knee", "foot_index"))
        for name, pose in scene.spec.poses.items():
            angles = pose.resolved()
            assert angles["right_knee_flexion"] <= angles["left_knee_flexion"], name  # no bent-knee kick on the way
        for name, pts in scene.poses.items():
            up = [pts["mid_shoulder"][i] - pts["mid_hip"][i] for i in range(3)]
            trunk = math.degrees(math.atan2(up[0], up[1]))  # the shoulders ahead of the hips
            assert 12 <= trunk <= 16, name  # tipped forwards a little from the hips, as step 2 says
        back = scene.poses["back"]
        # was 10-18°; the sixth blind test found the swing too small to see (a step back), so the thigh now
        # goes 26° behind upright (12° of hip extension from the trunk's line), still not 35-40°
        assert 10 <= _from_vertical(back[hip], back[knee]) <= 28
        assert back[toe][1] > 3.0 + 1.0  # the toes clear the floor
        start_heel = scene.poses["start"][flip("left_heel", scene)][1]
        for i, pts in enumerate(frames(scene, 4)):
            assert abs(pts[flip("left_heel", scene)][1] - start_heel) < 0.5, i  # the standing foot stays down


def test_chair_extension_backrest_reaches_the_shoulder_blades_and_the_head_rests_in_hands_elbows_forwards() -> None:
    for side in SIDES:
        scene = scene_of("exercise", "chair-thoracic-extension", side)
        chair = next(p for p in scene.props if p.prop.key == "chair")
        top = chair.at[1] + chair.prop.back_height
        start = scene.poses["start"]
        ribs, shoulders = start["mid_back"][1], start["mid_shoulder"][1]
        assert (top - ribs) / (shoulders - ribs) >= 0.45  # about the bottom of the shoulder blades, not the waist
        for name, pts in scene.poses.items():
            for s in ("right", "left"):
                assert pts[f"{s}_elbow"][0] > pts["nose"][0] + 10, name  # both elbows point forwards
                assert pts[f"{s}_index"][0] < pts["head"][0] - 5, name  # the hands cupped behind the head
            assert scene.spec.poses[name].resolved()["neck_flexion"] >= 8, name  # chin lightly tucked
        arch = scene.poses["arch"]
        assert arch["mid_shoulder"][0] < start["mid_shoulder"][0] - 4  # the upper back goes back over the edge
        assert arch["mid_shoulder"][1] > top  # … above the top of the backrest


def test_seated_windscreen_wipers_sit_in_the_middle_of_a_seat_wide_enough_for_both_buttocks() -> None:
    from supple.domain.figure_body import RADIUS
    from supple.domain.figure_scene import support_extent

    for side in SIDES:
        scene = scene_of("exercise", "seated-windscreen-wipers", side)
        chair = next(p for p in scene.props if p.prop.key == "chair")
        _, half_width = support_extent(scene.spec, chair.prop)
        for name, pts in scene.poses.items():
            assert abs(pts["mid_hip"][2] - chair.at[2]) < 2, name  # centred under the pelvis
            for hip in ("right_hip", "left_hip"):
                assert abs(pts[hip][2] - chair.at[2]) + RADIUS["thigh"] <= half_width, name  # no buttock hangs off


def test_calf_raises_lift_the_heel_5_to_8_cm_with_the_foot_low_not_on_its_tip() -> None:
    for item, feet in (("calf-raise", ("right", "left")), ("single-leg-calf-raise", ("right",))):
        for side in SIDES:
            scene = scene_of("exercise", item, side)
            start, up = scene.poses["start"], scene.poses["up"]
            for foot in feet:
                heel, toe = flip(f"{foot}_heel", scene), flip(f"{foot}_foot_index", scene)
                assert 5 <= up[heel][1] - start[heel][1] <= 8, (item, side)  # the heel rises 5-8 cm
                assert abs(up[toe][1] - start[toe][1]) < 0.5, (item, side)  # the front of the foot stays down
                slope = math.degrees(math.atan2(up[heel][1] - up[toe][1], math.dist(up[heel][::2], up[toe][::2])))
                assert slope < 20, (item, side)  # a foot tipped a little, not a wedge standing on its tip


def test_bent_knee_calf_stretch_takes_a_clearly_shorter_step_than_the_straight_knee_one() -> None:
    def step(item: str) -> float:
        start = scene_of("exercise", item).poses["start"]
        return start["left_heel"][0] - start["right_heel"][0]  # front heel ahead of the back heel

    assert step("bent-knee-calf-stretch") < step("straight-knee-calf-stretch") - 8  # 28 cm against 42 (was 43)
    assert step("bent-knee-calf-stretch") > 20  # still a step


def test_knee_to_wall_tape_is_drawn_bold_over_the_shadow_from_the_wall_past_the_toe() -> None:
    from supple.figures.shapes import TAPE, frame_pieces, near_side

    scene = scene_of("test", "knee-to-wall")
    wall = next(p for p in scene.props if p.prop.key == "wall")
    for name, pts in scene.poses.items():
        pieces = frame_pieces(scene, pts, near_side(scene))
        keys = [p.key for p in pieces]
        last_shadow = max(i for i, k in enumerate(keys) if k.startswith("shadow."))
        tape = [i for i, k in enumerate(keys) if k.startswith("tape.")]
        assert tape, name
        assert min(tape) > last_shadow, name  # the shadow does not hide it
        assert max(tape) < min(i for i, k in enumerate(keys) if k.startswith(("right.", "left.", "trunk"))), name
        band = next(p for p in pieces if p.key.startswith("tape.") and p.colour == TAPE)
        assert band.radius * 2 >= 5, name  # bold
        ends = sorted(x for x, _ in band.points)
        wall_x, toe_x = drawn_at(scene, (wall.at[0], 0.0, 0.0))[0], drawn_at(scene, pts["right_foot_index"])[0]
        assert ends[0] <= min(wall_x, toe_x) + 1, name  # from the skirting …
        assert ends[1] >= max(wall_x, toe_x) - 1, name  # … past the toe
