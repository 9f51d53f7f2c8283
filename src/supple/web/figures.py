"""Figure files: ``/figures/{exercises|tests}/{id}.svg`` (animated, or ``?still=1``) and ``.png`` (still).

``?side=left`` or ``right`` shows the figure working on that side (the key poses are mirrored).
The files depend only on the packaged data, so browsers may keep them for a day. The figures come
from the app's :class:`~supple.figures.library.FigureLibrary` (``bootstrap.App.figures``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from supple.bootstrap import App
from supple.figures.library import KINDS, Kind
from supple.web.deps import AppDep

router = APIRouter(include_in_schema=False)

CACHE = "public, max-age=86400"
Side = Literal["left", "right"]
Phone = Literal["shin", "shin-hanging", "thigh", "thigh-flexed", "upper-back", "chest"]


def _kind(folder: str) -> Kind:
    from supple.errors import NotFound

    kind = KINDS.get(folder)
    if kind is None:
        raise NotFound(f"No figures under '{folder}'; use 'exercises' or 'tests'.")
    return kind


def template_globals(app: App) -> dict[str, Any]:
    """The page partial (templates/_figure.html) writes the caption under the figure, from this app's figures."""
    return {"figure_caption": app.figures.caption}


@router.get("/figures/{folder}/{item_id}.svg")
def figure_svg(
    app: AppDep,
    folder: str,
    item_id: str,
    still: Annotated[bool, Query(description="the end position without animation")] = False,
    side: Annotated[Side | None, Query(description="the side that works")] = None,
    phone: Annotated[Phone | None, Query(description="draw a phone on this part of the body")] = None,
) -> Response:
    svg = app.figures.svg(_kind(folder), item_id, still, side, phone)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": CACHE})


@router.get("/figures/{folder}/{item_id}.png")
def figure_png(app: AppDep, folder: str, item_id: str, side: Annotated[Side | None, Query()] = None) -> Response:
    return Response(
        app.figures.png(_kind(folder), item_id, side), media_type="image/png", headers={"Cache-Control": CACHE}
    )
