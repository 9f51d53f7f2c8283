"""A phone as an inclinometer: angles from the gravity vector and the compass heading.

The same formulas live in ``web/static/inclinometer.js`` (the phone computes them live); this module is
the reference that the tests check against hand-computed rotations.

Frames follow the W3C Device Orientation spec: the device frame has x to the right of the screen, y to
its top and z out of the screen; the earth frame has x east, y north, z up. ``alpha``, ``beta`` and
``gamma`` (degrees) are the intrinsic Z-X'-Y'' rotation from the earth frame to the device frame.

The three ways of reading an angle are chosen so that it does not matter how the phone is turned in
its own plane (portrait, landscape, upside down):

* ``plane``: the tilt of the screen's plane (angle between the screen's normal and straight up), as a
  difference from the reference surface the phone was zeroed on. A rotation of the phone within its
  own plane does not move the normal, so the reading is the same whichever edge points where.
* ``tilt``: the whole change of the "up" direction since zeroing, for a phone that stays where it was
  zeroed (on the shin for hip rotation) while the limb swings.
* ``heading``: the turn about the vertical since zeroing (seated rotation), read from the full
  orientation so it works with the phone flat on a stick or upright against the chest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from supple.catalogue.schema import LevelRule

Vector = tuple[float, float, float]
Matrix = tuple[Vector, Vector, Vector]


class Mode(StrEnum):
    PLANE = "plane"
    TILT = "tilt"
    HEADING = "heading"


def _norm(v: Vector) -> float:
    return math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)


def _unit(v: Vector) -> Vector:
    n = _norm(v)
    if n == 0:
        raise ValueError("a zero vector has no direction")
    return (v[0] / n, v[1] / n, v[2] / n)


def _angle_deg(cosine: float) -> float:
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def rotation_matrix(alpha: float, beta: float, gamma: float) -> Matrix:
    """Device-to-earth rotation R = Rz(alpha) Rx(beta) Ry(gamma) (W3C Device Orientation, §4.1)."""
    a, b, g = math.radians(alpha), math.radians(beta), math.radians(gamma)
    ca, sa, cb, sb, cg, sg = math.cos(a), math.sin(a), math.cos(b), math.sin(b), math.cos(g), math.sin(g)
    return (
        (ca * cg - sa * sb * sg, -cb * sa, cg * sa * sb + ca * sg),
        (cg * sa + ca * sb * sg, ca * cb, sa * sg - ca * cg * sb),
        (-cb * sg, sb, cb * cg),
    )


def up_from_orientation(beta: float, gamma: float) -> Vector:
    """Straight up, in the device frame (the last row of R); alpha, the heading, does not change it."""
    b, g = math.radians(beta), math.radians(gamma)
    return (-math.cos(b) * math.sin(g), math.sin(b), math.cos(b) * math.cos(g))


def up_from_gravity(ax: float, ay: float, az: float) -> Vector:
    """Straight up from ``accelerationIncludingGravity`` of a phone held still (flat, face up: z = +9.81)."""
    return _unit((ax, ay, az))


def screen_tilt(up: Vector) -> float:
    """Angle between the screen's normal and straight up: 0 face up, 90 on an edge, 180 face down."""
    return _angle_deg(_unit(up)[2])


def plane_angle(up: Vector, reference_up: Vector) -> float:
    """How far the screen's plane has tilted away from the reference surface's (0 to 180 degrees)."""
    return abs(screen_tilt(up) - screen_tilt(reference_up))


def tilt_change(up: Vector, reference_up: Vector) -> float:
    """The angle between "up" now and "up" when zeroed, both seen from the phone (0 to 180 degrees)."""
    u, r = _unit(up), _unit(reference_up)
    return _angle_deg(u[0] * r[0] + u[1] * r[1] + u[2] * r[2])


def _matmul_transpose(m: Matrix, n: Matrix) -> list[list[float]]:
    """m · nᵀ."""
    return [[sum(m[i][k] * n[j][k] for k in range(3)) for j in range(3)] for i in range(3)]


def heading_turn(now: Matrix, reference: Matrix) -> float:
    """How far the phone has turned about the vertical since zeroing (0 to 180 degrees, either way).

    The relative rotation in the earth frame is now · referenceᵀ; its turn about the vertical axis is
    read from the upper-left 2×2 block, which also holds when the phone is tipped a little.
    """
    r = _matmul_transpose(now, reference)
    return abs(math.degrees(math.atan2(r[1][0] - r[0][1], r[0][0] + r[1][1])))


@dataclass(frozen=True)
class Reading:
    """One moment of the sensors: the orientation angles, and gravity when the phone reports it."""

    alpha: float
    beta: float
    gamma: float
    gravity: Vector | None = None

    @property
    def up(self) -> Vector:
        return up_from_gravity(*self.gravity) if self.gravity else up_from_orientation(self.beta, self.gamma)

    @property
    def matrix(self) -> Matrix:
        return rotation_matrix(self.alpha, self.beta, self.gamma)


def angle(mode: Mode, now: Reading, zero: Reading) -> float:
    """The angle to show and record for a placement's mode, relative to the zeroing reading."""
    if mode is Mode.PLANE:
        return plane_angle(now.up, zero.up)
    if mode is Mode.TILT:
        return tilt_change(now.up, zero.up)
    return heading_turn(now.matrix, zero.matrix)


def steady_value(samples: Sequence[tuple[float, float]], now: float, window: float, band: float) -> float | None:
    """The mean of the last ``window`` seconds of (time, angle) samples when they all stay within ``band``
    degrees of each other and cover the whole window; None while the phone is still moving."""
    start = now - window
    if not samples or samples[0][0] > start:
        return None
    held = [v for t, v in samples if t <= start][-1:]  # the value the window opened with
    recent = held + [v for t, v in samples if t > start]
    if max(recent) - min(recent) > band:
        return None
    return sum(recent) / len(recent)


def level_value(
    rule: LevelRule,
    readings: Sequence[float],
    *,
    past_vertical: bool = False,
    below: bool = False,
    plus: float = 0.0,
) -> float:
    """The test's value from numbers read off a phone level or compass app (typed by the person).

    A level shows 0 to 90 degrees: lying flat reads 0, standing on an edge 90, and past upright it
    counts down again. So a thigh pulled to 120 degrees reads 60, and 180 - 60 gives it back."""
    r = readings[0]
    if rule is LevelRule.AS_READ:
        return r
    if rule is LevelRule.NINETY_MINUS:
        return 90 - r
    if rule is LevelRule.PAST_VERTICAL:
        return 180 - r if past_vertical else r
    if rule is LevelRule.SIGNED:
        return -r if below else r
    if rule is LevelRule.PAST_VERTICAL_PLUS:
        return (180 - r if past_vertical else r) + plus
    if rule is LevelRule.COMPASS_TURN:
        turn = abs(readings[1] - readings[0]) % 360
        return min(turn, 360 - turn)
    upper_standing, lower_standing, upper_back, lower_back = readings
    return abs((upper_back - lower_back) - (upper_standing - lower_standing))
