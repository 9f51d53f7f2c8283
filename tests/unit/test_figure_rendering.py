"""The drawn figure: an SVG animated with SMIL only (no script, no style), a still version, PNG and GIF."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from io import BytesIO
from itertools import pairwise

from PIL import Image

from supple.domain.figure_scene import frames
from supple.figures.library import FigureLibrary
from supple.figures.raster import GIF_FPS, render_gif, render_png
from supple.figures.shapes import FAR, NEAR
from supple.figures.svg import render_svg

LIBRARY = FigureLibrary()
scene_for = LIBRARY.scene

SVG = "{http://www.w3.org/2000/svg}"


def test_the_svg_is_well_formed_animates_with_smil_and_has_no_script_or_style() -> None:
    scene = scene_for("exercise", "couch-stretch")
    text = render_svg(scene, scene.spec.caption)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    title = root.find(f"{SVG}title")
    assert title is not None
    assert "wall" in (title.text or "")
    animations = root.findall(f".//{SVG}animate")
    assert len(animations) >= 8
    assert {a.get("dur") for a in animations} == {"9s"}  # hold 1 s, rise 3 s, hold 3 s, back 2 s
    assert root.findall(f".//{SVG}script") == []
    assert root.findall(f".//{SVG}style") == []
    assert "style=" not in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")


def test_the_still_svg_draws_the_end_position_without_animation() -> None:
    scene = scene_for("test", "knee-to-wall")
    root = ET.fromstring(render_svg(scene, "Knee to wall", still=True))
    assert root.findall(f".//{SVG}animate") == []
    assert len(root.findall(f".//{SVG}path")) > 8


def test_near_limbs_are_darker_than_far_limbs_and_mirroring_swaps_the_side() -> None:
    right = render_svg(scene_for("exercise", "couch-stretch"), "x", still=True)
    left = render_svg(scene_for("exercise", "couch-stretch", mirrored=True), "x", still=True)
    assert NEAR in right
    assert FAR in right
    assert right != left
    assert scene_for("exercise", "couch-stretch", mirrored=True).camera.value == "left"


def test_the_png_is_the_requested_height_and_the_gif_lasts_one_loop_of_the_timeline() -> None:
    scene = scene_for("exercise", "standing-knee-to-wall")
    png = Image.open(BytesIO(render_png(scene, height_px=120)))
    assert png.format == "PNG"
    assert png.height == 120
    assert len(png.convert("RGB").getcolors(maxcolors=100_000) or []) > 4  # a drawing, not a blank panel
    gif = Image.open(BytesIO(render_gif(scene, height_px=120)))
    assert gif.format == "GIF"
    assert gif.height == 120
    total_ms = 0
    n_frames: int = getattr(gif, "n_frames", 1)  # only multi-frame image files have it
    for i in range(n_frames):  # Pillow merges the still frames of a hold into one longer frame
        gif.seek(i)
        total_ms += gif.info["duration"]
    assert total_ms == len(frames(scene, GIF_FPS)) * 1000 / GIF_FPS == scene.spec.duration_s * 1000
    assert n_frames > 10
    assert gif.info.get("loop") == 0


def test_the_animated_svg_sends_only_key_frames_and_their_straight_blend_stays_within_half_a_pixel() -> None:
    from supple.figures.shapes import frame_pieces, near_side
    from supple.figures.svg import FPS, KEY_TOLERANCE_CM, _key_frames

    scene = scene_for("exercise", "couch-stretch")
    per_frame = [{p.key: p.points for p in frame_pieces(scene, pts, near_side(scene))} for pts in frames(scene, FPS)]
    track = [f["right.shank"] for f in per_frame]
    kept = _key_frames(track)
    assert kept[0] == 0
    assert kept[-1] == len(track) - 1
    assert len(kept) < len(track) / 2  # the holds and the smooth stretches of the move are left out
    for a, b in pairwise(kept):
        for k in range(a + 1, b):
            t = (k - a) / (b - a)
            for (ax, ay), (bx, by), (kx, ky) in zip(track[a], track[b], track[k], strict=True):
                assert abs(ax + (bx - ax) * t - kx) <= KEY_TOLERANCE_CM
                assert abs(ay + (by - ay) * t - ky) <= KEY_TOLERANCE_CM
    root = ET.fromstring(render_svg(scene, "x"))
    for animation in root.findall(f".//{SVG}animate[@attributeName='d']"):
        times = [float(t) for t in animation.get("keyTimes", "").split(";")]
        assert len(times) == len(animation.get("values", "").split(";"))
        assert times[0] == 0
        assert times[-1] == 1
        assert times == sorted(set(times))


def test_the_tests_show_their_own_props_so_they_differ_from_the_drills_that_look_alike() -> None:
    from supple.figures.shapes import PHONE, TAPE, TONES

    knee_test = render_svg(scene_for("test", "knee-to-wall"), "x", still=True)
    knee_drill = render_svg(scene_for("exercise", "standing-knee-to-wall"), "x", still=True)
    assert TAPE in knee_test  # the tape measure running out from the wall
    assert TAPE not in knee_drill
    pillow = TONES["pillow"][1]
    assert pillow in render_svg(scene_for("test", "seated-thoracic-rotation"), "x", still=True)
    assert pillow not in render_svg(scene_for("exercise", "seated-stick-rotation"), "x", still=True)
    assert PHONE in render_svg(scene_for("test", "standing-thoracic-extension"), "x", still=True)


def test_the_pillow_sits_between_the_knees_in_every_frame() -> None:
    from supple.figures.shapes import frame_pieces, near_side

    scene = scene_for("test", "seated-thoracic-rotation")
    for pts in frames(scene, 2):
        pieces = {p.key: p for p in frame_pieces(scene, pts, near_side(scene))}
        (ax, ay), (bx, by) = pieces["pillow"].points
        (lx, ly), (rx, ry) = pieces["left.thigh"].points[1], pieces["right.thigh"].points[1]  # the knees
        assert min(lx, rx) <= (ax + bx) / 2 <= max(lx, rx)
        assert abs((ay + by) / 2 - (ly + ry) / 2) < 3


def test_the_hip_circle_path_follows_the_knee_round_a_loop_with_room_inside() -> None:
    from supple.figures.shapes import PATH, Canvas, frame_pieces, near_side

    for side in ("right", "left"):
        scene = LIBRARY.scene_on_side("exercise", "standing-hip-circles", side)
        knee = f"{side}_knee"
        canvas = Canvas(scene)
        pieces = {p.key: p for p in frame_pieces(scene, scene.poses[scene.spec.still], near_side(scene))}
        track = pieces["path"].points
        assert pieces["path"].colour == PATH
        assert track[0] == track[-1]  # a closed loop
        for pts in frames(scene, 2):  # every sampled knee position lies on the drawn path
            x, y = canvas.xy(pts[knee])
            assert min(abs(x - px) + abs(y - py) for px, py in track) < 4.0
        # the shoelace area: a circle the eye can see, not a line drawn there and back
        area = abs(sum(ax * by - bx * ay for (ax, ay), (bx, by) in pairwise(track))) / 2
        assert area > 150.0  # cm² on the screen plane, e.g. a 15 cm × 10 cm oval


def _distance_to_line(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length = math.hypot(bx - ax, by - ay)
    return abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length


def test_a_phone_on_a_limb_lies_along_that_shin_in_every_frame_on_either_side() -> None:
    from supple.figures.shapes import Canvas, frame_pieces, near_side

    for mirrored, side in ((False, "right"), (True, "left")):
        scene = LIBRARY.scene("test", "hip-rotation", mirrored)
        canvas = Canvas(scene)
        for pts in frames(scene, 2):
            phone = next(p for p in frame_pieces(scene, pts, near_side(scene)) if p.key == "phone_shin")
            knee, ankle = canvas.xy(pts[f"{side}_knee"]), canvas.xy(pts[f"{side}_ankle"])
            length = ((knee[0] - ankle[0]) ** 2 + (knee[1] - ankle[1]) ** 2) ** 0.5
            for end in phone.points:  # both ends on the shin's line, between the knee and the ankle
                assert _distance_to_line(end, knee, ankle) < 0.5
                assert ((end[0] - knee[0]) ** 2 + (end[1] - knee[1]) ** 2) ** 0.5 < length


def test_a_phone_prop_marked_across_lies_across_the_spine_not_along_it() -> None:
    from supple.figures.phone import on_back
    from supple.figures.shapes import Canvas, frame_pieces, near_side

    scene = LIBRARY.scene("test", "lumbar-locked-rotation")
    canvas = Canvas(scene)
    for pose in ("start", "turn"):
        pts = scene.poses[pose]
        drawn = next(p for p in frame_pieces(scene, pts, near_side(scene)) if p.key == "phone_back")
        across = on_back(canvas, "phone_back", "mid_shoulder", pts, across=True)[0]
        along = on_back(canvas, "phone_back", "mid_shoulder", pts, across=False)[0]
        assert drawn.points == across.points
        assert drawn.points != along.points


def test_the_pelvis_bar_tips_down_at_the_front_before_the_tuck_and_up_after_it_on_either_side() -> None:
    from supple.figures.shapes import Canvas, frame_pieces, near_side

    for exercise in ("standing-hip-flexor-stretch", "half-kneeling-hip-flexor-stretch"):
        for side in ("right", "left"):
            scene = LIBRARY.scene_on_side("exercise", exercise, side)
            tilt = {}
            for pose in ("start", "stretch"):
                pieces = {p.key: p for p in frame_pieces(scene, scene.poses[pose], near_side(scene))}
                (bx, by), (fx, fy) = pieces["pelvis"].points  # back end, front end (SVG y runs down)
                assert pieces["pelvis.front"].points == ((fx, fy),)  # the dot marks the front
                px, py = Canvas(scene).xy(scene.poses[pose]["pelvis_front"])
                assert math.hypot(fx - px, fy - py) < math.hypot(bx - px, by - py)  # the dot is at the front
                tilt[pose] = math.degrees(math.atan2(by - fy, abs(fx - bx)))  # > 0: the front is higher
            assert tilt["start"] < -5, (exercise, side, tilt)  # the pelvis tipped forwards, low back hollow
            assert tilt["stretch"] > 5, (exercise, side, tilt)  # tucked: the front of the pelvis comes up
            assert tilt["stretch"] - tilt["start"] > 15


def test_the_rulers_run_from_the_knee_down_to_the_floor_and_shorten_as_the_knee_drops() -> None:
    from supple.domain.landmarks import mirrored
    from supple.figures.shapes import Canvas, frame_pieces, near_side

    for test, rulers, end in (
        ("faber-distance", {"measure": "right_knee"}, "drop"),
        ("bent-knee-fall-out", {"measure": "right_knee", "measure_left": "left_knee"}, "out"),
    ):
        for side in ("right", "left"):
            scene = LIBRARY.scene_on_side("test", test, side)
            canvas = Canvas(scene)
            length = {}
            for pose in ("start", end):
                pts = scene.poses[pose]
                pieces = {p.key: p for p in frame_pieces(scene, pts, near_side(scene))}
                for key, name in rulers.items():
                    knee = mirrored(name) if scene.mirrored else name
                    top, bottom = pieces[key].points
                    assert top == canvas.xy(pts[knee])
                    assert bottom == canvas.xy((pts[knee][0], 0.0, pts[knee][2]))
                    length[pose, key] = pts[knee][1]
            for key in rulers:
                assert length[end, key] < length["start", key] - 8, (test, side, length)


def test_the_two_phones_on_the_back_change_angle_to_each_other_as_the_mid_back_bends() -> None:
    from supple.figures.shapes import frame_pieces, near_side

    scene = scene_for("test", "standing-thoracic-extension")

    def angle(points: tuple[tuple[float, float], ...]) -> float:
        (ax, ay), (bx, by) = points
        return math.degrees(math.atan2(ay - by, bx - ax)) % 180

    between = {}
    for pose in ("start", "lean"):
        pieces = {p.key: p for p in frame_pieces(scene, scene.poses[pose], near_side(scene))}
        between[pose] = abs(angle(pieces["phone"].points) - angle(pieces["phone_low"].points))
    assert between["start"] < 3  # standing tall: the two phones in line
    assert between["lean"] > 20  # the upper one tips back with the mid back, the lower one hardly moves


def test_the_rotation_test_is_seen_from_above_over_its_marks_and_the_drill_at_eye_level() -> None:
    test = scene_for("test", "seated-thoracic-rotation")
    drill = scene_for("exercise", "seated-stick-rotation")
    assert test.orbit.elevation >= 60
    assert drill.orbit.elevation <= 20
    assert any(p.prop.kind.value == "marks" for p in test.props)
    assert not any(p.prop.kind.value == "marks" for p in drill.props)
