"""Initial contacts by the wavelet method of the Mobilise-D lower-back pipeline (pure; numpy and scipy only).

McCamley et al. 2012 (Gait & Posture 36:316) with the changes of Paraschiv-Ionescu et al. 2020 (IEEE EMBC,
doi:10.1109/EMBC44109.2020.9176281), as in mobgap's ``IcdIonescu`` (Apache-2.0), written again here from the
published steps rather than copied:

1. the vertical acceleration (gravity removed, any phone orientation: ``gait.vertical_acceleration``);
2. band-pass 0.16-3.2 Hz (our Butterworth stand-in for the EPFL de-drift + gait filters, whose pass band this
   is at 40 Hz);
3. integrate once (a velocity-like signal), then take its continuous wavelet transform at one scale with
   the second derivative of a Gaussian (0.225 s wide, i.e. the published scale 9 at 40 Hz);
4. every minimum of that transform between a falling and the next rising zero crossing is a contact.

It finds a contact in every oscillation, walking or not: it has to be used inside walking bouts. The
benchmark (``benchmarks/gait_accuracy.py``) runs it inside the reference bouts to show what it could give
with a perfect bout detector; decision 0013 explains why it is not the shipped counter.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.integrate import cumulative_trapezoid
from scipy.signal import butter, sosfiltfilt

from supple.domain.gait import Signal, vertical_acceleration

BAND_HZ = (0.16, 3.2)
WIDTH_S = 9.0 / 40.0  # the published CWT scale, 9 samples at 40 Hz


def gaussian_second_derivative(scale: float) -> NDArray[np.float64]:
    """The wavelet ``-(d²/dx²) exp(-x²)`` sampled at ``k / scale`` over ±5 (PyWavelets' ``gaus2`` up to a factor)."""
    n = int(np.ceil(5 * scale))
    x = np.arange(-n, n + 1) / scale
    out: NDArray[np.float64] = -(4 * x**2 - 2) * np.exp(-(x**2))
    return out


def wavelet_signal(sig: Signal) -> NDArray[np.float64]:
    """The filtered, integrated, wavelet-transformed vertical acceleration (mean removed)."""
    nyq = sig.rate_hz / 2
    lo, hi = BAND_HZ
    x = sosfiltfilt(butter(1, lo / nyq, btype="high", output="sos"), vertical_acceleration(sig))
    x = sosfiltfilt(butter(8, min(hi, 0.9 * nyq) / nyq, output="sos"), x)
    integrated = cumulative_trapezoid(x, initial=0) / sig.rate_hz
    scale = WIDTH_S * sig.rate_hz
    out: NDArray[np.float64] = np.convolve(integrated, gaussian_second_derivative(scale), mode="same") / np.sqrt(scale)
    centred: NDArray[np.float64] = out - out.mean()
    return centred


def minima_between_zero_crossings(x: NDArray[np.float64]) -> NDArray[np.int64]:
    """Index of the lowest point of every closed stretch where ``x`` is below zero (open ends are left out)."""
    below = x < 0
    edges = np.flatnonzero(np.diff(below.astype(np.int8)))
    starts = edges[~below[edges]] + 1  # first sample below zero after a fall
    ends = edges[below[edges]] + 1  # first sample back at or above zero
    if len(ends) and len(starts) and ends[0] <= starts[0]:
        ends = ends[1:]
    return np.array([s + int(np.argmin(x[s:e])) for s, e in zip(starts, ends, strict=False)], dtype=np.int64)


def cwt_contacts(sig: Signal) -> NDArray[np.int64]:
    """Sample indices of the initial contacts the wavelet method finds anywhere in the recording."""
    if sig.seconds < 1.0:
        return np.array([], dtype=np.int64)
    return minima_between_zero_crossings(wavelet_signal(sig))
