"""Forward kinematics of the exercise figure: joint angles → positions of named body points. Pure.

The figure is a small 3D skeleton. Its points carry BlazePose's landmark names
(:mod:`supple.domain.landmarks`), so a measured pose and a target pose can be compared point by point.

World axes (centimetres): ``x`` forwards from where the standing figure faces, ``y`` up, ``z`` to the
figure's right. Every angle is in degrees, relative to the parent segment, with the anatomical
position (standing, arms by the sides) as zero:

* ``body_tilt`` leans the whole body forwards (90 = face down, -90 = lying on the back),
  ``body_roll`` turns it about its own long axis (90 = onto the left side from lying on the back),
  ``body_turn`` turns it about the vertical.
* ``lumbar_*`` and ``thoracic_*`` bend the spine: ``flexion`` forwards (negative = arching back),
  ``side`` towards the right, ``rotation`` turns the chest to the right.
* ``neck_flexion`` nods the head down, ``neck_rotation`` turns it to the right.
* per side (``left_`` / ``right_`` prefix): ``hip_flexion`` (negative = extension), ``hip_abduction``
  (away from the midline), ``hip_rotation`` (internal positive), ``knee_flexion``, ``ankle_dorsiflexion``
  (negative = pointing the foot), ``shoulder_flexion`` (arm forwards and up), ``shoulder_abduction``,
  ``shoulder_rotation`` (internal positive), ``elbow_flexion``, ``wrist_extension`` (the hand turns
  towards the front of the forearm, as when the palm rests flat on the floor under the shoulder).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from supple.domain.landmarks import LANDMARK_NAMES, mirrored

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]
Angles = Mapping[str, float]

SIDES: Final = ("left", "right")
BODY_ANGLES: Final[tuple[str, ...]] = (
    "body_tilt",
    "body_roll",
    "body_turn",
    "lumbar_flexion",
    "lumbar_side",
    "lumbar_rotation",
    "thoracic_flexion",
    "thoracic_side",
    "thoracic_rotation",
    "neck_flexion",
    "neck_rotation",
)
LIMB_ANGLES: Final[tuple[str, ...]] = (
    "hip_flexion",
    "hip_abduction",
    "hip_rotation",
    "knee_flexion",
    "ankle_dorsiflexion",
    "shoulder_flexion",
    "shoulder_abduction",
    "shoulder_rotation",
    "elbow_flexion",
    "wrist_extension",
)
ANGLE_NAMES: Final[tuple[str, ...]] = BODY_ANGLES + tuple(f"{s}_{a}" for s in SIDES for a in LIMB_ANGLES)

# The named points the figure has (a subset of BlazePose's 33 landmarks) …
FIGURE_JOINTS: Final[tuple[str, ...]] = (
    "nose",
    "left_ear",
    "right_ear",
    *(f"{s}_{j}" for s in SIDES for j in ("shoulder", "elbow", "wrist", "index")),
    *(f"{s}_{j}" for s in SIDES for j in ("hip", "knee", "ankle", "heel", "foot_index")),
)
# … and the inner points the drawing needs (not landmarks): the spine, the centre of the head, and a
# point straight in front of the middle of the hips that turns with the pelvis (its forward tilt).
INNER_POINTS: Final[tuple[str, ...]] = ("mid_hip", "mid_back", "mid_shoulder", "head", "pelvis_front")

# Rigid pieces: the distance between these points never changes, whatever the angles.
SEGMENTS: Final[tuple[tuple[str, str], ...]] = (
    ("left_hip", "right_hip"),
    ("left_shoulder", "right_shoulder"),
    ("mid_hip", "mid_back"),
    ("mid_hip", "pelvis_front"),
    ("mid_back", "mid_shoulder"),
    ("mid_shoulder", "head"),
    ("left_ear", "right_ear"),
    ("head", "nose"),
    *(
        pair
        for s in SIDES
        for pair in (
            (f"{s}_shoulder", f"{s}_elbow"),
            (f"{s}_elbow", f"{s}_wrist"),
            (f"{s}_wrist", f"{s}_index"),
            (f"{s}_hip", f"{s}_knee"),
            (f"{s}_knee", f"{s}_ankle"),
            (f"{s}_ankle", f"{s}_heel"),
            (f"{s}_ankle", f"{s}_foot_index"),
            (f"{s}_heel", f"{s}_foot_index"),
        )
    ),
)


@dataclass(frozen=True)
class Body:
    """Segment lengths in centimetres (see ``catalogue/data/figures/body.yaml`` for their source)."""

    hip_width: float
    shoulder_width: float
    lumbar: float
    thoracic: float
    neck: float
    head_radius: float
    upper_arm: float
    forearm: float
    hand: float
    thigh: float
    shank: float
    ankle_height: float
    heel_back: float
    toe_forward: float


def _mul(a: Mat, b: Mat) -> Mat:
    (a0, a1, a2), (b0, b1, b2) = a, b  # written out: this runs for every joint of every frame
    return (
        (
            a0[0] * b0[0] + a0[1] * b1[0] + a0[2] * b2[0],
            a0[0] * b0[1] + a0[1] * b1[1] + a0[2] * b2[1],
            a0[0] * b0[2] + a0[1] * b1[2] + a0[2] * b2[2],
        ),
        (
            a1[0] * b0[0] + a1[1] * b1[0] + a1[2] * b2[0],
            a1[0] * b0[1] + a1[1] * b1[1] + a1[2] * b2[1],
            a1[0] * b0[2] + a1[1] * b1[2] + a1[2] * b2[2],
        ),
        (
            a2[0] * b0[0] + a2[1] * b1[0] + a2[2] * b2[0],
            a2[0] * b0[1] + a2[1] * b1[1] + a2[2] * b2[1],
            a2[0] * b0[2] + a2[1] * b1[2] + a2[2] * b2[2],
        ),
    )


def _apply(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def _add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


# How far in front of the middle of the hips ``pelvis_front`` lies, as a part of the hip width.
PELVIS_FRONT: Final = 0.35

IDENTITY: Final[Mat] = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def _rx(deg: float) -> Mat:
    if deg == 0:
        return IDENTITY
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def _ry(deg: float) -> Mat:
    if deg == 0:
        return IDENTITY
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def _rz(deg: float) -> Mat:
    if deg == 0:
        return IDENTITY
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _chain(*mats: Mat) -> Mat:
    out = mats[0]
    for m in mats[1:]:
        if m is not IDENTITY:  # a joint at zero turns nothing: most joints of most poses
            out = _mul(out, m)
    return out


def forward_kinematics(body: Body, angles: Angles) -> dict[str, Vec]:
    """Positions of every figure point, with the middle of the hips at the origin."""

    def a(name: str) -> float:
        return float(angles.get(name, 0.0))

    pts: dict[str, Vec] = {"mid_hip": (0.0, 0.0, 0.0)}
    pelvis = _chain(_ry(-a("body_turn")), _rz(-a("body_tilt")), _ry(-a("body_roll")))
    pts["pelvis_front"] = _apply(pelvis, (body.hip_width * PELVIS_FRONT, 0.0, 0.0))
    lumbar = _chain(pelvis, _ry(-a("lumbar_rotation")), _rz(-a("lumbar_flexion")), _rx(a("lumbar_side")))
    pts["mid_back"] = _apply(lumbar, (0.0, body.lumbar, 0.0))
    chest = _chain(lumbar, _ry(-a("thoracic_rotation")), _rz(-a("thoracic_flexion")), _rx(a("thoracic_side")))
    pts["mid_shoulder"] = _add(pts["mid_back"], _apply(chest, (0.0, body.thoracic, 0.0)))
    neck = _chain(chest, _ry(-a("neck_rotation")), _rz(-a("neck_flexion")))
    pts["head"] = _add(pts["mid_shoulder"], _apply(neck, (0.0, body.neck, 0.0)))
    pts["nose"] = _add(pts["head"], _apply(neck, (body.head_radius * 0.95, -body.head_radius * 0.25, 0.0)))
    for s, lateral in (("left", -1.0), ("right", 1.0)):
        pts[f"{s}_ear"] = _add(pts["head"], _apply(neck, (-body.head_radius * 0.1, 0.0, lateral * body.head_radius)))
        shoulder_at = _add(pts["mid_shoulder"], _apply(chest, (0.0, 0.0, lateral * body.shoulder_width / 2)))
        pts[f"{s}_shoulder"] = shoulder_at
        arm = _chain(
            chest,
            _rz(a(f"{s}_shoulder_flexion")),
            _rx(-lateral * a(f"{s}_shoulder_abduction")),
            _ry(lateral * a(f"{s}_shoulder_rotation")),
        )
        pts[f"{s}_elbow"] = _add(shoulder_at, _apply(arm, (0.0, -body.upper_arm, 0.0)))
        forearm = _chain(arm, _rz(a(f"{s}_elbow_flexion")))
        pts[f"{s}_wrist"] = _add(pts[f"{s}_elbow"], _apply(forearm, (0.0, -body.forearm, 0.0)))
        hand = _chain(forearm, _rz(a(f"{s}_wrist_extension")))
        pts[f"{s}_index"] = _add(pts[f"{s}_wrist"], _apply(hand, (0.0, -body.hand, 0.0)))
        hip_at = _apply(pelvis, (0.0, 0.0, lateral * body.hip_width / 2))
        pts[f"{s}_hip"] = hip_at
        thigh = _chain(
            pelvis,
            _rz(a(f"{s}_hip_flexion")),
            _rx(-lateral * a(f"{s}_hip_abduction")),
            _ry(lateral * a(f"{s}_hip_rotation")),
        )
        pts[f"{s}_knee"] = _add(hip_at, _apply(thigh, (0.0, -body.thigh, 0.0)))
        shank = _chain(thigh, _rz(-a(f"{s}_knee_flexion")))
        pts[f"{s}_ankle"] = _add(pts[f"{s}_knee"], _apply(shank, (0.0, -body.shank, 0.0)))
        foot = _chain(shank, _rz(a(f"{s}_ankle_dorsiflexion")))
        pts[f"{s}_heel"] = _add(pts[f"{s}_ankle"], _apply(foot, (-body.heel_back, -body.ankle_height, 0.0)))
        pts[f"{s}_foot_index"] = _add(pts[f"{s}_ankle"], _apply(foot, (body.toe_forward, -body.ankle_height, 0.0)))
    return pts


def as_landmarks(points: Mapping[str, Vec]) -> list[Vec | None]:
    """The figure's points in BlazePose's 33-landmark order (None where the figure has no such point),
    ready to compare with, or draw over, a pose measured by the estimator."""
    return [points.get(name) if name in FIGURE_JOINTS else None for name in LANDMARK_NAMES]


def mirror_angles(angles: Angles) -> dict[str, float]:
    """The same pose done on the other side: left and right swap, turns and side bends change sign."""
    out: dict[str, float] = {}
    for name, value in angles.items():
        if name.startswith(("left_", "right_")):
            out[mirrored(name)] = value
        elif name.endswith(("_side", "_rotation", "_roll", "_turn")):
            out[name] = -value
        else:
            out[name] = value
    return out


def blend(a: Angles, b: Angles, t: float) -> dict[str, float]:
    """Angles part way (``t`` from 0 to 1) from pose ``a`` to pose ``b``, eased in and out."""
    eased = 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, t)))
    names = set(a) | set(b)
    return {n: a.get(n, 0.0) + (b.get(n, 0.0) - a.get(n, 0.0)) * eased for n in sorted(names)}


def translate(points: Mapping[str, Vec], by: Vec) -> dict[str, Vec]:
    return {name: _add(p, by) for name, p in points.items()}


def distance(p: Vec, q: Vec) -> float:
    return math.dist(p, q)
