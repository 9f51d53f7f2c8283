"""Animated SVG of a figure, with SMIL (no script, no style sheet), so it runs under a 'self' CSP.

The page shows the animation in an ``<img>``; a ``<picture>`` source for
``prefers-reduced-motion: reduce`` points at the still version (the end position, no animation).
The SVG has a viewBox and no fixed size, so it fills whatever box the page gives it (large in the
player, small on a routine card).

Each piece of the mannequin is one path (animated with ``<animate attributeName="d">``) drawn four
times through ``<use>`` in its four tones. The pieces are drawn back to front; while their order
stays the same the path shapes animate smoothly, and where a limb passes in front of the body the
frames switch to a second group in the new order (a discrete ``visibility`` animation).
"""

from __future__ import annotations

from itertools import pairwise
from xml.sax.saxutils import escape

from supple.domain.figure_scene import Scene, frames
from supple.figures.phone import phone_pieces
from supple.figures.shapes import (
    BACKGROUND,
    Canvas,
    Piece,
    Point,
    Shape,
    background,
    frame_pieces,
    near_side,
)

FPS = 8.0
# Two pieces swap places in the drawing order only when their depths differ by more than this (cm),
# so pieces side by side at the same depth do not flicker.
SWAP_CM = 2.0
# A frame between two key frames is left out when every point of the piece is within this (cm) of the
# straight blend of its neighbours; half a pixel on a 400 px wide picture of a 200 cm frame.
KEY_TOLERANCE_CM = 0.25


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _d(kind: str, pts: tuple[tuple[float, float], ...]) -> str:
    """A path through points already rounded to 0.1 (``%g`` then drops a trailing '.0')."""
    if len(pts) == 1:
        pts = (pts[0], pts[0])
    d = "M" + " L".join([f"{x:g} {y:g}" for x, y in pts])
    return d + (" Z" if kind == "area" else "")


def _key_frames(track: list[tuple[Point, ...]]) -> list[int]:
    """The frames worth sending for one piece: the others are within ``KEY_TOLERANCE_CM`` of a straight
    blend of the kept frames on either side (SMIL blends linearly between key frames), so a hold
    needs only its first and last frame and a smooth move a handful (Douglas-Peucker over time)."""
    flat = [tuple(c for xy in points for c in xy) for points in track]
    last = len(flat) - 1
    # the ends of every hold (a run of equal frames) are kept; the moves between them are thinned
    keep = {0, last} | {i for i in range(1, last) if (flat[i] == flat[i - 1]) != (flat[i] == flat[i + 1])}
    stack = list(pairwise(sorted(keep)))
    while stack:
        i, j = stack.pop()
        if j - i < 2 or flat[i] == flat[j] == flat[i + 1]:
            continue
        a, b = flat[i], flat[j]
        worst, at = 0.0, -1
        for k in range(i + 1, j):
            t = (k - i) / (j - i)
            off = max(abs(p + (q - p) * t - c) for p, q, c in zip(a, b, flat[k], strict=True))
            if off > worst:
                worst, at = off, k
        if worst > KEY_TOLERANCE_CM:
            keep.add(at)
            stack += [(i, at), (at, j)]
    return sorted(keep)


def _flat(shape: Shape) -> str:
    fill = shape.fill or "none"
    d = _d(shape.kind, tuple((x + shape.dx, y + shape.dy) for x, y in shape.points))
    return f'<path d="{d}" fill="{fill}" stroke="{shape.colour}" stroke-width="{_num(shape.width)}"/>'


def _ordered(per_frame: list[list[Piece]]) -> list[list[str]]:
    """The drawing order of every frame, changing only where two pieces' depths clearly cross."""
    orders: list[list[str]] = []
    previous: list[str] | None = None
    for pieces in per_frame:
        depth = {p.key: p.depth for p in pieces}
        order = list(previous) if previous is not None else [p.key for p in pieces]
        for i in range(1, len(order)):
            j = i
            while j > 0 and depth[order[j - 1]] > depth[order[j]] + SWAP_CM:
                order[j - 1], order[j] = order[j], order[j - 1]
                j -= 1
        orders.append(order)
        previous = order
    return orders


def _piece_defs(uid: str, piece: Piece, track: list[tuple[Point, ...]], dur: str) -> str:
    """One piece, defined once: its path (animated over the whole loop) and a group drawing it in its
    tones, so every drawing order below only needs a ``<use>`` of the group."""
    animate = ""
    first = _d(piece.kind, track[0])
    if any(points != track[0] for points in track):
        at = _key_frames(track)
        last = len(track) - 1
        times = ";".join(f"{i / last:.4f}".rstrip("0").rstrip(".") for i in at)
        values = ";".join(_d(piece.kind, track[i]) for i in at)
        animate = (
            f'<animate attributeName="d" dur="{dur}" repeatCount="indefinite" keyTimes="{times}" values="{values}"/>'
        )
    layers = piece.shapes()
    if len(layers) == 1:
        layer = layers[0]
        fill = layer.fill or "none"
        return (
            f'<path id="{uid}" d="{first}" fill="{fill}" stroke="{layer.colour}" '
            f'stroke-width="{_num(layer.width)}">{animate}</path>'
        )
    out = f'<path id="p{uid}" d="{first}">{animate}</path><g id="{uid}">'
    for layer in layers:
        move = f' transform="translate({_num(layer.dx)} {_num(layer.dy)})"' if layer.dx or layer.dy else ""
        out += (
            f'<use href="#p{uid}" fill="{layer.fill or "none"}" stroke="{layer.colour}" '
            f'stroke-width="{_num(layer.width)}"{move}/>'
        )
    return out + "</g>"


def render_svg(
    scene: Scene, title: str, *, still: bool = False, height_px: int | None = None, phone: str | None = None
) -> str:
    """The figure as an SVG document; ``still`` draws only the still pose (for reduced motion);
    ``phone`` (a phone picture name, see ``phone.PHONE_ON``) lays a phone on that part of the body."""
    canvas = Canvas(scene)
    near = near_side(scene)
    dur = f"{_num(scene.spec.duration_s)}s"
    if still:  # plain paths, one per tone (no <use>), so any SVG reader draws it (WeasyPrint for the PDF)
        pts = scene.poses[scene.spec.still]
        pieces = frame_pieces(scene, pts, near) + (phone_pieces(scene, pts, phone) if phone else [])
        flat = "".join(_flat(layer) for piece in pieces for layer in piece.shapes())
        return _document(scene, canvas, title, height_px, flat)
    per_frame = [frame_pieces(scene, pts, near) for pts in frames(scene, FPS)]
    per_frame.append(per_frame[0])  # close the loop
    orders = _ordered(per_frame)
    orders[-1] = orders[-2]  # the closing frame keeps the last order
    runs: list[tuple[int, int]] = []  # first and last frame of each stretch with one drawing order
    for i, order in enumerate(orders):
        if runs and orders[runs[-1][0]] == order:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    last = len(per_frame) - 1
    ids = {key: f"k{n}" for n, key in enumerate(orders[0])}
    by_key = [{p.key: p for p in pieces} for pieces in per_frame]
    defs = "".join(_piece_defs(ids[key], by_key[0][key], [f[key].points for f in by_key], dur) for key in orders[0])
    groups = []
    for start, end in runs:
        body = "".join(f'<use href="#{ids[key]}"/>' for key in orders[start])
        visibility = ""
        if len(runs) > 1:
            states = (["hidden"] if start > 0 else []) + ["visible"] + (["hidden"] if end < last else [])
            ticks = (
                ["0"]
                + ([f"{start / last:.4f}"] if start > 0 else [])
                + ([f"{(end + 1) / last:.4f}"] if end < last else [])
            )
            shown = "visible" if start == 0 else "hidden"
            visibility = (
                f' visibility="{shown}"><animate attributeName="visibility" dur="{dur}" repeatCount="indefinite" '
                f'calcMode="discrete" keyTimes="{";".join(ticks)}" values="{";".join(states)}"/'
            )
        groups.append(f"<g{visibility}>{body}</g>")
    return _document(scene, canvas, title, height_px, f"<defs>{defs}</defs>{''.join(groups)}")


def _document(scene: Scene, canvas: Canvas, title: str, height_px: int | None, body: str) -> str:
    size = f' height="{height_px}"' if height_px else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(canvas.width)} {_num(canvas.height)}"{size} '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="100%" height="100%" rx="10" fill="{BACKGROUND}"/>'
        f'<g stroke-linecap="round" stroke-linejoin="round">'
        f"{''.join(_flat(s) for s in background(scene))}{body}</g></svg>"
    )
