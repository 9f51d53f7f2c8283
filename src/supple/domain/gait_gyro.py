"""Walking bouts kept going through turns with a gyroscope beside the accelerometer (pure; numpy and scipy).

An experiment for issue 16 §3 (decision 0013, "Third round: the gyroscope"); it is measured by
``benchmarks/gait_gyro.py`` and is **not** in the analysis path, because on the three lab recordings it
does not meet more targets than the accelerometer-only detector on a held-out participant.

Most reference steps the accelerometer-only detector (``gait.detect``) misses are in turns: the trunk's
vertical acceleration there is weak and irregular, the step-time regularity rule breaks the bout, and the
walk on the far side of the turn becomes a second bout with the turn's steps lost. The gyroscope sees a
turn plainly: the rotation rate about the gravity direction (the yaw rate; orientation-free, because the
gravity direction comes from the accelerometer in the same sensor frame) stays high for a second or more.

The variant here runs the shipped detector, then

1. finds turns: stretches where the low-passed yaw rate stays above ``turn_dps`` and the trunk turns by
   at least ``min_turn_deg`` in all;
2. *bridges* two neighbouring bouts when the gap between them is at most ``bridge_max_gap_s`` and the
   trunk is turning for at least ``bridge_min_turning`` of it (walk, turn, walk back);
3. optionally (``extend_ends``) also grows a bout through a turn that starts or ends within ``end_gap_s``
   of it (walk, then turn to sit down);
4. adds, in every stretch a bout gained, the step-band peaks of at least ``extra_peak_ms2`` (a lower bar
   than the shipped detector's; the turn is already known to be walking), or with ``extra_wavelet`` the
   wavelet method's contacts (``gait_cwt``), that are not within a minimum step time of a contact it
   already has.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, find_peaks, sosfiltfilt

from supple.domain.gait import Bout, Detection, DetectionRules, FloatArray, Signal, detect, step_band
from supple.domain.gait_cwt import cwt_contacts

RAD_TO_DEG = 180.0 / np.pi


@dataclass(frozen=True)
class GyroRules:
    """Numbers of the turn-bridging variant (chosen by leave-one-participant-out in the benchmark)."""

    turn_dps: float = 20.0  # |low-passed yaw rate| above which the trunk is turning, degrees per second
    turn_lowpass_hz: float = 0.6
    min_turn_deg: float = 45.0  # a turn must add up to at least this angle
    bridge_max_gap_s: float = 3.0
    bridge_min_turning: float = 0.4  # share of the gap between two bouts spent turning
    extend_ends: bool = False
    end_gap_s: float = 1.0
    extra_peak_ms2: float = 0.3
    extra_wavelet: bool = False  # take the new contacts from the wavelet method (gait_cwt) instead of peaks


def yaw_rate_dps(sig: Signal, gyro_rad_s: FloatArray) -> FloatArray:
    """Rotation rate about the (slowly varying) gravity direction, degrees per second, any phone orientation.

    ``gyro_rad_s`` is (N, 3) in rad/s in the accelerometer's frame, sampled like ``sig``."""
    if gyro_rad_s.shape != sig.acc.shape:
        raise ValueError(f"gyroscope samples {gyro_rad_s.shape} do not match the acceleration {sig.acc.shape}")
    sos = butter(2, 0.5 / (sig.rate_hz / 2), output="sos")
    grav = sosfiltfilt(sos, sig.acc, axis=0)
    norm = np.linalg.norm(grav, axis=1, keepdims=True)
    norm[norm == 0] = 1.0
    out: FloatArray = np.einsum("ij,ij->i", gyro_rad_s, grav / norm) * RAD_TO_DEG
    return out


def turns(sig: Signal, gyro_rad_s: FloatArray, rules: GyroRules) -> list[tuple[int, int]]:
    """Sample ranges [start, end) where the trunk turns steadily by at least ``min_turn_deg``."""
    yaw = yaw_rate_dps(sig, gyro_rad_s)
    cut = min(rules.turn_lowpass_hz, 0.45 * sig.rate_hz)
    slow = sosfiltfilt(butter(2, cut / (sig.rate_hz / 2), output="sos"), yaw)
    above = np.abs(slow) > rules.turn_dps
    edges = np.diff(np.r_[0, above.astype(np.int8), 0])
    out = []
    for s, e in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if abs(float(np.sum(slow[s:e]))) / sig.rate_hz >= rules.min_turn_deg:
            out.append((int(s), int(e)))
    return out


def _share(spans: list[tuple[int, int]], lo: int, hi: int) -> float:
    if hi <= lo:
        return 1.0
    covered = sum(max(0, min(hi, e) - max(lo, s)) for s, e in spans)
    return covered / (hi - lo)


Span = tuple[int, int, list[int]]  # a bout in samples: start, end, its contacts


def _grow(bouts: list[Span], spans: list[tuple[int, int]], reach: int) -> list[Span]:
    """Each bout grown through every turn that starts or ends within ``reach`` samples of it."""
    grown = []
    for start, end, contacts in bouts:
        lo, hi = start, end
        for ts, te in spans:
            if ts <= hi + reach and te >= lo - reach:
                lo, hi = min(lo, ts), max(hi, te)
        grown.append((lo, hi, contacts))
    return grown


def _bridge(bouts: list[Span], spans: list[tuple[int, int]], rate: float, rules: GyroRules) -> list[Span]:
    """Neighbouring bouts joined when they overlap or the short gap between them is mostly turning."""
    merged = [bouts[0]]
    for start, end, contacts in bouts[1:]:
        ps, pe, pc = merged[-1]
        gap = (start - pe) / rate
        if gap <= 0 or (gap <= rules.bridge_max_gap_s and _share(spans, pe, start) >= rules.bridge_min_turning):
            merged[-1] = (ps, max(pe, end), pc + contacts)
        else:
            merged.append((start, end, contacts))
    return merged


def _extra_candidates(sig: Signal, base: Detection, rules: DetectionRules, gyro_rules: GyroRules) -> NDArray[np.int64]:
    """Contact candidates outside the shipped bouts (inside them nothing changes)."""
    rate = sig.rate_hz
    min_gap = int(rules.min_step_s * rate)
    if gyro_rules.extra_wavelet:
        peaks = cwt_contacts(sig)
    else:
        band = step_band(sig, base.vertical, rules)
        peaks, _ = find_peaks(band, distance=max(1, min_gap), prominence=gyro_rules.extra_peak_ms2)
    outside = np.ones(len(peaks), dtype=bool)
    for b in base.bouts:
        outside &= (peaks < b.start_s * rate - min_gap) | (peaks > b.end_s * rate + min_gap)
    out: NDArray[np.int64] = peaks[outside].astype(np.int64)
    return out


def detect_with_gyro(
    sig: Signal,
    gyro_rad_s: FloatArray,
    rules: DetectionRules | None = None,
    gyro_rules: GyroRules | None = None,
) -> Detection:
    """The shipped detection, with bouts bridged (and optionally grown) through turns the gyroscope sees."""
    if gyro_rad_s.shape != sig.acc.shape:
        raise ValueError(f"gyroscope samples {gyro_rad_s.shape} do not match the acceleration {sig.acc.shape}")
    rules = rules or DetectionRules()
    gyro_rules = gyro_rules or GyroRules()
    base = detect(sig, rules)
    if not base.bouts:
        return base
    rate = sig.rate_hz
    spans = turns(sig, gyro_rad_s, gyro_rules)
    bouts: list[Span] = [(round(b.start_s * rate), round(b.end_s * rate), list(b.contacts)) for b in base.bouts]
    if gyro_rules.extend_ends:
        bouts = _grow(bouts, spans, int(gyro_rules.end_gap_s * rate))
    extra = _extra_candidates(sig, base, rules, gyro_rules)
    min_gap = int(rules.min_step_s * rate)
    out: list[Bout] = []
    for start, end, contacts in _bridge(bouts, spans, rate, gyro_rules):
        have = np.array(sorted(set(contacts)), dtype=np.int64)
        cand = extra[(extra >= start) & (extra <= end)]
        if len(have) and len(cand):
            cand = cand[np.min(np.abs(cand[:, None] - have[None, :]), axis=1) >= min_gap]
        merged: NDArray[np.int64] = np.sort(np.r_[have, cand]).astype(np.int64)
        out.append(Bout(start / rate, end / rate, tuple(int(i) for i in merged)))
    all_contacts = tuple(i for b in out for i in b.contacts)
    return Detection(sig, base.vertical, all_contacts, tuple(out), base.candidates)
