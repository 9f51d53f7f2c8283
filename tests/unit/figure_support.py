"""What the figure tests of each review round share: the packaged figures, the two working sides, a
figure placed on one side, a point's name on that side, and where a point is drawn."""

from __future__ import annotations

from supple.domain.figure import Vec
from supple.domain.figure_scene import Scene
from supple.figures.library import FigureLibrary
from supple.figures.shapes import Canvas

LIBRARY = FigureLibrary()
SIDES = ("right", "left")


def scene_of(kind: str, item: str, side: str = "right") -> Scene:
    """The figure of an exercise or test working ``side`` (its key poses mirrored when needed)."""
    return LIBRARY.scene_on_side(kind, item, side)  # type: ignore[arg-type]


def flip(name: str, scene: Scene) -> str:
    """The working side's name of a point written for the right side."""
    if not scene.mirrored:
        return name
    return name.replace("right_", "tmp_").replace("left_", "right_").replace("tmp_", "left_")


def drawn_at(scene: Scene, p: Vec) -> tuple[float, float]:
    """Where a point is drawn (SVG units, y running down)."""
    return Canvas(scene).xy(p)
