"""Figure files: ``/figures/{exercises|tests}/{id}.svg`` (animated, or ``?still=1``) and ``.png`` (still).

``?side=left`` or ``right`` shows the figure working on that side (the key poses are mirrored).
The files depend only on the packaged data, so browsers may keep them for a day.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from supple.figures.library import Kind, default_figures, scene_on_side
from supple.web.pages.rendering import templates

router = APIRouter(include_in_schema=False)

KINDS: dict[str, Kind] = {"exercises": "exercise", "tests": "test"}
CACHE = "public, max-age=86400"
Side = Literal["left", "right"]


def _kind(folder: str) -> Kind:
    from supple.errors import NotFound

    kind = KINDS.get(folder)
    if kind is None:
        raise NotFound(f"No figures under '{folder}'; use 'exercises' or 'tests'.")
    return kind


@lru_cache(maxsize=256)
def svg_text(kind: Kind, item_id: str, still: bool = False, side: Side | None = None) -> str:
    """The figure as SVG text (animated, or its end position when ``still``), drawn once and kept."""
    from supple.figures.svg import render_svg

    scene = scene_on_side(kind, item_id, side)
    return render_svg(scene, scene.spec.caption, still=still)


@lru_cache(maxsize=64)
def _png(kind: Kind, item_id: str, side: Side | None) -> bytes:
    from supple.figures.raster import render_png

    return render_png(scene_on_side(kind, item_id, side))


def figure_caption(folder: str, item_id: str) -> str:
    """What the figure shows, in words (the view, the movement and its timing); '' when there is none."""
    figures = default_figures()
    spec = (figures.exercises if folder == "exercises" else figures.tests).get(item_id)
    return spec.caption if spec is not None else ""


# The page partial (templates/_figure.html) writes the caption under the figure.
templates.env.globals["figure_caption"] = figure_caption


@router.get("/figures/{folder}/{item_id}.svg")
def figure_svg(
    folder: str,
    item_id: str,
    still: Annotated[bool, Query(description="the end position without animation")] = False,
    side: Annotated[Side | None, Query(description="the side that works")] = None,
) -> Response:
    svg = svg_text(_kind(folder), item_id, still, side)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": CACHE})


@router.get("/figures/{folder}/{item_id}.png")
def figure_png(folder: str, item_id: str, side: Annotated[Side | None, Query()] = None) -> Response:
    return Response(_png(_kind(folder), item_id, side), media_type="image/png", headers={"Cache-Control": CACHE})
