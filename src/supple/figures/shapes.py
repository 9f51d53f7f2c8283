"""One frame of a figure as a short list of flat shapes (screen centimetres), for any renderer.

Every frame has the same shapes in the same order, so the SVG can animate each shape's coordinates.
The figure looks like a person: thick round-capped limbs, a rounded torso, a head with a nose that
shows where it faces; the side nearer the viewer is darker, the far side lighter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from supple.catalogue.figures import Camera, PropKind
from supple.domain.figure import Vec
from supple.domain.figure_scene import PlacedProp, Scene, project, view_box
from supple.domain.landmarks import mirrored

Point = tuple[float, float]

NEAR = "#1d4f80"
FAR = "#93b6d9"
TRUNK = "#2f68a0"
SKIN = "#2f68a0"
PROP_FILL = "#d8d2c6"
PROP_LINE = "#857e71"
BAND = "#c0522b"
BACKGROUND = "#f4f6f9"
MAT = "#e3ddd0"
LIMB_CM = {"leg": 12.0, "foot": 7.0, "arm": 8.5, "neck": 9.0, "trunk": 20.0}


@dataclass(frozen=True)
class Shape:
    kind: Literal["line", "area", "circle"]
    points: tuple[Point, ...]  # a circle has one point, its centre
    width: float  # stroke width (cm); a circle's radius
    colour: str
    fill: str | None = None


def near_side(scene: Scene) -> str:
    """The side drawn darker: the one nearer the camera in the still pose, else the working side."""
    pts = scene.poses[scene.spec.still]
    depth = {
        s: project(scene.camera, pts[f"{s}_hip"])[2] + project(scene.camera, pts[f"{s}_shoulder"])[2]
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
        self.left, self.bottom, self.width, self.height = view_box(scene)

    def xy(self, p: Vec) -> Point:
        sx, sy, _ = project(self.scene.camera, p)
        return (sx - self.left, self.bottom + self.height - sy)


def _mix(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _trunk(pts: dict[str, Vec]) -> list[Vec]:
    """Outline of the torso: shoulders and hips pulled in a little, through the middle of the back."""
    hip_l = _mix(pts["mid_hip"], pts["left_hip"], 0.45)
    hip_r = _mix(pts["mid_hip"], pts["right_hip"], 0.45)
    sh_l = _mix(pts["mid_shoulder"], pts["left_shoulder"], 0.6)
    sh_r = _mix(pts["mid_shoulder"], pts["right_shoulder"], 0.6)
    half = ((hip_l[0] - hip_r[0]) / 2, (hip_l[1] - hip_r[1]) / 2, (hip_l[2] - hip_r[2]) / 2)
    back_l = (pts["mid_back"][0] + half[0], pts["mid_back"][1] + half[1], pts["mid_back"][2] + half[2])
    back_r = (pts["mid_back"][0] - half[0], pts["mid_back"][1] - half[1], pts["mid_back"][2] - half[2])
    return [hip_l, back_l, sh_l, sh_r, back_r, hip_r]


def _prop_shapes(canvas: Canvas, placed: PlacedProp, pts: dict[str, Vec], behind: bool) -> list[Shape]:
    prop, (x, y, z) = placed.prop, placed.at
    kind = prop.kind
    if behind == (kind in (PropKind.BAND, PropKind.STICK, PropKind.FOAM_ROLLER)):
        return []
    xy = canvas.xy
    top_view = canvas.scene.camera is Camera.TOP
    half = prop.length / 2
    if kind is PropKind.WALL:
        if canvas.scene.camera is Camera.FRONT:
            return []
        a, b = (x, 0.0, z - 120), (x, 0.0, z + 120)
        if not top_view:
            a, b = (x, -FLOOR, z), (x, 250.0, z)
        return [Shape("line", (xy(a), xy(b)), 5.0, PROP_LINE)]
    if kind is PropKind.FOAM_ROLLER:
        r = prop.top / 2
        a, b = ((x - half, y, z), (x + half, y, z)) if prop.along else ((x, y, z - half), (x, y, z + half))
        if canvas.xy(a) == canvas.xy(b):
            return [Shape("circle", (xy((x, y, z)),), r, PROP_LINE, fill=PROP_FILL)]
        return [Shape("line", (xy(a), xy(b)), prop.top, PROP_LINE)]
    if kind is PropKind.BAND:
        assert prop.to is not None
        end = pts[prop.to if not canvas.scene.mirrored else mirrored(prop.to)]
        return [Shape("line", (xy((x, y, z)), xy(end)), 2.5, BAND)]
    if kind is PropKind.STICK:  # held across the collarbones: along the shoulder line, a little lower
        ls, rs, mid = pts["left_shoulder"], pts["right_shoulder"], pts["mid_shoulder"]
        across = [r - left for r, left in zip(rs, ls, strict=True)]
        scale = prop.length / 2 / max(1e-6, sum(c * c for c in across) ** 0.5)
        low = (mid[0], mid[1] - 6, mid[2])
        a = (low[0] - across[0] * scale, low[1] - across[1] * scale, low[2] - across[2] * scale)
        b = (low[0] + across[0] * scale, low[1] + across[1] * scale, low[2] + across[2] * scale)
        return [Shape("line", (xy(a), xy(b)), 3.5, "#8a5a2b")]
    # supports: a box whose top is at y
    if top_view:
        corners = [(x - half, y, z - 35), (x + half, y, z - 35), (x + half, y, z + 35), (x - half, y, z + 35)]
        return [Shape("area", tuple(xy(c) for c in corners), 2.0, PROP_LINE, fill=PROP_FILL)]
    thick = 6.0 if kind is not PropKind.CUSHION else y
    top = [(x - half, y, z), (x + half, y, z), (x + half, y - thick, z), (x - half, y - thick, z)]
    if canvas.scene.camera is Camera.FRONT:
        top = [(x, y, z - half), (x, y, z + half), (x, y - thick, z + half), (x, y - thick, z - half)]
    shapes = [Shape("area", tuple(xy(c) for c in top), 2.0, PROP_LINE, fill=PROP_FILL)]
    if kind is not PropKind.CUSHION:  # two legs, seen from the side or from the front
        if canvas.scene.camera is Camera.FRONT:
            legs = [(x, z - half + 3), (x, z + half - 3)]
        else:
            legs = [(x - half + 3, z), (x + half - 3, z)]
        for lx, lz in legs:
            shapes.append(Shape("line", (xy((lx, y - thick, lz)), xy((lx, 0.0, lz))), 3.0, PROP_LINE))
    if kind is PropKind.CHAIR and prop.back and canvas.scene.camera is not Camera.FRONT:
        bx = x - half + 2
        shapes.append(Shape("line", (xy((bx, y, z)), xy((bx, y + 42, z))), 4.0, PROP_LINE))
    return shapes


FLOOR = 6.0  # the floor line is drawn this far below the joint centres, so limbs rest on it


_PART_POINTS = {
    "arm": ("shoulder", "elbow", "wrist", "index"),
    "leg": ("hip", "knee", "ankle", "foot_index"),
}


def draw_order(scene: Scene, near: str) -> list[str]:
    """Body parts from the farthest to the nearest (mean depth in the still pose), the far side first
    on a tie, so a leg reaching towards the viewer is drawn over the torso. Fixed for the whole loop."""
    pts = scene.poses[scene.spec.still]
    far = "right" if near == "left" else "left"

    def depth(names: list[str]) -> float:
        return sum(project(scene.camera, pts[n])[2] for n in names) / len(names)

    keys = {
        "far_arm": depth([f"{far}_{j}" for j in _PART_POINTS["arm"]]) - 3,
        "far_leg": depth([f"{far}_{j}" for j in _PART_POINTS["leg"]]) - 3,
        "body": depth(["mid_hip", "mid_back", "mid_shoulder"]),
        "near_leg": depth([f"{near}_{j}" for j in _PART_POINTS["leg"]]) + 3,
        "near_arm": depth([f"{near}_{j}" for j in _PART_POINTS["arm"]]) + 3,
    }
    return sorted(keys, key=lambda part: keys[part])


def frame_shapes(scene: Scene, pts: dict[str, Vec], near: str) -> list[Shape]:
    """The shapes of one frame, back to front."""
    canvas = Canvas(scene)
    xy = canvas.xy
    far = "right" if near == "left" else "left"
    shapes: list[Shape] = []
    if scene.camera is not Camera.TOP:
        shapes.append(
            Shape(
                "line",
                ((0.0, canvas.bottom + canvas.height + FLOOR), (canvas.width, canvas.bottom + canvas.height + FLOOR)),
                2.5,
                PROP_LINE,
            )
        )
    else:  # from above: a mat under the figure
        mat = (canvas.width * 0.08, canvas.height * 0.06, canvas.width * 0.92, canvas.height * 0.94)
        corners = ((mat[0], mat[1]), (mat[2], mat[1]), (mat[2], mat[3]), (mat[0], mat[3]))
        shapes.append(Shape("area", corners, 8.0, MAT, fill=MAT))
    for placed in scene.props:
        shapes += _prop_shapes(canvas, placed, pts, behind=True)

    def limbs(side: str, colour: str) -> list[Shape]:
        return [
            Shape("line", tuple(xy(pts[f"{side}_{j}"]) for j in ("hip", "knee", "ankle")), LIMB_CM["leg"], colour),
            Shape(
                "line",
                tuple(xy(pts[f"{side}_{j}"]) for j in ("ankle", "heel", "foot_index", "ankle")),
                LIMB_CM["foot"],
                colour,
            ),
        ]

    def arm(side: str, colour: str) -> Shape:
        return Shape(
            "line",
            tuple(xy(pts[f"{side}_{j}"]) for j in ("shoulder", "elbow", "wrist", "index")),
            LIMB_CM["arm"],
            colour,
        )

    def body() -> list[Shape]:
        return [
            Shape("area", tuple(xy(p) for p in _trunk(pts)), LIMB_CM["trunk"], TRUNK, fill=TRUNK),
            Shape("line", (xy(pts["mid_shoulder"]), xy(pts["head"])), LIMB_CM["neck"], TRUNK),
            Shape("circle", (xy(pts["head"]),), scene.body.head_radius, SKIN, fill=SKIN),
            Shape("circle", (xy(pts["nose"]),), 3.2, SKIN, fill=SKIN),
        ]

    parts = {
        "far_arm": [arm(far, FAR)],
        "far_leg": limbs(far, FAR),
        "body": body(),
        "near_leg": limbs(near, NEAR),
        "near_arm": [arm(near, NEAR)],
    }
    for part in draw_order(scene, near):
        shapes += parts[part]
    for placed in scene.props:
        shapes += _prop_shapes(canvas, placed, pts, behind=False)
    return shapes
