"""Angles of body segments from 2D pose landmarks (pure geometry, no I/O).

Image coordinates: x to the right, y *down*, in pixels. The camera is assumed level, so image "up"
is against gravity; a tilted camera is caught by the quality gates (``pose_quality``), not fixed here.

Segment-to-gravity angles use two landmarks only (the most robust reading of 2D pose). Three-point
joint angles are used only where the test itself asks for one (the Thomas test's knee bend). Foot-point
ankle angles and trunk rotation are never computed: their 2D errors are too large to be useful.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from supple.domain.landmarks import LANDMARK_INDEX, LANDMARK_NAMES


@dataclass(frozen=True)
class Landmark:
    """One body point: pixel position, depth relative to the hips (smaller = nearer the camera), visibility 0-1."""

    x: float
    y: float
    z: float = 0.0
    visibility: float = 1.0


@dataclass(frozen=True)
class Pose:
    """The 33 BlazePose landmarks of one person in one image, in BlazePose's order."""

    landmarks: tuple[Landmark, ...]

    def __post_init__(self) -> None:
        if len(self.landmarks) != len(LANDMARK_NAMES):
            raise ValueError(f"a pose has {len(LANDMARK_NAMES)} landmarks, got {len(self.landmarks)}")

    def __getitem__(self, name: str) -> Landmark:
        return self.landmarks[LANDMARK_INDEX[name]]

    def as_dict(self) -> dict[str, Landmark]:
        return dict(zip(LANDMARK_NAMES, self.landmarks, strict=True))

    @classmethod
    def from_mapping(cls, points: Mapping[str, Landmark], missing: Landmark | None = None) -> Pose:
        """Build a pose from named points; unnamed ones get ``missing`` (invisible at the origin by default)."""
        fill = missing or Landmark(0.0, 0.0, 0.0, 0.0)
        return cls(tuple(points.get(n, fill) for n in LANDMARK_NAMES))


def _vector(a: Landmark, b: Landmark) -> tuple[float, float]:
    """From a to b, with y turned to point up (against gravity)."""
    return b.x - a.x, a.y - b.y


def _length(v: tuple[float, float]) -> float:
    return math.hypot(v[0], v[1])


def distance(a: Landmark, b: Landmark) -> float:
    return _length(_vector(a, b))


def angle_to_vertical(lower: Landmark, upper: Landmark) -> float:
    """Unsigned angle in degrees (0-180) between the segment lower→upper and straight up.

    The shin from ankle to knee: 0 when upright, larger the further the knee leans over the toes.
    """
    dx, dy = _vector(lower, upper)
    if _length((dx, dy)) == 0:
        raise ValueError("the two points coincide: no segment to measure")
    return math.degrees(math.atan2(abs(dx), dy))


def angle_to_horizontal(start: Landmark, end: Landmark) -> float:
    """Signed angle in degrees (-90 to 90) of start→end above the horizontal; minus when ``end`` is lower.

    The thigh from hip to knee in the Thomas test: minus when the knee hangs below the hip.
    """
    dx, dy = _vector(start, end)
    if _length((dx, dy)) == 0:
        raise ValueError("the two points coincide: no segment to measure")
    return math.degrees(math.atan2(dy, abs(dx)))


def elevation_towards(start: Landmark, end: Landmark, forward_sign: float) -> float:
    """Angle in degrees (-180 to 180) of start→end raised from the horizontal that points ``forward_sign`` in x.

    Lying on the back with the feet towards +x (``forward_sign`` = 1): a thigh lying flat reads 0,
    pointing straight up 90, drawn past vertical towards the head more than 90.
    """
    dx, dy = _vector(start, end)
    if _length((dx, dy)) == 0:
        raise ValueError("the two points coincide: no segment to measure")
    return math.degrees(math.atan2(dy, dx if forward_sign >= 0 else -dx))


def joint_angle(a: Landmark, joint: Landmark, c: Landmark) -> float:
    """Interior angle in degrees (0-180) at ``joint`` between the segments to ``a`` and ``c``."""
    v1, v2 = _vector(joint, a), _vector(joint, c)
    n1, n2 = _length(v1), _length(v2)
    if n1 == 0 or n2 == 0:
        raise ValueError("two of the points coincide: no angle to measure")
    cos = (v1[0] * v2[0] + v1[1] * v2[1]) / (n1 * n2)
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def flexion(a: Landmark, joint: Landmark, c: Landmark) -> float:
    """How far a joint is bent: 0 when straight, 90 at a right angle (180 minus the interior angle)."""
    return 180.0 - joint_angle(a, joint, c)


def midpoint(points: Sequence[Landmark]) -> Landmark:
    n = len(points)
    return Landmark(
        sum(p.x for p in points) / n,
        sum(p.y for p in points) / n,
        sum(p.z for p in points) / n,
        min(p.visibility for p in points),
    )
