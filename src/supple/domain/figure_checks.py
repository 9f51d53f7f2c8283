"""Checks on a figure's volume in every frame: nothing in the floor or inside a prop, contacts held
through the movement, props where the steps put them. Pure; the catalogue test runs them on every
frame of every figure, and ``figures.sheet`` prints them for authors."""

from __future__ import annotations

import math
from collections.abc import Iterable

from supple.catalogue.figures import PropKind
from supple.domain.figure import Vec
from supple.domain.figure_body import SQUASH_CM, Capsule, along, capsules
from supple.domain.figure_scene import (
    CONTACT_TOLERANCE_CM,
    SUPPORT_HALF_DEPTH,
    PlacedProp,
    Scene,
    support_boxes,
    surface_gap,
)
from supple.domain.landmarks import mirrored as mirrored_name

# Between key poses the angles blend, so a held hand or foot may lift a little before it settles
# again: how far (cm) its surface may leave its support in those frames.
HELD_TOLERANCE_CM = CONTACT_TOLERANCE_CM + 2.0
# How far (cm) a body surface may press into a prop (a cushion, a roller under the back).
PROP_SQUASH_CM = 2.5
# How far (cm) a held contact on the floor or a prop may drift over the whole loop: the points are joint
# centres, so a heel rolling a little as the shin tilts moves this much while the skin stays put; about
# 3 px in the 240 px picture. A foot that slides (15 cm in the old bridges) moves far more.
SLIDE_TOLERANCE_CM = 3.0


def _box_distance(p: Vec, lo: Vec, hi: Vec) -> float:
    """Distance from a point to a box (0 inside)."""
    d = [max(lo[i] - p[i], 0.0, p[i] - hi[i]) for i in range(3)]
    return math.sqrt(sum(c * c for c in d))


def _wall_side(scene: Scene, wall: PlacedProp) -> float:
    first = scene.poses[scene.spec.timeline[0].pose]
    return 1.0 if first["mid_hip"][0] > wall.at[0] else -1.0


def _inside(scene: Scene, placed: PlacedProp, c: Capsule) -> float:
    """How deep (cm) a capsule goes into a prop (0 when clear)."""
    kind, (x, y, z) = placed.prop.kind, placed.at
    worst = 0.0
    for p in along(c):
        if kind is PropKind.WALL:
            depth = c.r - _wall_side(scene, placed) * (p[0] - x)
        elif kind is PropKind.FOAM_ROLLER:
            half = placed.prop.length / 2
            if placed.prop.along:
                off, axial = math.hypot(p[1] - y, p[2] - z), abs(p[0] - x)
            else:
                off, axial = math.hypot(p[0] - x, p[1] - y), abs(p[2] - z)
            depth = placed.prop.top / 2 + c.r - off if axial <= half else 0.0
        elif kind in SUPPORT_HALF_DEPTH:
            depth = max(c.r - _box_distance(p, lo, hi) for lo, hi in support_boxes(scene.spec, placed))
        else:
            depth = 0.0
        worst = max(worst, depth)
    return worst


def intrusions(scene: Scene, pts: dict[str, Vec]) -> list[tuple[Capsule, str, float]]:
    """Each piece of the body whose surface goes under the floor or into a prop in this frame: the
    piece, what it goes into and how deep (cm)."""
    out = []
    for c in capsules(pts, scene.body.head_radius):
        low = min(c.a[1], c.b[1]) - c.r
        if low < -SQUASH_CM:
            out.append((c, "floor", -low))
        for placed in scene.props:
            if c.name == "hand" and placed.prop.kind is not PropKind.FOAM_ROLLER:
                continue  # a hand grips a chair back or a table edge, or lies flat on a wall
            depth = _inside(scene, placed, c)
            if depth > PROP_SQUASH_CM:
                out.append((c, placed.prop.key, depth))
    return out


def volume_problems(scene: Scene, pts: dict[str, Vec], label: str = "") -> list[str]:
    """:func:`intrusions` in words."""
    problems = []
    for c, what, depth in intrusions(scene, pts):
        where = f"{scene.spec.id}{label}: the {c.side} {c.name}".replace(" mid ", " ")
        into = "under the floor" if what == "floor" else f"inside the {what}"
        problems.append(f"{where} is {depth:.0f} cm {into}")
    return problems


def held_contacts(scene: Scene) -> set[tuple[str, str]]:
    """The (surface, body point) contacts declared in every key pose: the ones the steps keep planted.
    A contact that moves in one phase (a foot that steps) is left out of the key pose of that phase."""
    poses = list(scene.spec.poses.values())
    held: set[tuple[str, str]] = {(s, p) for s, pts in poses[0].contacts.items() for p in pts}
    for pose in poses[1:]:
        held &= {(s, p) for s, pts in pose.contacts.items() for p in pts}
    return held


def held_contact_problems(scene: Scene, all_frames: Iterable[dict[str, Vec]]) -> list[str]:
    """A contact declared in every key pose (a foot planted, the bottom on the seat) must hold in every
    frame between them too."""
    held = held_contacts(scene)
    problems = []
    for i, pts in enumerate(all_frames):
        for surface, point in sorted(held):
            name = mirrored_name(point) if scene.mirrored else point
            gap = surface_gap(scene, surface, pts[name], pts, point)
            if gap > HELD_TOLERANCE_CM:
                problems.append(f"{scene.spec.id} frame {i}: {point} is {gap:.0f} cm off the {surface}")
    return problems


def slide_problems(
    scene: Scene, all_frames: Iterable[dict[str, Vec]], tolerance_cm: float = SLIDE_TOLERANCE_CM
) -> list[str]:
    """A held contact on the floor or a prop (a planted foot, a hand on the wall, a knee on the floor)
    stays where it is: each such point that moves more than ``tolerance_cm`` over the key poses and
    the frames, with how far apart its two furthest places are. Contacts on another body point (an
    ankle over a knee) move with that point and are left out."""
    surfaces = {"floor"} | {placed.prop.key for placed in scene.props}
    held = sorted((s, p) for s, p in held_contacts(scene) if s in surfaces)
    every = [*scene.poses.values(), *all_frames]
    problems = []
    for surface, point in held:
        name = mirrored_name(point) if scene.mirrored else point
        places = list({pts[name] for pts in every})
        spread = max(math.dist(a, b) for a in places for b in places)
        if spread > tolerance_cm:
            side = " (mirrored)" if scene.mirrored else ""
            problems.append(f"{scene.spec.id}{side}: {point} slides {spread:.0f} cm on the {surface}")
    return problems


# The unit direction each band pull names, for the figure drawn on its right side (``out`` = to the right).
PULLS: dict[str, Vec] = {
    "back": (-1.0, 0.0, 0.0),
    "forwards": (1.0, 0.0, 0.0),
    "out": (0.0, 0.0, 1.0),
    "in": (0.0, 0.0, -1.0),
    "down": (0.0, -1.0, 0.0),
}


def placement_problems(scene: Scene) -> list[str]:
    """Props where the steps put them: a roller or cushion under its body point, a band tied to its
    anchor and pulling its body point the stated way, in every key pose."""
    problems = []
    for placed in scene.props:
        prop = placed.prop
        for pose_name, pts in scene.poses.items():
            if prop.under is not None:
                p = pts[mirrored_name(prop.under) if scene.mirrored else prop.under]
                if abs(p[0] - placed.at[0]) > 8.0 or p[1] < placed.at[1]:
                    problems.append(f"{scene.spec.id} pose '{pose_name}': the {prop.key} is not under {prop.under}")
            if prop.kind is PropKind.BAND and prop.to is not None and prop.pulls is not None:
                end = pts[mirrored_name(prop.to) if scene.mirrored else prop.to]
                pull = [placed.at[i] - end[i] for i in range(3)]
                want = list(PULLS[prop.pulls])
                works_left = (scene.spec.works.value == "left") != scene.mirrored
                if works_left or (scene.mirrored and scene.spec.works.value == "both"):
                    want[2] = -want[2]
                norm = math.sqrt(sum(c * c for c in pull)) or 1.0
                if sum(a * b for a, b in zip(pull, want, strict=True)) / norm < 0.6:
                    problems.append(f"{scene.spec.id} pose '{pose_name}': the band does not pull {prop.pulls}")
    return problems
