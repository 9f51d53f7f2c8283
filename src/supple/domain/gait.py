"""Steps, walking bouts and initial contacts from a 3-axis accelerometer (pure; numpy and scipy only).

The method follows the ideas the Mobilise-D lower-back pipeline builds on, written small enough to run
beside ``mediapipe`` (docs/decisions/0013-gait-analysis.md):

1. resample to an even rate; estimate the gravity direction with a 0.5 Hz low-pass and project every
   sample onto it, so the phone may sit in any orientation (the vertical acceleration, gravity removed);
2. band-pass that signal to the step band (0.5-3 Hz); each step's heel strike is followed within a few
   hundredths of a second by a maximum of the band-passed signal (Zijlstra & Hof 2003; McCamley et al. 2012
   use the same smoothed vertical signal), which gives the candidate initial contacts;
3. keep only candidates that belong to a walking bout: at least ``min_steps`` contacts in a row, each
   step 0.25-1.25 s long and within ``regularity`` of its neighbour, each peak tall enough for walking.
   This is what stops a plain peak counter from counting sitting down, turning on the spot or fidgeting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, find_peaks, sosfiltfilt

G = 9.80665  # m/s² per g
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class DetectionRules:
    """Numbers of the detector (defaults tuned on public lab data; see the benchmark)."""

    step_band_hz: tuple[float, float] = (0.5, 3.0)
    min_peak_ms2: float = 0.8  # prominence of a step peak in the band-passed vertical acceleration
    min_step_s: float = 0.25
    max_step_s: float = 1.25
    regularity: float = 0.3  # largest relative change of step time between neighbouring steps
    min_steps: int = 3  # contacts in a row that make a walking bout
    use_magnitude: bool = False  # a pocket phone swings with the thigh: use |a| rather than the vertical


POCKET = DetectionRules(min_peak_ms2=1.0, regularity=0.6, use_magnitude=True)


@dataclass(frozen=True)
class Signal:
    """An evenly sampled recording: ``acc`` is (N, 3) in m/s² with gravity included."""

    rate_hz: float
    acc: FloatArray

    @property
    def seconds(self) -> float:
        return len(self.acc) / self.rate_hz


@dataclass(frozen=True)
class Bout:
    start_s: float
    end_s: float
    contacts: tuple[int, ...]  # sample indices of the initial contacts in this bout


@dataclass(frozen=True)
class Detection:
    signal: Signal
    vertical: FloatArray  # vertical acceleration, gravity removed, m/s² (up positive)
    contacts: tuple[int, ...]  # every initial contact inside a bout (sample indices)
    bouts: tuple[Bout, ...]
    candidates: int  # peaks found before the bout rules (what a simple peak counter would count)

    @property
    def steps(self) -> int:
        return len(self.contacts)

    @property
    def walking_s(self) -> float:
        return sum(b.end_s - b.start_s for b in self.bouts)


G_RANGE = (0.8, 1.25)  # typical |a| of a recording in g, gravity included
MS2_RANGE = (7.8, 12.0)  # the same in m/s²


def unit_of(acc: FloatArray) -> str | None:
    """'g' or 'm/s2' from the median size of the acceleration (gravity included), else None."""
    mag = float(np.median(np.linalg.norm(acc, axis=1)))
    if G_RANGE[0] <= mag <= G_RANGE[1]:
        return "g"
    if MS2_RANGE[0] <= mag <= MS2_RANGE[1]:
        return "m/s2"
    return None


def to_ms2(acc: FloatArray, unit: str) -> FloatArray:
    out: FloatArray = acc * G if unit == "g" else acc
    return out


def resample(t: FloatArray, acc: FloatArray, rate_hz: float) -> Signal:
    """Linear resampling of irregular timestamps (s) to ``rate_hz``."""
    grid = np.arange(t[0], t[-1], 1.0 / rate_hz)
    out = np.column_stack([np.interp(grid, t, acc[:, k]) for k in range(3)])
    return Signal(rate_hz, out)


def vertical_acceleration(sig: Signal) -> FloatArray:
    """Acceleration along the slowly varying gravity direction, minus gravity (m/s², up positive)."""
    sos = butter(2, 0.5 / (sig.rate_hz / 2), output="sos")
    grav = sosfiltfilt(sos, sig.acc, axis=0)
    norm = np.linalg.norm(grav, axis=1, keepdims=True)
    norm[norm == 0] = 1.0
    along: FloatArray = np.einsum("ij,ij->i", sig.acc, grav / norm) - norm[:, 0]
    return along


def step_band(sig: Signal, vertical: FloatArray, rules: DetectionRules) -> FloatArray:
    lo, hi = rules.step_band_hz
    nyq = sig.rate_hz / 2
    sos = butter(4, [lo / nyq, min(hi, 0.9 * nyq) / nyq], btype="band", output="sos")
    band: FloatArray = sosfiltfilt(sos, vertical)
    return band


def step_runs(peaks: NDArray[np.int64], rate: float, rules: DetectionRules) -> list[list[int]]:
    """Split peaks into runs of plausible, regular steps; keep runs of at least ``min_steps``."""
    runs: list[list[int]] = []
    run: list[int] = []
    for p in peaks.tolist():
        if not run:
            run = [p]
            continue
        dt = (p - run[-1]) / rate
        ok = rules.min_step_s <= dt <= rules.max_step_s
        if ok and len(run) >= 2:
            prev = (run[-1] - run[-2]) / rate
            ok = abs(dt - prev) <= rules.regularity * prev
        if ok:
            run.append(p)
        elif len(run) < rules.min_steps and rules.min_step_s <= dt <= rules.max_step_s:
            run = [run[-1], p]  # too short to keep: its last peak may still start a walk with this one
        else:
            runs.append(run)
            run = [p]
    runs.append(run)
    return [r for r in runs if len(r) >= rules.min_steps]


def detect(sig: Signal, rules: DetectionRules | None = None) -> Detection:
    """Walking bouts and initial contacts of one recording."""
    rules = rules or DetectionRules()
    vertical = vertical_acceleration(sig)
    source = np.linalg.norm(sig.acc, axis=1) - G if rules.use_magnitude else vertical
    band = step_band(sig, source, rules)
    peaks, _ = find_peaks(band, distance=max(1, int(rules.min_step_s * sig.rate_hz)), prominence=rules.min_peak_ms2)
    runs = step_runs(peaks, sig.rate_hz, rules)
    bouts = tuple(Bout(r[0] / sig.rate_hz, r[-1] / sig.rate_hz, tuple(r)) for r in runs)
    contacts = tuple(i for b in bouts for i in b.contacts)
    return Detection(sig, vertical, contacts, bouts, len(peaks))


def peak_counter(sig: Signal, threshold_ms2: float = 1.0) -> int:
    """The simple baseline: peaks of the magnitude above gravity + threshold, at least 0.25 s apart."""
    mag = np.linalg.norm(sig.acc, axis=1)
    sos = butter(4, 5.0 / (sig.rate_hz / 2), output="sos")
    smooth = sosfiltfilt(sos, mag)
    peaks, _ = find_peaks(smooth, height=float(np.median(mag)) + threshold_ms2, distance=int(0.25 * sig.rate_hz))
    return len(peaks)
