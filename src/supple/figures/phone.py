"""The phone drawn on the body: on the named body part for the phone-placement pictures, and lying on
the back of the trunk where a test's figure shows the phone a helper holds there."""

from __future__ import annotations

import math

from supple.domain.figure import Vec
from supple.domain.figure_body import TRUNK_R
from supple.domain.figure_scene import Scene
from supple.figures.shapes import PHONE, PHONE_SCREEN, Canvas, Piece

# Where each phone picture (catalogue/data/phone, ``picture``) puts the phone: along a body segment, a
# share of the way from its first point, on the side towards the viewer. Side-less names use the
# working side.
PHONE_ON: dict[str, tuple[str, str, float]] = {
    "shin": ("knee", "ankle", 0.4),
    "shin-hanging": ("knee", "ankle", 0.5),
    "thigh": ("hip", "knee", 0.5),
    "thigh-flexed": ("hip", "knee", 0.5),
    "upper-back": ("mid_back", "mid_shoulder", 0.85),  # drawn across the spine (``on_back``)
    "chest": ("mid_back", "mid_shoulder", 0.75),
}


def phone_pieces(scene: Scene, pts: dict[str, Vec], picture: str) -> list[Piece]:
    """A phone lying on the body where ``picture`` says, drawn over the figure: a dark slab with a lit
    screen, along the segment, lifted off it towards the viewer by the limb's thickness."""
    if picture == "upper-back":  # across the spine near the base of the neck, on the back's surface
        return [
            Piece(p.key, p.depth + 40, p.kind, p.points, p.radius, p.tone, p.colour)
            for p in on_back(Canvas(scene), "phone", "mid_shoulder", pts, across=True)
        ]
    a_name, b_name, share = PHONE_ON[picture]
    works = scene.spec.works.value if scene.spec.works.value != "both" else "right"
    if scene.mirrored:
        works = "left" if works == "right" else "right"
    if not a_name.startswith("mid"):
        a_name, b_name = f"{works}_{a_name}", f"{works}_{b_name}"
    return on_limb(Canvas(scene), "phone", pts[a_name], pts[b_name], share)


def on_limb(canvas: Canvas, key: str, a: Vec, b: Vec, share: float) -> list[Piece]:
    """A phone lying along the limb segment from ``a`` to ``b``, ``share`` of the way along, drawn over
    the figure (on the near surface)."""
    step = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
    centre: Vec = (a[0] + step[0] * share, a[1] + step[1] * share, a[2] + step[2] * share)
    k = 7.5 / (sum(c * c for c in step) ** 0.5 or 1.0)  # a phone is about 15 cm long
    ends: list[Vec] = [
        (centre[0] + s * step[0] * k, centre[1] + s * step[1] * k, centre[2] + s * step[2] * k) for s in (-1.0, 1.0)
    ]
    sx, sy = canvas.xy(ends[0]), canvas.xy(ends[1])
    depth = canvas.depth(centre) + 40  # always on top: it lies on the near surface
    return [
        Piece(key, depth, "line", (sx, sy), 3.8, None, PHONE),
        Piece(key + ".screen", depth + 1, "line", (sx, sy), 2.6, None, PHONE_SCREEN),
    ]


def on_back(canvas: Canvas, key: str, near: str, pts: dict[str, Vec], across: bool = False) -> list[Piece]:
    """A phone lying on the back of the trunk, near the base of the neck (``mid_shoulder``) or the
    lowest ribs (``mid_back``), moving with the trunk: along the spine, or ``across`` it (from one
    shoulder blade towards the other). The upper phone lies along the chest (lowest ribs to the base of
    the neck); the lower one along the spine just under the ribs (hips to lowest ribs), so as the mid
    back bends the two phones change angle to each other, as the test reads them."""
    if near == "mid_shoulder":
        low, high, share = pts["mid_back"], pts["mid_shoulder"], 0.85
    else:
        low, high, share = pts["mid_hip"], pts["mid_back"], 0.75
    up = [h - lo for h, lo in zip(high, low, strict=True)]
    right = [r - left for r, left in zip(pts["right_shoulder"], pts["left_shoulder"], strict=True)]
    back = (
        right[1] * up[2] - right[2] * up[1],
        right[2] * up[0] - right[0] * up[2],
        right[0] * up[1] - right[1] * up[0],
    )
    nb, nu = math.hypot(*back) or 1.0, math.hypot(*up) or 1.0
    centre = [lo + u * share + b / nb * (TRUNK_R + 1.5) for lo, u, b in zip(low, up, back, strict=True)]
    way, n = (right, math.hypot(*right) or 1.0) if across else (up, nu)
    ends: list[Vec] = [
        (centre[0] + s * way[0] / n * 7.5, centre[1] + s * way[1] / n * 7.5, centre[2] + s * way[2] / n * 7.5)
        for s in (-1.0, 1.0)
    ]
    d = canvas.depth(*ends) + 3
    sa, sb = canvas.xy(ends[0]), canvas.xy(ends[1])
    return [
        Piece(key, d, "line", (sa, sb), 3.8, None, PHONE),
        Piece(key + ".screen", d + 0.1, "line", (sa, sb), 2.6, None, PHONE_SCREEN),
    ]
