"""Standing and seated figures changed after the fifth blind test: each shows what its steps say
(docs/figures.md, "Fixed after the fifth blind test (standing and seated figures)")."""

from __future__ import annotations

import math

from supple.domain.figure import Vec
from supple.domain.figure_scene import Scene, frames
from supple.figures.library import FigureLibrary
from supple.figures.shapes import Canvas

LIBRARY = FigureLibrary()
SIDES = ("right", "left")


def _scene(kind: str, item: str, side: str = "right") -> Scene:
    return LIBRARY.scene_on_side(kind, item, side)  # type: ignore[arg-type]


def _flip(name: str, scene: Scene) -> str:
    """The working side's name of a point written for the right side."""
    if not scene.mirrored:
        return name
    return name.replace("right_", "tmp_").replace("left_", "right_").replace("tmp_", "left_")


def _screen(scene: Scene, p: Vec) -> tuple[float, float]:
    """Where a point is drawn (SVG units, y running down)."""
    return Canvas(scene).xy(p)


def test_standing_wall_open_book_is_seen_from_behind_the_opening_shoulder_with_the_hand_above_the_knees() -> None:
    for side in SIDES:
        scene = _scene("exercise", "standing-wall-open-book", side)
        assert scene.spec.elevation is not None and 35 <= scene.spec.elevation <= 55  # the wall stands up, not a rug
        assert scene.spec.turn <= -45  # from behind
        for name, pts in scene.poses.items():
            hand = _screen(scene, pts[_flip("right_wrist", scene)])
            knees = [_screen(scene, pts[k])[1] for k in ("right_knee", "left_knee")]
            assert hand[1] < min(knees) - 10, name  # the sweeping hand is never drawn down over the legs
