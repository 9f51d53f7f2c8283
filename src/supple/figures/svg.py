"""Animated SVG of a figure, with SMIL (no script, no style sheet), so it runs under a 'self' CSP.

The page shows the animation in an ``<img>``; a ``<picture>`` source for
``prefers-reduced-motion: reduce`` points at the still version (the end position, no animation).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from supple.domain.figure_scene import Scene, frames
from supple.figures.shapes import BACKGROUND, Canvas, Shape, frame_shapes, near_side

FPS = 8.0


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _path(shape: Shape) -> str:
    pts = shape.points
    d = "M" + " L".join(f"{_num(x)} {_num(y)}" for x, y in pts)
    return d + (" Z" if shape.kind == "area" else "")


def _element(shape: Shape, series: list[Shape] | None, dur: float) -> str:
    animate = ""
    if shape.kind == "circle":
        (cx, cy) = shape.points[0]
        if series:
            xs = ";".join(_num(s.points[0][0]) for s in series)
            ys = ";".join(_num(s.points[0][1]) for s in series)
            animate = (
                f'<animate attributeName="cx" dur="{_num(dur)}s" repeatCount="indefinite" values="{xs}"/>'
                f'<animate attributeName="cy" dur="{_num(dur)}s" repeatCount="indefinite" values="{ys}"/>'
            )
        fill = shape.fill or "none"
        return f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(shape.width)}" fill="{fill}">{animate}</circle>'
    if series and len({_path(s) for s in series}) > 1:
        values = ";".join(_path(s) for s in series)
        animate = f'<animate attributeName="d" dur="{_num(dur)}s" repeatCount="indefinite" values="{values}"/>'
    fill = shape.fill or "none"
    return (
        f'<path d="{_path(shape)}" fill="{fill}" stroke="{shape.colour}" stroke-width="{_num(shape.width)}" '
        f'stroke-linecap="round" stroke-linejoin="round">{animate}</path>'
    )


def render_svg(scene: Scene, title: str, *, still: bool = False, height_px: int | None = None) -> str:
    """The figure as an SVG document; ``still`` draws only the still pose (for reduced motion)."""
    canvas = Canvas(scene)
    near = near_side(scene)
    base = frame_shapes(scene, scene.poses[scene.spec.still], near)
    series: list[list[Shape]] = []
    dur = scene.spec.duration_s
    if not still:
        per_frame = [frame_shapes(scene, pts, near) for pts in frames(scene, FPS)]
        per_frame.append(per_frame[0])  # close the loop
        series = [list(column) for column in zip(*per_frame, strict=True)]
        base = per_frame[0]
    size = f' height="{height_px}"' if height_px else ""
    body = "".join(_element(shape, series[i] if series else None, dur) for i, shape in enumerate(base))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(canvas.width)} {_num(canvas.height)}"{size} '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="100%" height="100%" rx="10" fill="{BACKGROUND}"/>'
        f"{body}</svg>"
    )
