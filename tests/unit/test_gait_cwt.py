"""The wavelet initial-contact method (McCamley / Paraschiv-Ionescu) on generated signals."""

from __future__ import annotations

import numpy as np
import pytest

from supple.domain.gait import Signal, resample
from supple.domain.gait_cwt import cwt_contacts, gaussian_second_derivative, minima_between_zero_crossings
from supple.domain.gait_impact import synthetic_walk


@pytest.mark.parametrize("rate", [60, 100, 200])
@pytest.mark.parametrize("cadence", [80, 100, 125])
def test_a_steady_walk_gives_one_contact_per_step_each_within_0_2_s_of_its_heel_strike(
    cadence: float, rate: float
) -> None:
    t, acc = synthetic_walk(60, rate, cadence, seed=1)
    heel_strikes = np.arange(5.0, 55.0, 60 / cadence)  # synthetic_walk's steps, jittered by 0.01 s
    found = cwt_contacts(resample(t, acc, rate)) / rate
    inside = found[(found > heel_strikes[0] - 0.3) & (found < heel_strikes[-1] + 0.3)]
    assert len(inside) == len(heel_strikes)
    nearest = np.abs(inside[:, None] - heel_strikes[None, :]).min(axis=1)
    assert nearest.max() <= 0.2
    assert 60 / np.median(np.diff(inside)) == pytest.approx(cadence, abs=2)


def test_the_wavelet_is_the_second_derivative_of_a_gaussian_turned_upside_down() -> None:
    scale = 22.5
    w = gaussian_second_derivative(scale)
    x = (np.arange(len(w)) - len(w) // 2) / scale
    numeric = -np.gradient(np.gradient(np.exp(-(x**2)), x), x)
    assert np.allclose(w[5:-5], numeric[5:-5], atol=0.01)
    assert w[len(w) // 2] == pytest.approx(2.0)
    assert abs(w.sum() / scale) < 1e-6  # a wavelet has no mean: a steady offset gives nothing


def test_a_contact_is_the_lowest_point_of_each_closed_dip_below_zero() -> None:
    x = np.array([-2.0, -1.0, 1.0, -1.0, -3.0, -2.0, 1.0, -5.0, 2.0, -1.0])
    # the dip the recording starts in and the one still open at the end have no fall or no rise: left out
    assert minima_between_zero_crossings(x).tolist() == [4, 7]


def test_a_recording_shorter_than_a_second_gives_no_contacts() -> None:
    sig = Signal(100.0, np.tile([0.0, 0.0, 9.81], (80, 1)))
    assert cwt_contacts(sig).size == 0
