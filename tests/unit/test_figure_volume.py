"""The figures' volume over the whole catalogue, in every frame on both sides: no part of the body's
surface (every limb with its thickness, not only the joints) under the floor or inside a prop,
contacts that every key pose declares held all through the movement, and props where the steps put
them (a roller under the shoulder blades, a band tied to its anchor pulling the stated way)."""

from __future__ import annotations

import pytest

from supple.catalogue.figures import FigureSpec, PropKind
from supple.domain.figure_body import capsules, lowest_surface
from supple.domain.figure_checks import held_contact_problems, placement_problems, volume_problems
from supple.domain.figure_scene import Scene, build_scene, frames
from supple.figures.library import load_figures

FIGURES = load_figures()
SPECS: list[FigureSpec] = [*FIGURES.exercises.values(), *FIGURES.tests.values()]
IDS = [f"{s.kind}:{s.id}" for s in SPECS]
FPS = 4.0


def scenes(spec: FigureSpec) -> list[Scene]:
    return [build_scene(FIGURES.body, spec), build_scene(FIGURES.body, spec, mirrored=True)]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_no_part_of_the_body_surface_goes_under_the_floor_or_into_a_prop_in_any_frame(spec: FigureSpec) -> None:
    for scene in scenes(spec):
        for i, pts in enumerate([*scene.poses.values(), *frames(scene, FPS)]):
            assert volume_problems(scene, pts, f" frame {i}") == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_contacts_declared_in_every_key_pose_hold_in_every_frame_between_them(spec: FigureSpec) -> None:
    for scene in scenes(spec):
        assert held_contact_problems(scene, frames(scene, FPS)) == []


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_rollers_cushions_and_bands_sit_where_the_steps_put_them(spec: FigureSpec) -> None:
    for scene in scenes(spec):
        assert placement_problems(scene) == []


def test_every_band_is_tied_to_an_anchor_drawn_in_the_figure_and_says_which_way_it_pulls() -> None:
    bands = [(spec, p) for spec in SPECS for p in spec.props if p.kind is PropKind.BAND]
    assert {spec.id for spec, _ in bands} >= {"banded-ankle-mobilisation", "banded-hip-capsule-mobilisation"}
    for spec, band in bands:
        anchor = next(p for p in spec.props if p.key == band.tied_to)
        assert anchor.kind is PropKind.POST, spec.id
    ankle = next(p for p in FIGURES.exercises["banded-ankle-mobilisation"].props if p.kind is PropKind.BAND)
    hip = next(p for p in FIGURES.exercises["banded-hip-capsule-mobilisation"].props if p.kind is PropKind.BAND)
    assert (ankle.to, ankle.pulls) == ("right_ankle", "back")  # tied low behind, across the front of the ankle
    assert (hip.to, hip.pulls) == ("right_hip", "out")  # high in the groin, the anchor out to the side


def test_the_foam_roller_sits_under_the_lower_shoulder_blades_not_the_low_back() -> None:
    scene = build_scene(FIGURES.body, FIGURES.exercises["foam-roller-thoracic-extension"])
    roller = next(p for p in scene.props if p.prop.kind is PropKind.FOAM_ROLLER)
    for pts in scene.poses.values():
        back, shoulders = pts["mid_back"][0], pts["mid_shoulder"][0]
        share = (roller.at[0] - back) / (shoulders - back)  # 0 at the bottom of the ribs, 1 at the shoulders
        assert 0.35 <= share <= 0.8


def test_the_chair_back_reaches_the_bottom_of_the_shoulder_blades_in_the_chair_extension() -> None:
    scene = build_scene(FIGURES.body, FIGURES.exercises["chair-thoracic-extension"])
    chair = next(p for p in scene.props if p.prop.kind is PropKind.CHAIR)
    top = chair.at[1] + chair.prop.back_height
    start = scene.poses[scene.spec.timeline[0].pose]
    back, shoulders = start["mid_back"][1], start["mid_shoulder"][1]
    assert back + 0.25 * (shoulders - back) <= top <= back + 0.7 * (shoulders - back)


def test_the_raised_hand_reaches_the_wall_in_the_overhead_reach_while_the_back_stays_on_it() -> None:
    from supple.domain.figure_body import POINT_RADIUS

    for scene in scenes(FIGURES.tests["wall-overhead-reach"]):
        wall = next(p for p in scene.props if p.prop.kind is PropKind.WALL).at[0]
        hand = "left_index" if scene.mirrored else "right_index"
        start, reach = scene.poses["start"], scene.poses["reach"]
        assert start[hand][0] - POINT_RADIUS[hand] - wall > 5  # arm down: the hand well off the wall
        assert reach[hand][0] - POINT_RADIUS[hand] - wall < 1.5  # the straight arm overhead touches it
        assert reach[hand][1] > reach["head"][1] + 25  # … overhead
        assert reach["mid_hip"] == pytest.approx(start["mid_hip"])  # the low back has not moved


def test_a_figure_lying_on_its_back_rests_on_the_floor_without_sinking_or_floating() -> None:
    for figure_id in ("supine-figure-4-stretch", "bent-knee-fall-out", "faber-distance", "supine-hip-flexion"):
        spec = FIGURES.tests.get(figure_id) or FIGURES.exercises[figure_id]
        scene = build_scene(FIGURES.body, spec)
        for pts in frames(scene, FPS):
            assert lowest_surface(pts, scene.body.head_radius) == pytest.approx(0.0, abs=1.0), figure_id


def test_the_volume_check_catches_a_limb_that_dips_under_the_floor() -> None:
    scene = build_scene(FIGURES.body, FIGURES.tests["supine-hip-flexion"])
    pts = {name: (p[0], p[1] - 4.0, p[2]) for name, p in scene.poses["start"].items()}
    problems = volume_problems(scene, pts)
    assert any("under the floor" in p for p in problems)
    assert min(min(c.a[1], c.b[1]) - c.r for c in capsules(pts, scene.body.head_radius)) < -1.5
