"""One frame of a figure as a depth-sorted list of shaded pieces (screen centimetres), for any renderer.

The body is a mannequin made of the capsules the checks use (``domain/figure_body.py``): every piece
is a tube (a line with a radius, or a closed outline for the torso and feet) drawn in four tones —
a dark outline, the base colour, a lit band and a highlight offset towards the light — which gives
limbs and torso volume with nothing but flat shapes, so the SVG, the PNG / GIF (Pillow) and the PDF
draw exactly the same scene. The side nearer the viewer is dark blue, the far side pale. Props are
shaded boxes and tubes; the floor is a plane with the figure's shadow on it. Pieces are sorted by
depth in every frame, so a limb passing in front of the body is drawn over it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from supple.catalogue.figures import Camera, PropKind
from supple.domain.figure import Vec
from supple.domain.figure_body import RADIUS, TRUNK_R, trunk_outline
from supple.domain.figure_scene import PlacedProp, Scene, frames, project, shadow_point, support_boxes, view_box
from supple.domain.landmarks import mirrored

Point = tuple[float, float]

# Base tones: the near side dark, the far side pale (tests and the page legend rely on these two).
NEAR = "#1d4f80"
FAR = "#93b6d9"
BACKGROUND = "#f4f6f9"
FLOOR_FILL = "#e2e6ec"
SHADOW = "#c3cad4"
MAT = "#dcd5c6"
BAND = "#c0522b"
WALL_FILL = "#ebe6dc"
# outline, base, lit band, highlight
TONES: dict[str, tuple[str, str, str, str]] = {
    "near": ("#0f2f50", NEAR, "#346fa8", "#86b5e2"),
    "far": ("#6c8db0", FAR, "#adc8e3", "#dbe8f5"),
    "trunk": ("#15395e", "#2a5f94", "#4580ba", "#9ac4ec"),
    "prop": ("#80796c", "#cfc8ba", "#ddd7cb", "#efebe4"),
    "roller": ("#2f6b60", "#4f9a8a", "#6db5a5", "#b4e0d6"),
    "stick": ("#5c3a17", "#8a5a2b", "#a8784a", "#d5b08a"),
    "pillow": ("#6e4763", "#a87497", "#c093b2", "#e6cbde"),
}
TAPE = "#e2b23a"
TAPE_EDGE = "#6b4e0e"  # the tape's dark edge, so it reads on the pale floor
# Where the light comes from on screen (SVG y runs down): up and to the left.
LIGHT = (-0.55, -0.835)


@dataclass(frozen=True)
class Shape:
    """A flat shape: a ``line`` (points joined, round caps; one point = a dot), an ``area`` (a closed
    outline, filled, with a round stroke) — ``width`` is the stroke width in cm."""

    kind: Literal["line", "area"]
    points: tuple[Point, ...]
    width: float
    colour: str
    fill: str | None = None
    dx: float = 0.0  # offset towards the light (the lit band and the highlight)
    dy: float = 0.0


@dataclass(frozen=True)
class Piece:
    """One depth-sorted piece: a tube shaded in ``tone`` (or flat when tone is None), ``radius`` cm."""

    key: str
    depth: float
    kind: Literal["line", "area"]
    points: tuple[Point, ...]
    radius: float
    tone: str | None = None
    colour: str = SHADOW

    def shapes(self) -> list[Shape]:
        """The layers of this piece, back to front."""
        if self.tone is None:
            fill = self.colour if self.kind == "area" else None
            return [Shape(self.kind, self.points, 2 * self.radius, self.colour, fill)]
        outline, base, lit, high = TONES[self.tone]
        r = self.radius
        fills = self.kind == "area"
        return [
            Shape(self.kind, self.points, 2 * r + 1.0, outline, outline if fills else None),
            Shape(self.kind, self.points, 2 * r, base, base if fills else None),
            Shape(self.kind, self.points, 1.4 * r, lit, lit if fills else None, LIGHT[0] * 0.2 * r, LIGHT[1] * 0.2 * r),
            Shape(
                self.kind, self.points, 0.5 * r, high, high if fills else None, LIGHT[0] * 0.42 * r, LIGHT[1] * 0.42 * r
            ),
        ]


def near_side(scene: Scene) -> str:
    """The side drawn darker: the one nearer the camera in the still pose, else the working side."""
    pts = scene.poses[scene.spec.still]
    depth = {
        s: project(scene.orbit, pts[f"{s}_hip"])[2] + project(scene.orbit, pts[f"{s}_shoulder"])[2]
        for s in ("left", "right")
    }
    if abs(depth["left"] - depth["right"]) > 5:
        return max(depth, key=lambda s: depth[s])
    works = scene.spec.works.value
    if works == "both":
        return "right"
    if scene.mirrored:
        return "left" if works == "right" else "right"
    return works


class Canvas:
    """Screen cm → SVG user units (y down), for one scene's fixed frame."""

    def __init__(self, scene: Scene) -> None:
        self.scene = scene
        self.orbit = scene.orbit
        self.left, self.bottom, self.width, self.height = view_box(scene)

    def xy(self, p: Vec) -> Point:
        sx, sy, _ = project(self.orbit, p)
        return (round(sx - self.left, 1), round(self.bottom + self.height - sy, 1))

    def depth(self, *ps: Vec) -> float:
        return sum(project(self.orbit, p)[2] for p in ps) / len(ps)

    def screen(self, pts: dict[str, Vec]) -> dict[str, tuple[float, float, float]]:
        """Every named point of one frame projected once: screen x, y (SVG units) and depth."""
        top = self.bottom + self.height
        out = {}
        for name, p in pts.items():
            sx, sy, d = project(self.orbit, p)
            out[name] = (round(sx - self.left, 1), round(top - sy, 1), d)
        return out


def _box_faces(canvas: Canvas, key: str, lo: Vec, hi: Vec) -> list[Piece]:
    """The faces of a box that look towards the camera, shaded by the way they face."""
    x0, y0, z0 = lo
    x1, y1, z1 = hi
    faces = {
        "top": ((0.0, 1.0, 0.0), [(x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1)], "#e9e4da"),
        "px": ((1.0, 0.0, 0.0), [(x1, y0, z0), (x1, y1, z0), (x1, y1, z1), (x1, y0, z1)], "#c9c1b2"),
        "nx": ((-1.0, 0.0, 0.0), [(x0, y0, z0), (x0, y1, z0), (x0, y1, z1), (x0, y0, z1)], "#c9c1b2"),
        "pz": ((0.0, 0.0, 1.0), [(x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)], "#d6cfc2"),
        "nz": ((0.0, 0.0, -1.0), [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0)], "#d6cfc2"),
    }
    centre = ((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2)
    out = []
    for name, (normal, corners, colour) in faces.items():
        if project(canvas.orbit, normal)[2] <= 0.05:  # facing away from the camera
            continue
        pts = tuple(canvas.xy(c) for c in corners)
        out.append(Piece(f"{key}.{name}", canvas.depth(centre), "area", pts, 0.4, None, colour))
    return out


def _prop_pieces(canvas: Canvas, placed: PlacedProp, pts: dict[str, Vec]) -> list[Piece]:
    prop, (x, y, z) = placed.prop, placed.at
    kind, key, half = prop.kind, placed.prop.key, prop.length / 2
    xy, depth = canvas.xy, canvas.depth
    if kind is PropKind.FOAM_ROLLER:
        r = prop.top / 2
        a, b = ((x - half, y, z), (x + half, y, z)) if prop.along else ((x, y, z - half), (x, y, z + half))
        return [Piece(key, depth(a, b) - r, "line", (xy(a), xy(b)), r, "roller")]
    if kind in (PropKind.BAND, PropKind.PELVIS, PropKind.MEASURE):
        from supple.figures.marks import mark_pieces  # bands and marks drawn on these shapes

        return mark_pieces(canvas, placed, pts)
    if kind is PropKind.POST:  # standing on a heavy square base, so it reads as fixed to the floor
        top = (x, prop.top, z)
        lo, hi = (x - POST_BASE, 0.0, z - POST_BASE), (x + POST_BASE, 4.0, z + POST_BASE)
        base = _box_faces(canvas, key + ".base", lo, hi)
        return [*base, Piece(key, depth((x, 0.0, z), top) + 1, "line", (xy((x, 0.0, z)), xy(top)), 3.5, "prop")]
    if kind is PropKind.STICK:
        a, b = _stick_ends(prop.length, pts)
        return [Piece(key, depth(a, b) + 12, "line", (xy(a), xy(b)), 1.6, "stick")]
    if kind is PropKind.PILLOW:  # squeezed between two points (the knees), moving with them
        names = [prop.near or "left_knee", prop.to or "right_knee"]  # both required by the schema
        a, b = (pts[n if not canvas.scene.mirrored else mirrored(n)] for n in names)
        ends: list[Vec] = [
            (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t) for t in (0.3, 0.7)
        ]
        return [Piece(key, depth(a, b), "line", (xy(ends[0]), xy(ends[1])), 7.5, "pillow")]
    if kind is PropKind.PHONE:
        from supple.figures.phone import on_back, on_limb  # the phone module draws on these shapes

        near = prop.near or "mid_shoulder"
        if near.startswith("mid_"):
            return on_back(canvas, key, near, pts, across=prop.across)
        first, second = (n if not canvas.scene.mirrored else mirrored(n) for n in (near, prop.to or near))
        return on_limb(canvas, key, pts[first], pts[second], 0.5)
    if kind is PropKind.PATH:  # where the point goes over the loop, drawn over the figure
        name = prop.near if prop.near is not None and not canvas.scene.mirrored else mirrored(prop.near or "")
        stick = next((p.prop.length for p in canvas.scene.props if p.prop.kind is PropKind.STICK), None)
        if prop.stick_end and stick is not None:  # the end of the stick on that point's side: the widest arc
            end = 0 if name.startswith("left_") else 1
            track = tuple(xy(_stick_ends(stick, f)[end]) for f in frames(canvas.scene, PATH_FPS))
        else:
            track = tuple(xy(f[name]) for f in frames(canvas.scene, PATH_FPS))
        return [Piece(key, 1e6, "line", (*track, track[0]), 0.9, None, PATH)]
    if kind in (PropKind.WALL, PropKind.MARKS, PropKind.TAPE):
        return []  # drawn behind everything (``background``)
    return _support_pieces(canvas, placed)


def _stick_ends(length: float, pts: dict[str, Vec]) -> tuple[Vec, Vec]:
    """A stick held across the collarbones: along the shoulder line, a little lower; its left end first."""
    ls, rs, mid = pts["left_shoulder"], pts["right_shoulder"], pts["mid_shoulder"]
    across = [r - left for r, left in zip(rs, ls, strict=True)]
    scale = length / 2 / max(1e-6, sum(c * c for c in across) ** 0.5)
    low = (mid[0] + 4, mid[1] - 6, mid[2])
    a = (low[0] - across[0] * scale, low[1] - across[1] * scale, low[2] - across[2] * scale)
    b = (low[0] + across[0] * scale, low[1] + across[1] * scale, low[2] + across[2] * scale)
    return a, b


def _support_pieces(canvas: Canvas, placed: PlacedProp) -> list[Piece]:
    """A support: a top slab (a bed and a cushion are solid), legs, and a chair's backrest."""
    kind, key, xy, depth = placed.prop.kind, placed.prop.key, canvas.xy, canvas.depth
    boxes = support_boxes(canvas.scene.spec, placed)
    pieces = _box_faces(canvas, key, *boxes[0])
    if kind not in (PropKind.BED, PropKind.CUSHION):
        (x0, bottom, z0), (x1, _, z1) = boxes[0]
        for lx in (x0 + 3, x1 - 3):
            for lz in (z0 + 3, z1 - 3):
                a, b = (lx, bottom, lz), (lx, 0.0, lz)
                pieces.append(Piece(f"{key}.leg{lx:.0f}{lz:.0f}", depth(a, b), "line", (xy(a), xy(b)), 1.6, "prop"))
    if len(boxes) > 1:
        pieces += _box_faces(canvas, key + ".back", *boxes[1])
    return pieces


def _tape(scene: Scene, placed: PlacedProp) -> list[Shape]:
    """A tape measure on the floor from the wall's skirting back along the foot, with a tick every
    5 cm and a longer one every 10 cm."""
    canvas = Canvas(scene)
    x, _, z = placed.at
    wall = next((pp for pp in scene.props if pp.prop.kind is PropKind.WALL), None)
    start = wall.at[0] if wall is not None else x
    way = -1.0 if start > scene.poses[scene.spec.timeline[0].pose]["mid_hip"][0] else 1.0
    end = start + way * placed.prop.length
    ends = (canvas.xy((start, 0.0, z)), canvas.xy((end, 0.0, z)))
    out = [Shape("line", ends, 7.0, TAPE_EDGE), Shape("line", ends, 5.5, TAPE)]  # bold, with a dark edge
    for i in range(0, int(placed.prop.length) + 1, 5):
        tx = start + way * i
        reach = 3.5 if i % 10 == 0 else 2.0
        a, b = canvas.xy((tx, 0.0, z - 2.5)), canvas.xy((tx, 0.0, z - 2.5 + reach))
        out.append(Shape("line", (a, b), 0.5, "#5b4510"))
    return out


def background(scene: Scene) -> list[Shape]:
    """What never moves and is always behind the figure: the floor plane (or a mat from above), walls."""
    canvas = Canvas(scene)
    xy = canvas.xy
    shapes: list[Shape] = []
    if scene.camera is Camera.TOP and scene.orbit.elevation >= 80:
        mat = (canvas.width * 0.06, canvas.height * 0.05, canvas.width * 0.94, canvas.height * 0.95)
        corners = ((mat[0], mat[1]), (mat[2], mat[1]), (mat[2], mat[3]), (mat[0], mat[3]))
        shapes.append(Shape("area", corners, 8.0, MAT, MAT))
    else:
        still = scene.poses[scene.spec.still]
        cx = sum(p[0] for p in still.values()) / len(still)
        cz = sum(p[2] for p in still.values()) / len(still)
        corners3 = [(cx + dx, 0.0, cz + dz) for dx, dz in ((-500, -250), (500, -250), (500, 250), (-500, 250))]
        shapes.append(Shape("area", tuple(xy(c) for c in corners3), 0.5, FLOOR_FILL, FLOOR_FILL))
    hips = scene.poses[scene.spec.timeline[0].pose]["mid_hip"][0]
    for placed in scene.props:
        if placed.prop.kind is PropKind.MARKS:  # tape lines fanning out on the floor
            x, _, z = placed.at
            side = -1.0 if (scene.spec.works.value == "left") != scene.mirrored else 1.0
            for deg in (0.0, 30.0, 45.0, 60.0):
                a = math.radians(deg)
                end = (x + placed.prop.length * math.cos(a), 0.0, z + side * placed.prop.length * math.sin(a))
                shapes.append(Shape("line", (xy((x, 0.0, z)), xy(end)), 1.6, "#c98a2b"))
        if placed.prop.kind is PropKind.WALL:
            x, _, z = placed.at
            back = x + (12.0 if x > hips else -12.0)  # the wall's thickness, away from the figure
            for edge in (z + 90, z - 90):
                slab = [(x, 0.0, edge), (back, 0.0, edge), (back, 230.0, edge), (x, 230.0, edge)]
                shapes.append(Shape("area", tuple(xy(c) for c in slab), 1.2, "#b9b09f", "#d9d1c2"))
            quad = [(x, 0.0, z - 90), (x, 0.0, z + 90), (x, 230.0, z + 90), (x, 230.0, z - 90)]
            shapes.append(Shape("area", tuple(xy(c) for c in quad), 1.2, "#b9b09f", WALL_FILL))
            skirting = [(x, 0.0, z - 90), (x, 0.0, z + 90)]
            shapes.append(Shape("line", tuple(xy(c) for c in skirting), 2.0, "#9d9482"))
    return shapes


def _tape_pieces(scene: Scene) -> list[Piece]:
    """The tape measures on the floor, drawn over the figure's shadow (which would hide the stretch
    from the wall to the toe that a test measures) and under the body."""
    tape = [s for placed in scene.props if placed.prop.kind is PropKind.TAPE for s in _tape(scene, placed)]
    return [Piece(f"tape.{i}", -1e6 + 1, s.kind, s.points, s.width / 2, None, s.colour) for i, s in enumerate(tape)]


def _shadow(canvas: Canvas, pts: dict[str, Vec]) -> list[Piece]:
    """The body's shadow on the floor: the same outlines, flattened onto it, in one flat tone."""
    xy = canvas.xy

    def flat(names: Sequence[str]) -> tuple[Point, ...]:
        return tuple(xy(shadow_point(pts[n])) for n in names)

    out = [
        Piece(
            "shadow.trunk", -1e6, "area", tuple(xy(shadow_point(p)) for p in trunk_outline(pts)), TRUNK_R, None, SHADOW
        ),
        Piece("shadow.head", -1e6, "line", flat(["head"]), canvas.scene.body.head_radius, None, SHADOW),
    ]
    for s in ("left", "right"):
        legs = [f"{s}_{j}" for j in ("hip", "knee", "ankle", "foot_index")]
        arms = [f"{s}_{j}" for j in ("shoulder", "elbow", "wrist", "index")]
        out.append(Piece(f"shadow.{s}_leg", -1e6, "line", flat(legs), RADIUS["thigh"] * 0.85, None, SHADOW))
        out.append(Piece(f"shadow.{s}_arm", -1e6, "line", flat(arms), RADIUS["forearm"], None, SHADOW))
    return out


def frame_pieces(scene: Scene, pts: dict[str, Vec], near: str) -> list[Piece]:
    """Every piece of one frame: the shadow first, then body and props nearest last."""
    canvas = Canvas(scene)
    xy = canvas.xy
    at = canvas.screen(pts)  # each point projected once

    def depth(*names: str) -> float:
        return sum(at[n][2] for n in names) / len(names)

    def sxy(name: str) -> Point:
        return at[name][0], at[name][1]

    pieces: list[Piece] = []
    for s in ("left", "right"):
        tone = "near" if s == near else "far"
        bias = 1.0 if s == near else -1.0

        def tube(name: str, a: str, b: str, r: float, s: str = s, tone: str = tone, bias: float = bias) -> Piece:
            pa, pb = f"{s}_{a}", f"{s}_{b}"
            return Piece(f"{s}.{name}", depth(pa, pb) + bias, "line", (sxy(pa), sxy(pb)), r, tone)

        pieces += [
            tube("upper_arm", "shoulder", "elbow", RADIUS["upper_arm"]),
            tube("forearm", "elbow", "wrist", RADIUS["forearm"]),
            tube("hand", "wrist", "index", RADIUS["hand"] * 1.25),
            tube("thigh", "hip", "knee", RADIUS["thigh"]),
            tube("shank", "knee", "ankle", RADIUS["shank"]),
        ]
        foot = [f"{s}_{j}" for j in ("ankle", "heel", "foot_index")]
        pieces.append(
            Piece(f"{s}.foot", depth(*foot) + bias + 0.5, "area", tuple(sxy(p) for p in foot), RADIUS["foot"], tone)
        )
    outline = trunk_outline(pts)
    spine = depth("mid_hip", "mid_back", "mid_shoulder")
    pieces.append(Piece("trunk", spine, "area", tuple(xy(p) for p in outline), TRUNK_R, "trunk"))
    pieces.append(
        Piece(
            "neck",
            depth("mid_shoulder", "head") - 1,
            "line",
            (sxy("mid_shoulder"), sxy("head")),
            RADIUS["neck"],
            "trunk",
        )
    )
    head_r = scene.body.head_radius
    pieces.append(Piece("head", depth("head") + 0.5, "line", (sxy("head"),), head_r, "trunk"))
    pieces.append(Piece("nose", depth("nose") + 0.6, "line", (sxy("nose"),), 2.6, "trunk"))
    for placed in scene.props:
        pieces += _prop_pieces(canvas, placed, pts)
    return _shadow(canvas, pts) + _tape_pieces(scene) + sorted(pieces, key=lambda p: p.depth)


PHONE = "#20242b"
PATH = "#c98a2b"  # the path a moving point draws
PATH_FPS = 6.0
POST_BASE = 13.0  # half the width of the base a post stands on, cm
PHONE_SCREEN = "#5ec4b6"


def frame_shapes(scene: Scene, pts: dict[str, Vec], near: str) -> list[Shape]:
    """Every flat shape of one frame, back to front (background, shadow, body and props)."""
    return background(scene) + [s for piece in frame_pieces(scene, pts, near) for s in piece.shapes()]
