"""Angle series over video frames: the end range (steadiest stretch at the peak) and rep counting.

Pure functions on a list of per-frame values (``None`` where the frame could not be measured).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stretch:
    """Frames ``start``..``end - 1`` whose values are averaged into the end-range reading."""

    start: int
    end: int
    mean: float
    spread: float  # standard deviation of the values in the stretch, degrees

    @property
    def middle(self) -> int:
        return (self.start + self.end - 1) // 2


def _sd(values: Sequence[float]) -> float:
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / len(values))


def steadiest_peak(
    values: Sequence[float | None], window: int, *, highest: bool = True, tolerance: float = 3.0
) -> Stretch | None:
    """The steadiest run of ``window`` measured frames whose mean is within ``tolerance`` degrees of the peak.

    The peak is the highest (or lowest) window mean; among the windows near it, the one with the least
    spread wins, so a momentary overshoot or a jittery frame does not set the result. Shorter videos
    use all their measured frames in one window. None when no frame was measured.
    """
    if window < 1:
        raise ValueError("window must be at least one frame")
    runs: list[tuple[int, list[float]]] = []
    for i in range(len(values)):
        chunk = values[i : i + window]
        if len(chunk) == window and all(v is not None for v in chunk):
            runs.append((i, [float(v) for v in chunk if v is not None]))
    if not runs:
        measured = [(i, v) for i, v in enumerate(values) if v is not None]
        if not measured:
            return None
        if len(values) >= window:  # enough frames, but gaps everywhere: take the single best frame
            i, v = max(measured, key=lambda p: p[1] if highest else -p[1])
            return Stretch(i, i + 1, v, 0.0)
        vals = [v for _, v in measured]
        return Stretch(measured[0][0], measured[-1][0] + 1, sum(vals) / len(vals), _sd(vals))
    means = [(i, sum(c) / window, _sd(c)) for i, c in runs]
    peak = max(m for _, m, _ in means) if highest else min(m for _, m, _ in means)
    near = [r for r in means if abs(r[1] - peak) <= tolerance]
    start, mean, spread = min(near, key=lambda r: (r[2], -r[1] if highest else r[1]))
    return Stretch(start, start + window, mean, spread)


def fill_gaps(values: Sequence[float | None], max_gap: int) -> list[float | None]:
    """Interpolate runs of up to ``max_gap`` missing values between two measured ones."""
    out = list(values)
    i = 0
    while i < len(out):
        if out[i] is None:
            j = i
            while j < len(out) and out[j] is None:
                j += 1
            before = out[i - 1] if i > 0 else None
            after = out[j] if j < len(out) else None
            if before is not None and after is not None and j - i <= max_gap:
                for k in range(i, j):
                    out[k] = before + (after - before) * (k - i + 1) / (j - i + 1)
            i = j
        else:
            i += 1
    return out


def smooth(values: Sequence[float | None], width: int) -> list[float | None]:
    """Centred moving average over the measured values in each window (missing stays missing)."""
    half = width // 2
    out: list[float | None] = []
    for i, v in enumerate(values):
        if v is None:
            out.append(None)
            continue
        near = [x for x in values[max(0, i - half) : i + half + 1] if x is not None]
        out.append(sum(near) / len(near))
    return out


@dataclass(frozen=True)
class RepCount:
    count: int
    peaks: tuple[int, ...]  # frame of the far point of each rep
    low: float  # the resting and far-end levels the reps were counted between, degrees
    high: float


def _percentile(sorted_vals: Sequence[float], q: float) -> float:
    pos = q * (len(sorted_vals) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (pos - lo)


def count_reps(values: Sequence[float | None], *, min_amplitude: float, fps: float) -> RepCount:
    """Count out-and-back movements of an angle with hysteresis.

    The signal is gap-filled (up to 0.3 s) and smoothed (about 0.2 s). A rep is counted when the angle
    rises from below 30 % of the way between the resting level (10th percentile) and the far end (90th)
    to above 70 %, and comes back below 30 %. Movements smaller than ``min_amplitude`` are not reps.
    """
    filled = fill_gaps(values, max(1, round(0.3 * fps)))
    sm = smooth(filled, max(1, round(0.2 * fps)) | 1)
    measured = sorted(v for v in sm if v is not None)
    if len(measured) < 3:
        return RepCount(0, (), 0.0, 0.0)
    low, high = _percentile(measured, 0.1), _percentile(measured, 0.9)
    if high - low < min_amplitude:
        return RepCount(0, (), low, high)
    lower, upper = low + 0.3 * (high - low), low + 0.7 * (high - low)
    peaks: list[int] = []
    out = False
    best: tuple[float, int] | None = None
    for i, v in enumerate(sm):
        if v is None:
            continue
        if not out and v > upper:
            out, best = True, (v, i)
        elif out:
            if best is not None and v > best[0]:
                best = (v, i)
            if v < lower:
                out = False
                if best is not None:
                    peaks.append(best[1])
                best = None
    return RepCount(len(peaks), tuple(peaks), low, high)
