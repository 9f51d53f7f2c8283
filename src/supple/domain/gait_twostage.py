"""A two-stage walking detector: strict bouts first, then more sensitive contacts around them (pure).

An experiment for issue 16 §3 (decision 0013, "Fourth round: a two-stage detector"), measured by
``benchmarks/gait_twostage.py``. Most reference steps the shipped detector (``gait.detect``) misses in the
simulated-daily-activity recordings lie just outside its bouts: the first and last steps of a walk, and
the slower, weaker steps of a turn between two bouts. So:

1. **Strict bouts** exactly as shipped: runs of regular step-band peaks. They decide *whether* there is
   walking, which keeps the count of the whole recording honest.
2. **Sensitive contacts around them:** candidate contacts from a more sensitive method anywhere in the
   recording, either the wavelet method of the Mobilise-D pipeline (``gait_cwt``, shifted by ``shift_s``
   because its minima come a little before the heel strike) or step-band peaks at a lower prominence. A
   candidate is kept only if it is at least ``floor`` times as strong as the median candidate inside the
   person's own strict bouts in this recording, and it belongs to a chain of candidates, each at most
   ``max_step_s`` after the one before, that reaches into a strict bout and stays within ``margin_s`` of
   it. Two strict bouts closer than ``merge_gap_s`` are treated as one walk, so a turn between them is
   kept if it is a chain of steps. With ``replace_inside`` the candidates also replace the strict
   contacts inside the bouts (the wavelet method times slow steps better); otherwise those stay, or with
   ``retime_s`` each moves to the nearest candidate (the count unchanged). Walks with fewer than
   ``min_walk_steps`` strict contacts are dropped, and walks with fewer than ``extend_min_steps`` are kept
   but not extended (short step-like stretches are where the strict rules are least sure).
3. **Gaps re-examined** (``gap_regularity`` > 0): in the stretches no walk reaches, runs of at least
   ``gap_min_steps`` candidates of at least ``gap_floor`` times the median strength, with steps in the
   plausible range and a relaxed regularity rule, become short bouts of their own (turns, shuffles).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray
from scipy.signal import find_peaks

from supple.domain.gait import Bout, Detection, DetectionRules, FloatArray, Signal, detect, step_band, step_runs
from supple.domain.gait_cwt import minima_between_zero_crossings, wavelet_signal

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class TwoStageRules:
    """Numbers of the second stage (chosen held-out in the benchmark; see decision 0013)."""

    wavelet: bool = True  # candidates from the wavelet method; else step-band peaks of ``min_peak_ms2``
    shift_s: float = 0.08  # added to wavelet contact times (its minima precede the heel strike)
    min_peak_ms2: float = 0.3
    floor: float = 0.3  # a candidate's strength relative to the median candidate inside the strict bouts
    margin_s: float = 1.5  # how far beyond a strict bout the chain of contacts may reach
    merge_gap_s: float = 3.0  # strict bouts closer than this are one walk (the gap chained through)
    max_step_s: float = 1.5  # longest step time in a chain
    replace_inside: bool = False
    min_walk_steps: int = 3  # a walk (strict bouts merged) with fewer strict contacts is dropped
    extend_min_steps: int = 3  # a walk with fewer strict contacts is kept as it is, not extended
    retime_s: float = 0.0  # move each strict contact to the nearest candidate at most this far away (0: off)
    gap_regularity: float = 0.0  # 0: gaps are not re-examined
    gap_min_steps: int = 4
    gap_floor: float = 0.6


def candidates(sig: Signal, rules: DetectionRules, two: TwoStageRules) -> tuple[IntArray, FloatArray]:
    """Sensitive candidate contacts (sample indices, sorted) and their strength (larger is stronger)."""
    if two.wavelet:
        w = wavelet_signal(sig) if sig.seconds >= 1.0 else np.zeros(len(sig.acc))
        idx = minima_between_zero_crossings(w)
        strength: FloatArray = -w[idx]
        idx = np.clip(idx + round(two.shift_s * sig.rate_hz), 0, len(sig.acc) - 1).astype(np.int64)
        return idx, strength
    from supple.domain.gait import vertical_acceleration

    band = step_band(sig, vertical_acceleration(sig), rules)
    peaks, props = find_peaks(band, distance=max(1, int(rules.min_step_s * sig.rate_hz)), prominence=two.min_peak_ms2)
    return peaks.astype(np.int64), np.asarray(props["prominences"], float)


def thin(idx: IntArray, strength: FloatArray, min_gap: int) -> IntArray:
    """Drop the weaker of any two contacts closer than ``min_gap`` samples (strongest kept first)."""
    kept: list[int] = []
    for k in np.argsort(-strength, kind="stable").tolist():
        if all(abs(int(idx[k]) - j) >= min_gap for j in kept):
            kept.append(int(idx[k]))
    return np.array(sorted(kept), dtype=np.int64)


def walks(bouts: tuple[Bout, ...], merge_gap_s: float) -> list[tuple[float, float]]:
    """Strict bouts merged when the gap between them is at most ``merge_gap_s`` (start s, end s)."""
    out: list[tuple[float, float]] = []
    for b in bouts:
        if out and b.start_s - out[-1][1] <= merge_gap_s:
            out[-1] = (out[-1][0], b.end_s)
        else:
            out.append((b.start_s, b.end_s))
    return out


def chain(times: FloatArray, anchors: FloatArray, max_step_s: float) -> NDArray[np.bool_]:
    """Which of the sorted ``times`` are linked to an anchor by steps of at most ``max_step_s`` each."""
    if len(times) == 0:
        return np.zeros(0, dtype=bool)
    group = np.concatenate([[0], np.cumsum(np.diff(times) > max_step_s)])
    near = np.zeros(len(times), dtype=bool)
    for a in anchors.tolist():
        near |= np.abs(times - a) <= max_step_s / 2
    keep: NDArray[np.bool_] = np.isin(group, np.unique(group[near]))
    return keep


def detect_two_stage(sig: Signal, rules: DetectionRules, two: TwoStageRules) -> Detection:
    """The strict detection, with more sensitive contacts around its bouts (and optionally between them)."""
    strict = detect(sig, rules)
    if not strict.bouts:
        return strict
    return second_stage(strict, rules, two, *candidates(sig, rules, two))


def second_stage(
    strict: Detection, rules: DetectionRules, two: TwoStageRules, idx: IntArray, strength: FloatArray
) -> Detection:
    """Stage 2 on a strict detection, given the sensitive candidates (split out so a benchmark can reuse them)."""
    rate = strict.signal.rate_hz
    times = idx / rate
    in_strict = np.zeros(len(idx), dtype=bool)
    for b in strict.bouts:
        in_strict |= (times >= b.start_s - rules.min_step_s) & (times <= b.end_s + rules.min_step_s)
    if not in_strict.any():
        return strict
    typical = float(np.median(strength[in_strict]))
    strong = strength >= two.floor * typical
    strict_times = np.asarray(strict.contacts) / rate
    spans = [
        w
        for w in walks(strict.bouts, two.merge_gap_s)
        if len(strict_times[(strict_times >= w[0]) & (strict_times <= w[1])]) >= two.min_walk_steps
    ]
    out: list[Bout] = []
    for k, (lo, hi) in enumerate(spans):
        # reach out by the margin, but never past half-way to the next walk, so no contact is counted twice
        left = max(lo - two.margin_s, (spans[k - 1][1] + lo) / 2 if k else -np.inf)
        right = min(hi + two.margin_s, (hi + spans[k + 1][0]) / 2 if k + 1 < len(spans) else np.inf)
        span = strong & (times >= left) & (times < right)
        anchors = strict_times[(strict_times >= lo) & (strict_times <= hi)]
        pick = np.flatnonzero(span)[chain(times[span], anchors, two.max_step_s)]
        if len(anchors) < two.extend_min_steps:
            pick = pick[:0]
        if two.retime_s > 0:
            anchors = retime(anchors, times[strong], two.retime_s)
        if two.replace_inside:
            mixed, weight = idx[pick], strength[pick]
        else:
            own = [b for b in strict.bouts if lo <= b.start_s and b.end_s <= hi]
            pick = pick[[not any(b.start_s - 0.2 <= times[j] <= b.end_s + 0.2 for b in own) for j in pick]]
            mixed = np.concatenate([idx[pick], np.round(anchors * rate).astype(np.int64)])
            weight = np.concatenate([strength[pick], np.full(len(anchors), np.inf)])
        contacts = thin(mixed, weight, max(1, int(rules.min_step_s * rate)))
        if len(contacts) == 0:
            contacts = np.round(anchors * rate).astype(np.int64)
        out.append(Bout(contacts[0] / rate, contacts[-1] / rate, tuple(contacts.tolist())))
    if two.gap_regularity > 0:
        covered = [(b.start_s, b.end_s) for b in out]
        out += gap_bouts(idx, strength, typical, covered, rate, rules, two)
    bouts = tuple(sorted(out, key=lambda b: b.start_s))
    return Detection(
        strict.signal, strict.vertical, tuple(i for b in bouts for i in b.contacts), bouts, strict.candidates
    )


def retime(anchors: FloatArray, times: FloatArray, max_shift_s: float) -> FloatArray:
    """Each anchor moved to the nearest of ``times`` within ``max_shift_s``; kept where none is, or where the
    nearest is already taken by an earlier anchor (so the count never changes)."""
    out = anchors.copy()
    if len(times) == 0:
        return out
    taken: set[int] = set()
    for k, a in enumerate(anchors.tolist()):
        j = int(np.argmin(np.abs(times - a)))
        if abs(times[j] - a) <= max_shift_s and j not in taken:
            out[k] = times[j]
            taken.add(j)
    return out


def gap_bouts(
    idx: IntArray,
    strength: FloatArray,
    typical: float,
    covered: list[tuple[float, float]],
    rate: float,
    rules: DetectionRules,
    two: TwoStageRules,
) -> list[Bout]:
    """Short bouts of strong-enough candidates, with a relaxed regularity rule, where no walk reaches."""
    times = idx / rate
    free = strength >= two.gap_floor * typical
    for lo, hi in covered:
        free &= (times < lo - rules.min_step_s) | (times > hi + rules.min_step_s)
    peaks = thin(idx[free], strength[free], max(1, int(rules.min_step_s * rate)))
    relaxed = replace(rules, regularity=two.gap_regularity, min_steps=two.gap_min_steps, max_step_s=two.max_step_s)
    return [Bout(r[0] / rate, r[-1] / rate, tuple(r)) for r in step_runs(peaks, rate, relaxed)]
