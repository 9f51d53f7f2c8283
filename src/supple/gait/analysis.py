"""Run the walking analysis on a recording: checks, resampling, detection, impact (with progress)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from supple.catalogue.gait import gait_rules
from supple.domain.gait import Detection, FloatArray, G, detect, resample
from supple.domain.gait_impact import PLACEMENTS, WalkResult, analyse
from supple.errors import InvalidInput, Problem
from supple.gait.files import Recording, refuse

Progress = Callable[[str, float], None]  # (what is happening, fraction done)
MIN_RATE_HZ = 20.0
MIN_STEPS = 10


@dataclass(frozen=True)
class Analysed:
    result: WalkResult
    detection: Detection
    source: str
    native_rate_hz: float


def _quiet(_what: str, _done: float) -> None:
    return None


def _with_gravity(rec: Recording) -> FloatArray:
    """A recording without gravity gets gravity added along its main axis of movement (up for a walker)."""
    if rec.gravity:
        return rec.acc
    centred = rec.acc - rec.acc.mean(axis=0)
    _, _, vt = np.linalg.svd(centred[:: max(1, len(centred) // 20000)], full_matrices=False)
    out: FloatArray = rec.acc + G * vt[0]
    return out


def check_placement(placement: str) -> str:
    if placement not in PLACEMENTS:
        raise InvalidInput(
            [Problem("placement", f"'{placement}' is not a place for the phone", allowed=" or ".join(PLACEMENTS))],
            "The recording was not analysed",
        )
    return placement


def analyse_recording(rec: Recording, placement: str = "lower-back", progress: Progress = _quiet) -> Analysed:
    rules = gait_rules()
    check_placement(placement)
    seconds = float(rec.t[-1] - rec.t[0])
    lim = rules.limits
    if seconds < lim.min_seconds:
        raise refuse(
            f"the recording lasts {seconds:.1f} s, too short to see a walk",
            allowed=f"{lim.min_seconds:g}-{lim.max_seconds:g}",
            unit="s",
        )
    if seconds > lim.max_seconds:
        raise refuse(
            f"the recording lasts {seconds / 3600:.1f} hours, too long for one walk",
            allowed=f"at most {lim.max_seconds / 3600:g}",
            unit="hours",
        )
    native = float(1.0 / np.median(np.diff(rec.t)))
    if native < MIN_RATE_HZ:
        raise refuse(
            f"the phone sampled {native:.0f} times per second, too slow to see steps",
            allowed=f"at least {MIN_RATE_HZ:g}",
            unit="samples per second",
        )
    progress("resampling", 0.1)
    rate = float(min(round(native), 200))
    sig = resample(rec.t, _with_gravity(rec), rate)
    progress("finding steps", 0.4)
    det = detect(sig, rules.detection_rules(placement))
    if det.steps < MIN_STEPS:
        raise refuse(
            f"no walking was found ({det.steps} steps in walking bouts)",
            allowed=f"a recording with at least {MIN_STEPS} steps of walking",
        )
    progress("measuring impact", 0.8)
    result = analyse(det, rules.impact_rules(), placement=placement, gravity=rec.gravity)
    progress("done", 1.0)
    return Analysed(result, det, rec.source, native)
