"""The figure's volume: every segment as a capsule (a line with a radius), and the checks that keep
that volume out of the floor and the props in every frame. Pure.

The drawing uses the same capsules (``figures/shapes.py``), so what the checks pass is what is drawn:
a limb that clears the floor here clears the floor line in the picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final

from supple.domain.figure import SIDES, Vec

# Radii (cm) of the drawn and checked volume: a mannequin of a 170 cm adult.
TRUNK_R: Final = 10.0
RADIUS: Final[dict[str, float]] = {
    "neck": 5.0,
    "upper_arm": 4.6,
    "forearm": 3.8,
    "hand": 2.6,
    "thigh": 7.0,
    "shank": 5.2,
    "foot": 3.0,
}
# The radius around each named point, for placing it on a surface (its contact is its surface).
POINT_RADIUS: Final[dict[str, float]] = {
    "mid_hip": TRUNK_R,
    "mid_back": TRUNK_R,
    "mid_shoulder": TRUNK_R,
    "nose": 2.0,
    **{f"{s}_ear": 2.0 for s in SIDES},
    **{
        f"{s}_{j}": r
        for s in SIDES
        for j, r in (
            ("shoulder", 6.0),
            ("elbow", 4.2),
            ("wrist", 3.4),
            ("index", 2.4),
            ("hip", 8.0),
            ("knee", 5.8),
            ("ankle", 4.2),
            ("heel", 3.0),
            ("foot_index", 2.5),
        )
    },
}
# How deep (cm) a drawn surface may press into the floor or a prop: soft tissue on a mat.
SQUASH_CM: Final = 1.5


@dataclass(frozen=True)
class Capsule:
    """A piece of the body: the segment a-b thickened by ``r``. ``side`` is 'left', 'right' or 'mid'."""

    name: str
    side: str
    a: Vec
    b: Vec
    r: float


def _mix(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def trunk_outline(pts: Mapping[str, Vec]) -> list[Vec]:
    """The torso's inner outline (hips, waist, shoulders, pulled in a little); the torso is this outline
    thickened by ``TRUNK_R`` all round."""
    hip_l = _mix(pts["mid_hip"], pts["left_hip"], 0.45)
    hip_r = _mix(pts["mid_hip"], pts["right_hip"], 0.45)
    sh_l = _mix(pts["mid_shoulder"], pts["left_shoulder"], 0.55)
    sh_r = _mix(pts["mid_shoulder"], pts["right_shoulder"], 0.55)
    half = ((hip_l[0] - hip_r[0]) / 2, (hip_l[1] - hip_r[1]) / 2, (hip_l[2] - hip_r[2]) / 2)
    mb = pts["mid_back"]
    back_l = (mb[0] + half[0] * 0.85, mb[1] + half[1] * 0.85, mb[2] + half[2] * 0.85)
    back_r = (mb[0] - half[0] * 0.85, mb[1] - half[1] * 0.85, mb[2] - half[2] * 0.85)
    return [hip_l, back_l, sh_l, sh_r, back_r, hip_r]


LIMBS: Final = (
    ("upper_arm", "shoulder", "elbow"),
    ("forearm", "elbow", "wrist"),
    ("hand", "wrist", "index"),
    ("thigh", "hip", "knee"),
    ("shank", "knee", "ankle"),
    ("foot", "ankle", "heel"),
    ("foot", "heel", "foot_index"),
    ("foot", "ankle", "foot_index"),
)


def capsules(pts: Mapping[str, Vec], head_radius: float) -> list[Capsule]:
    """Every piece of the body's volume in one pose."""
    outline = trunk_outline(pts)
    out = [Capsule("trunk", "mid", outline[i], outline[(i + 1) % len(outline)], TRUNK_R) for i in range(len(outline))]
    out.append(Capsule("trunk", "mid", pts["mid_hip"], pts["mid_shoulder"], TRUNK_R))
    out.append(Capsule("neck", "mid", pts["mid_shoulder"], pts["head"], RADIUS["neck"]))
    out.append(Capsule("head", "mid", pts["head"], pts["head"], head_radius))
    for s in SIDES:
        for name, a, b in LIMBS:
            out.append(Capsule(name, s, pts[f"{s}_{a}"], pts[f"{s}_{b}"], RADIUS[name]))
    return out


def lowest_surface(pts: Mapping[str, Vec], head_radius: float) -> float:
    """The height (cm) of the lowest point of the body's surface."""
    return min(min(c.a[1], c.b[1]) - c.r for c in capsules(pts, head_radius))


def along(c: Capsule, steps: int = 4) -> Iterator[Vec]:
    """Points along a capsule's middle line (both ends included)."""
    for i in range(steps + 1):
        yield _mix(c.a, c.b, i / steps)


def segment_distance_2d(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from ``p`` to the segment a-b in a plane."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)
