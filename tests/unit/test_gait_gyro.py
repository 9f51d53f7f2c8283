"""The gyroscope variant: turns found from the yaw rate in any phone orientation, bouts bridged through them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from supple.domain.gait import G, Signal, detect
from supple.domain.gait_gyro import GyroRules, detect_with_gyro, turns, yaw_rate_dps

RATE = 100.0
Arr = npt.NDArray[np.float64]


def _walk_turn_walk(turn_dps: float = 90.0, spot_turn: bool = False) -> tuple[Signal, Arr, Arr]:
    """Walk 8 s with clear heel strikes, turn for 3 s with five weak irregular steps, walk 8 s back, stand.

    The gyroscope's x axis is vertical; it turns at ``turn_dps`` during the turn (and, with ``spot_turn``,
    once more on the spot 5 s after the walk, without stepping)."""
    t = np.arange(0, 30, 1 / RATE)
    straight = np.r_[np.arange(3, 11, 0.55), np.arange(14.3, 22, 0.55)]
    turn_steps = np.array([11.5, 12.1, 12.5, 13.2, 13.7])
    vert = np.zeros_like(t)
    for c in straight:
        vert += 4.0 * np.exp(-0.5 * ((t - c) / 0.06) ** 2)
    for c in turn_steps:
        vert += 1.2 * np.exp(-0.5 * ((t - c) / 0.06) ** 2)
    vert -= vert.mean()
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 0.05, (len(t), 3))
    acc = np.column_stack([G + vert, np.zeros_like(t), np.zeros_like(t)]) + noise
    turning = (t >= 11.1) & (t <= 14.0)
    if spot_turn:
        turning |= (t >= 27.0) & (t <= 29.0)
    yaw = np.where(turning, np.radians(turn_dps), 0.0)
    gyro = np.column_stack([yaw, rng.normal(0, 0.01, len(t)), rng.normal(0, 0.01, len(t))])
    return Signal(RATE, acc), gyro, turn_steps


def test_the_yaw_rate_is_the_same_whatever_way_the_phone_is_held() -> None:
    sig, gyro, _ = _walk_turn_walk()
    upright = yaw_rate_dps(sig, gyro)
    a, b = np.radians(70), np.radians(-35)
    rx = np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
    rz = np.array([[np.cos(b), -np.sin(b), 0], [np.sin(b), np.cos(b), 0], [0, 0, 1]])
    rot = rz @ rx
    tilted = yaw_rate_dps(Signal(RATE, sig.acc @ rot.T), gyro @ rot.T)
    assert np.allclose(tilted, upright, atol=1e-9)
    assert np.median(upright[(np.arange(len(upright)) >= 1150) & (np.arange(len(upright)) < 1350)]) == pytest.approx(
        90.0, abs=2.0
    )


def test_a_turn_is_found_from_the_yaw_rate_and_a_slow_drift_is_not() -> None:
    sig, gyro, _ = _walk_turn_walk()
    found = turns(sig, gyro, GyroRules())
    assert len(found) == 1
    start, end = found[0]
    assert 10.8 <= start / RATE <= 11.6
    assert 13.6 <= end / RATE <= 14.4
    _, slow, _ = _walk_turn_walk(turn_dps=10.0)
    assert turns(sig, slow, GyroRules(turn_dps=20.0)) == []


def test_the_steps_of_a_turn_between_two_walks_are_counted_and_the_walks_joined() -> None:
    sig, gyro, turn_steps = _walk_turn_walk()
    plain = detect(sig)
    with_gyro = detect_with_gyro(sig, gyro)
    assert len(plain.bouts) == 2
    assert len(with_gyro.bouts) == 1
    assert with_gyro.steps == 15 + 5 + 14  # every heel strike of the walk, the turn and the walk back
    times = np.asarray(with_gyro.contacts) / RATE
    for step in turn_steps:
        assert np.min(np.abs(times - step)) <= 0.05
    assert set(plain.contacts) <= set(with_gyro.contacts)  # nothing the shipped detector found is lost


def test_without_turning_the_gyroscope_variant_changes_nothing() -> None:
    sig, gyro, _ = _walk_turn_walk(turn_dps=0.0)
    assert detect_with_gyro(sig, gyro).contacts == detect(sig).contacts


def test_turning_on_the_spot_away_from_walking_adds_no_steps() -> None:
    sig, gyro, _ = _walk_turn_walk(spot_turn=True)
    base = detect_with_gyro(sig, _walk_turn_walk()[1], gyro_rules=GyroRules(extend_ends=True))
    spot = detect_with_gyro(sig, gyro, gyro_rules=GyroRules(extend_ends=True))
    assert spot.contacts == base.contacts
    assert all(b.end_s < 25 for b in spot.bouts)


def test_a_gyroscope_of_another_length_is_refused() -> None:
    sig, gyro, _ = _walk_turn_walk()
    with pytest.raises(ValueError, match="gyroscope samples"):
        detect_with_gyro(sig, gyro[:-10])
