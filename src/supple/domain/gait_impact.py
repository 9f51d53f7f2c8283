"""What a walk recording says: steps, cadence, and the impact at the lower back after each heel strike.

Impact is the peak vertical acceleration (gravity included, in g) in a short window after each initial
contact. It rises with cadence, so it is shown compared at one reference cadence. It needs a fast enough
recording and a sensor at the lower back; otherwise only steps and cadence are given, with the reason.
Every number comes in through ``ImpactRules`` (catalogue/data/rules/gait.yaml, with sources).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from supple.domain.gait import Detection, FloatArray, G

PLACEMENTS = ("lower-back", "pocket")


@dataclass(frozen=True)
class ImpactRules:
    min_rate_hz: float = 90.0  # below this the short heel-strike peak is smoothed away
    window_s: float = 0.15  # the peak is looked for from the contact to this many seconds after it
    per_10_spm: float = 0.07  # relative rise of impact per +10 steps/min
    reference_cadence: float = 110.0  # steps/min at which impacts are compared
    mdc_g: float = 0.07  # smallest change of the matched impact beyond the measured noise


@dataclass(frozen=True)
class Impact:
    per_step_g: tuple[float, ...]
    mean_g: float
    matched_g: float  # mean impact at the reference cadence
    side_ratio: float | None  # larger side mean over smaller side mean (sides taken by alternation)
    weighted_steps: float  # sum of the per-step impacts (g × steps)


@dataclass(frozen=True)
class WalkResult:
    steps: int
    bouts: int
    walking_s: float
    recording_s: float
    rate_hz: float
    cadence: float | None  # steps/min inside walking bouts
    impact: Impact | None
    no_impact_reason: str | None


def cadence(det: Detection) -> float | None:
    """Steps per minute inside bouts: step intervals over bout time."""
    intervals = sum(len(b.contacts) - 1 for b in det.bouts)
    span = sum((b.contacts[-1] - b.contacts[0]) for b in det.bouts) / det.signal.rate_hz
    return 60.0 * intervals / span if span > 0 else None


def matched(impact_g: float, cadence_spm: float, rules: ImpactRules) -> float:
    """An impact moved to the reference cadence: divide out the expected rise per +10 steps/min."""
    return float(impact_g / (1.0 + rules.per_10_spm) ** ((cadence_spm - rules.reference_cadence) / 10.0))


def _side_ratio(values: Sequence[float]) -> float | None:
    a, b = values[0::2], values[1::2]
    if len(a) < 3 or len(b) < 3:
        return None
    hi, lo = max(np.mean(a), np.mean(b)), min(np.mean(a), np.mean(b))
    return float(hi / lo) if lo > 0 else None


def impacts(det: Detection, rules: ImpactRules) -> Impact | None:
    rate = det.signal.rate_hz
    width = max(1, round(rules.window_s * rate))
    up = det.vertical / G + 1.0  # in g, gravity included
    per_bout: list[list[float]] = []
    for bout in det.bouts:
        per_bout.append([float(up[i : i + width + 1].max()) for i in bout.contacts])
    values = [v for b in per_bout for v in b]
    cad = cadence(det)
    if not values or cad is None:
        return None
    ratios = [r for b in per_bout if (r := _side_ratio(b)) is not None]
    mean = float(np.mean(values))
    return Impact(
        tuple(round(v, 3) for v in values),
        mean,
        matched(mean, cad, rules),
        float(np.median(ratios)) if ratios else None,
        float(sum(values)),
    )


def analyse(
    det: Detection, rules: ImpactRules | None = None, placement: str = "lower-back", gravity: bool = True
) -> WalkResult:
    rules = rules or ImpactRules()
    sig = det.signal
    reason: str | None = None
    if placement != "lower-back":
        reason = "pocket"
    elif not gravity:
        reason = "no-gravity"
    elif sig.rate_hz < rules.min_rate_hz:
        reason = "slow-rate"
    elif not det.bouts:
        reason = "no-walking"
    imp = impacts(det, rules) if reason is None else None
    return WalkResult(det.steps, len(det.bouts), det.walking_s, sig.seconds, sig.rate_hz, cadence(det), imp, reason)


def repeatability(by_person: Mapping[str, Mapping[str, float]]) -> tuple[float, float, int] | None:
    """(SEM, MDC95, people) of a value measured twice per person: SEM = sqrt(mean(d²)/2),
    MDC95 = 1.96 · √2 · SEM (Weir 2005)."""
    diffs = [t["Trial1"] - t["Trial2"] for t in by_person.values() if "Trial1" in t and "Trial2" in t]
    if not diffs:
        return None
    sem = math.sqrt(sum(d * d for d in diffs) / (2 * len(diffs)))
    return sem, 1.96 * math.sqrt(2) * sem, len(diffs)


def real_change(before: float, after: float, mdc: float) -> bool:
    return abs(after - before) > mdc


def synthetic_walk(
    seconds: float,
    rate_hz: float,
    cadence: float,
    seed: int = 0,
    impact_g: float = 1.4,
    still_s: float = 5.0,
    asymmetry: float = 0.06,
) -> tuple[FloatArray, FloatArray]:
    """A lower-back-like walk (t in s, acc (N,3) in m/s², gravity along a tilted axis): still, walking at
    ``cadence`` with heel-strike peaks of about ``impact_g``, still again. For tests and benchmarks."""
    rng = np.random.default_rng(seed)
    t = np.arange(0, seconds, 1 / rate_hz)
    vert = np.zeros_like(t)
    step = 60.0 / cadence
    walk_t = np.arange(still_s, seconds - still_s, step)
    walk_t = walk_t + rng.normal(0, 0.01, len(walk_t))
    for k, c in enumerate(walk_t):
        rel = t - c
        amp = (impact_g - 1.0) * G * (1.0 + asymmetry if k % 2 else 1.0 - asymmetry)
        vert += amp * np.exp(-0.5 * (rel / 0.025) ** 2)  # the sharp heel-strike peak
        vert += 0.35 * G * 0.5 * np.sin(2 * np.pi * rel / step) * (np.abs(rel) < step / 2) * 0.3
    inside = (t >= still_s - 0.2) & (t <= walk_t[-1] + step) if len(walk_t) else np.zeros_like(t, bool)
    vert += inside * 0.25 * G * np.cos(2 * np.pi * (t - walk_t[0] if len(walk_t) else t) / step)
    vert += rng.normal(0, 0.03 * G, len(t))
    ml = inside * 0.12 * G * np.sin(np.pi * (t - (walk_t[0] if len(walk_t) else 0)) / step)
    ml += rng.normal(0, 0.02 * G, len(t))
    ap = inside * 0.15 * G * np.sin(2 * np.pi * (t - (walk_t[0] if len(walk_t) else 0)) / step + 1.0)
    ap += rng.normal(0, 0.02 * G, len(t))
    up = G + vert
    tilt = math.radians(12)
    acc = np.column_stack([up * math.cos(tilt) - ap * math.sin(tilt), ml, up * math.sin(tilt) + ap * math.cos(tilt)])
    return t, acc
