"""The phone-as-inclinometer formulas against rotations worked out by hand.

The shin case: a shin leaning 40 degrees forward from vertical. Its front faces forward and down, so a
phone lying on it has its screen normal 130 degrees from straight up; against a wall it is 90. Seen
from the phone, "up" is (0, cos 40, cos 130) held portrait with the top towards the knee, (cos 40, 0,
cos 130) held landscape, and (0, -cos 40, cos 130) upside down (top towards the ankle).
"""

from __future__ import annotations

import math

import pytest

from supple.domain.inclinometer import (
    Matrix,
    Mode,
    Reading,
    angle,
    heading_turn,
    plane_angle,
    rotation_matrix,
    screen_tilt,
    steady_value,
    tilt_change,
    up_from_gravity,
    up_from_orientation,
)

C40, S40 = math.cos(math.radians(40)), math.sin(math.radians(40))
C130 = math.cos(math.radians(130))


def close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(math.isclose(x, y, abs_tol=1e-9) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(
    ("beta", "gamma", "up"),
    [
        (0, 0, (0, 0, 1)),  # flat on a table, face up
        (90, 0, (0, 1, 0)),  # upright, portrait
        (-90, 0, (0, -1, 0)),  # upright, upside down
        (0, -90, (1, 0, 0)),  # upright, landscape (right edge up)
        (-180, 0, (0, 0, -1)),  # face down
        (130, 0, (0, C40, C130)),  # on the shin, portrait
        (-180, 50, (C40, 0, C130)),  # on the shin, landscape
        (-130, 0, (0, -C40, C130)),  # on the shin, upside down
    ],
)
def test_up_is_the_last_row_of_the_rotation(beta: float, gamma: float, up: tuple[float, float, float]) -> None:
    assert close(up_from_orientation(beta, gamma), up)
    assert close(rotation_matrix(123, beta, gamma)[2], up)  # the heading does not change "up"


def test_gravity_of_a_phone_lying_face_up_points_out_of_the_screen() -> None:
    assert close(up_from_gravity(0, 0, 9.81), (0, 0, 1))
    assert screen_tilt(up_from_gravity(0, 9.81, 0)) == pytest.approx(90)
    with pytest.raises(ValueError, match="zero vector"):
        up_from_gravity(0, 0, 0)


@pytest.mark.parametrize(
    "shin",
    [(0, C40, C130), (C40, 0, C130), (0, -C40, C130), (-C40, 0, C130)],
    ids=["portrait", "landscape", "upside-down", "landscape-left"],
)
def test_shin_angle_from_the_wall_is_the_same_however_the_phone_is_held(shin: tuple[float, float, float]) -> None:
    wall_portrait, wall_landscape = (0.0, 1.0, 0.0), (1.0, 0.0, 0.0)
    assert plane_angle(shin, wall_portrait) == pytest.approx(40)
    assert plane_angle(shin, wall_landscape) == pytest.approx(40)


def test_thigh_flexed_past_vertical_reads_more_than_ninety() -> None:
    floor = (0.0, 0.0, 1.0)
    # Knee pulled to the chest 120 degrees: the front of the thigh now faces 120 degrees away from up.
    thigh = (0.0, math.sin(math.radians(120)), math.cos(math.radians(120)))
    assert plane_angle(thigh, floor) == pytest.approx(120)
    # A floor that slopes 2 degrees: zeroing on it takes the slope out.
    sloped = (0.0, math.sin(math.radians(2)), math.cos(math.radians(2)))
    thigh_on_slope = (0.0, math.sin(math.radians(32)), math.cos(math.radians(32)))
    assert plane_angle(thigh_on_slope, sloped) == pytest.approx(30)


@pytest.mark.parametrize("held", ["portrait", "landscape"])
def test_shin_swinging_sideways_with_the_phone_left_in_place(held: str) -> None:
    s, c = math.sin(math.radians(25)), math.cos(math.radians(25))
    zero, now = ((0.0, 1.0, 0.0), (s, c, 0.0)) if held == "portrait" else ((1.0, 0.0, 0.0), (c, -s, 0.0))
    assert tilt_change(now, zero) == pytest.approx(25)
    assert plane_angle(now, zero) == pytest.approx(0)  # the screen's plane did not tilt at all


def _times(m: Matrix, n: Matrix) -> Matrix:
    def cell(i: int, j: int) -> float:
        return float(sum(m[i][k] * n[k][j] for k in range(3)))

    row = [(cell(i, 0), cell(i, 1), cell(i, 2)) for i in range(3)]
    return (row[0], row[1], row[2])


def _about_vertical(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


@pytest.mark.parametrize(("beta", "gamma"), [(0, 0), (90, 0), (80, 5), (-90, 0), (10, -85)])
@pytest.mark.parametrize("turn", [35, -35, 60])
def test_heading_turn_whatever_the_phone_s_pose(beta: float, gamma: float, turn: float) -> None:
    start = rotation_matrix(10, beta, gamma)
    assert heading_turn(_times(_about_vertical(turn), start), start) == pytest.approx(abs(turn))


def test_heading_turn_across_north() -> None:
    assert heading_turn(rotation_matrix(20, 0, 0), rotation_matrix(350, 0, 0)) == pytest.approx(30)
    assert heading_turn(rotation_matrix(45, 90, 0), rotation_matrix(0, 90, 0)) == pytest.approx(45)


def test_angle_picks_the_mode_and_prefers_gravity() -> None:
    wall = Reading(0, 90, 0)
    assert angle(Mode.PLANE, Reading(200, 130, 0), wall) == pytest.approx(40)
    assert angle(Mode.PLANE, Reading(0, -180, 50), wall) == pytest.approx(40)
    assert angle(Mode.HEADING, Reading(40, 0, 0), Reading(0, 0, 0)) == pytest.approx(40)
    assert angle(Mode.TILT, Reading(0, 65, 0), Reading(0, 90, 0)) == pytest.approx(25)
    # Gravity, when the phone gives it, wins over the orientation angles.
    flat_by_gravity = Reading(0, 130, 0, gravity=(0.0, 0.0, 9.81))
    assert angle(Mode.PLANE, flat_by_gravity, Reading(0, 0, 0)) == pytest.approx(0)


def test_steady_value_needs_the_whole_window_within_the_band() -> None:
    samples = [(0.0, 30.0), (0.5, 40.2), (1.0, 40.0), (2.0, 40.4), (2.6, 40.1)]
    assert steady_value(samples, now=2.4, window=2.0, band=1.0) is None  # the window opens on 30
    assert steady_value(samples, now=2.9, window=2.0, band=0.1) is None  # wobbles more than 0.1
    # From 0.9 s: 40.2 (held since 0.5 s), 40.0, 40.4, 40.1.
    assert steady_value(samples, now=2.9, window=2.0, band=1.0) == pytest.approx((40.2 + 40.0 + 40.4 + 40.1) / 4)
    assert steady_value(samples[3:], now=2.9, window=2.0, band=1.0) is None  # not held long enough yet
    assert steady_value([], now=5, window=2, band=1) is None
