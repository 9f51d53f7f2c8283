"""The gyroscope variant (``supple.domain.gait_gyro``) beside the shipped detector and the simple peak counter.

    .venv/bin/python -m benchmarks.gait_gyro [--data ../shared/data/gait]

Lower-back lab data (Mobilise-D, from mobgap; ``Gyr`` in deg/s beside ``Acc`` in g, same frame, 100 Hz).
Per recording: inside the reference bouts the step-count error (target <= 3 %), cadence error (<= 2
steps/min) and initial-contact F1 (>= 0.9); whole simulated-daily-activity recordings (<= 10 %). The
gyroscope variant's numbers are chosen by leave-one-participant-out: a small grid is scored on two
participants and the setting that misses the targets least there is run on the third, who played no part
in the choice (the table says which setting each fold chose). The "in-sample" line shows the best single
setting chosen on all three, for comparison only: it is tuned on the scored people.

Last, evidence for "can the gyroscope tell walking from step-like movement between bouts": for every bout
the variant keeps in a daily recording, how much of it the reference covers and how strongly the yaw rate
alternates from step to step (the autocorrelation of the step-band yaw rate at the step time; walking
swings the pelvis left and right, so it is strongly negative).
Also run at the end of ``benchmarks.gait_accuracy``.
"""

from __future__ import annotations

import argparse
import itertools
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.signal import butter, sosfiltfilt

from supple.catalogue.gait import gait_rules
from supple.domain.gait import G, Signal, detect, step_band
from supple.domain.gait_gyro import GyroRules, detect_with_gyro, yaw_rate_dps

GRID = {
    "turn_dps": (15.0, 30.0),
    "turn_lowpass_hz": (0.3, 0.6),
    "bridge_max_gap_s": (2.0, 4.0, 8.0),
    "bridge_min_turning": (0.2, 0.5),
    "extend_ends": (False, True),
    "extra_peak_ms2": (0.3, 0.5),
    "extra_wavelet": (False, True),
}


@dataclass(frozen=True)
class Trial:
    person: str
    name: str
    sig: Signal
    gyro: np.ndarray  # rad/s
    bouts: list[tuple[float, float, np.ndarray]]  # reference bouts: start s, end s, contact times (NaN kept)
    daily: bool


@dataclass(frozen=True)
class Score:
    ref: int
    steps: int  # in reference bouts
    dcad: float  # cadence error, steps/min
    f1: float
    whole: float | None  # whole-recording step error, % (daily recordings only)

    @property
    def err(self) -> float:
        return 100 * (self.steps - self.ref) / self.ref

    @property
    def met(self) -> tuple[bool, ...]:
        out = (abs(self.err) <= 3, abs(self.dcad) <= 2, self.f1 >= 0.9)
        return out + ((abs(self.whole) <= 10,) if self.whole is not None else ())

    @property
    def miss(self) -> float:
        """How far the targets are missed (0 when all are met), in units of each target."""
        out = max(0.0, abs(self.err) - 3) / 3 + max(0.0, abs(self.dcad) - 2) / 2 + max(0.0, 0.9 - self.f1) / 0.1
        return out + (max(0.0, abs(self.whole) - 10) / 10 if self.whole is not None else 0.0)


def trials(data: Path) -> list[Trial]:
    from scipy.io import loadmat

    from benchmarks.gait_accuracy import _bouts

    out = []
    for folder in sorted((data / "mobilise-d-lab").glob("*_*")):
        tm = loadmat(folder / "data.mat", simplify_cells=True)["data"]["TimeMeasure1"]
        for test in ("Test5", "Test11"):
            for trial_name, trial in sorted(tm[test].items()):
                _, wbs = _bouts(trial)
                if not wbs:
                    continue
                imu = trial["SU"]["LowerBack"]
                assert float(imu["Fs"]["Gyr"]) == float(imu["Fs"]["Acc"])
                sig = Signal(float(imu["Fs"]["Acc"]), np.asarray(imu["Acc"], float) * G)
                gyro = np.radians(np.asarray(imu["Gyr"], float))
                bouts = [
                    (float(w["Start"]), float(w["End"]), np.atleast_1d(np.asarray(w["InitialContact_Event"], float)))
                    for w in wbs
                ]
                out.append(Trial(folder.name, f"{folder.name} {test} {trial_name}", sig, gyro, bouts, test == "Test11"))
    return out


def score_times(trial: Trial, times: np.ndarray, total: int) -> Score:
    """In-bout steps, cadence and F1 of contact ``times`` (s); ``total`` = contacts in the whole recording."""
    from benchmarks.gait_accuracy import TOL_S, f1

    found: list[float] = []
    ref: list[float] = []
    n_ref = 0
    ref_cad_w = cad_w = dur_w = 0.0
    for start, end, ics in trial.bouts:
        inside = times[(times >= start - TOL_S) & (times <= end + TOL_S)]
        found += inside.tolist()
        ref += ics[~np.isnan(ics)].tolist()
        n_ref += len(ics)
        span = end - start
        ref_cad_w += (60 * (len(ics) - 1) / span if span > 0 else 0.0) * span
        cad = 60 * (len(inside) - 1) / (inside[-1] - inside[0]) if len(inside) > 1 else 0.0
        cad_w += cad * span
        dur_w += span
    whole = 100 * (total - n_ref) / n_ref if trial.daily else None
    return Score(n_ref, len(found), (cad_w - ref_cad_w) / dur_w, f1(np.array(found), np.array(ref)), whole)


def shipped(trial: Trial) -> Score:
    det = detect(trial.sig, gait_rules().detection_rules())
    return score_times(trial, np.asarray(det.contacts) / trial.sig.rate_hz, det.steps)


def peak(trial: Trial) -> Score:
    from benchmarks.gait_accuracy import baseline_times

    times = baseline_times(trial.sig)
    return score_times(trial, times, len(times))


def gyro(trial: Trial, rules: GyroRules) -> Score:
    det = detect_with_gyro(trial.sig, trial.gyro, gait_rules().detection_rules(), rules)
    return score_times(trial, np.asarray(det.contacts) / trial.sig.rate_hz, det.steps)


def candidates() -> list[GyroRules]:
    base = GyroRules()
    return [replace(base, **dict(zip(GRID, values, strict=True))) for values in itertools.product(*GRID.values())]


Held = dict[str, tuple[GyroRules, Score]]


def holdout(every: list[Trial]) -> tuple[Held, Held, GyroRules]:
    """Per recording, the setting chosen without its participant and its score, by two rules: least total miss
    of the targets, and least miss among the settings that keep every training daily recording within 10 %
    (the whole-recording target is one the shipped detector meets). Also the in-sample best (least miss)."""
    grid = candidates()
    scores = {(t.name, i): gyro(t, r) for t in every for i, r in enumerate(grid)}
    least: Held = {}
    kept: Held = {}
    for person in sorted({t.person for t in every}):
        train = [t for t in every if t.person != person]

        def miss(i: int, train: list[Trial] = train) -> float:
            return sum(scores[(t.name, i)].miss for t in train)

        def whole_ok(i: int, train: list[Trial] = train) -> bool:
            return all(abs(s.whole) <= 10 for t in train if (s := scores[(t.name, i)]).whole is not None)

        best = min(range(len(grid)), key=miss)
        safe = [i for i in range(len(grid)) if whole_ok(i)]
        best_safe = min(safe, key=miss) if safe else best
        for t in every:
            if t.person == person:
                least[t.name] = (grid[best], scores[(t.name, best)])
                kept[t.name] = (grid[best_safe], scores[(t.name, best_safe)])
    in_sample = min(range(len(grid)), key=lambda i: sum(scores[(t.name, i)].miss for t in every))
    return least, kept, grid[in_sample]


def describe(r: GyroRules) -> str:
    ends = "+ends" if r.extend_ends else ""
    extra = "cwt" if r.extra_wavelet else f"{r.extra_peak_ms2:g}"
    return f"{r.turn_dps:g}/{r.turn_lowpass_hz:g}/{r.bridge_max_gap_s:g}/{r.bridge_min_turning:g}/{extra}{ends}"


def _fmt(s: Score) -> str:
    whole = f"{s.whole:+6.1f}" if s.whole is not None else f"{'':>6}"
    return f"{s.steps:4d} {s.err:+6.1f} {s.dcad:+5.1f} {s.f1:4.2f} {whole}"


def alternation(trial: Trial, start_s: float, end_s: float) -> tuple[float, float]:
    """(step time s, autocorrelation of the step-band yaw rate at it) over one stretch."""
    rate = trial.sig.rate_hz
    rules = gait_rules().detection_rules()
    lo, hi = int(start_s * rate), int(end_s * rate)
    det = detect(trial.sig, rules)
    v = step_band(trial.sig, det.vertical, rules)[lo:hi]
    yaw = sosfiltfilt(
        butter(2, [0.3 / (rate / 2), 1.5 / (rate / 2)], btype="band", output="sos"), yaw_rate_dps(trial.sig, trial.gyro)
    )
    y = yaw[lo:hi]

    def ac(x: np.ndarray, lag: int) -> float:
        a, b = x[:-lag] - x[:-lag].mean(), x[lag:] - x[lag:].mean()
        return float(np.dot(a, b) / (np.sqrt(np.dot(a, a) * np.dot(b, b)) + 1e-12))

    lags = range(int(0.3 * rate), min(int(1.1 * rate), len(v) // 2))
    if not lags:
        return float("nan"), float("nan")
    lag = max(lags, key=lambda k: ac(v, k))
    return lag / rate, ac(y, lag)


def print_gyro(data: Path) -> None:
    every = trials(data)
    t0 = time.perf_counter()
    least, kept, in_sample = holdout(every)
    grid_s = time.perf_counter() - t0
    print("\nGyroscope variant (turn bridging; supple.domain.gait_gyro), settings chosen leave-one-participant-out")
    print("settings = turn deg/s / yaw low-pass Hz / bridge gap s / share turning / extra peak m/s² or cwt [+ends]")
    print(
        "gyro A: least miss of all targets on the other two; gyro B: same, among settings keeping their whole <= 10 %"
    )
    head = f"{'steps':>4} {'err%':>6} {'dcad':>5} {'F1':>4} {'whole%':>6}"
    print(
        f"{'recording':22} {'ref':>4} | shipped {head} | peak {head} | "
        f"gyro A {head} {'settings':>20} | gyro B {head} {'settings':>20}"
    )
    names = ["shipped", "peak", "gyro A", "gyro B", "in-sample gyro"]
    totals = {k: [0, 0] for k in names}
    sums = dict.fromkeys(names, 0)
    ref_total = 0
    for t in every:
        rows = {
            "shipped": shipped(t),
            "peak": peak(t),
            "gyro A": least[t.name][1],
            "gyro B": kept[t.name][1],
            "in-sample gyro": gyro(t, in_sample),
        }
        for k, s in rows.items():
            totals[k][0] += sum(s.met)
            totals[k][1] += len(s.met)
            sums[k] += s.steps
        ref_total += rows["shipped"].ref
        print(
            f"{t.name.replace('Trial', 'T'):22} {rows['shipped'].ref:4d} | shipped {_fmt(rows['shipped'])} | "
            f"peak {_fmt(rows['peak'])} | gyro A {_fmt(rows['gyro A'])} {describe(least[t.name][0]):>20} | "
            f"gyro B {_fmt(rows['gyro B'])} {describe(kept[t.name][0]):>20}"
        )
    print(
        f"{'overall in bouts':22} {ref_total:4d} | "
        + " | ".join(f"{k} {sums[k]} ({100 * (sums[k] - ref_total) / ref_total:+.1f} %)" for k in sums)
    )
    print(
        "targets met (per recording: steps, cadence, F1, and whole for the daily ones): "
        + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in totals.items())
    )
    print(f"in-sample best gyro setting (tuned on all three, not a fair score): {describe(in_sample)}")
    print(f"({len(candidates())} settings x {len(every)} recordings in {grid_s:.1f} s)")

    print("\nBouts the in-sample gyro variant keeps in the daily recordings: reference cover and yaw alternation")
    for t in every:
        if not t.daily:
            continue
        det = detect_with_gyro(t.sig, t.gyro, gait_rules().detection_rules(), in_sample)
        parts = []
        for b in det.bouts:
            cover = sum(max(0.0, min(b.end_s, e) - max(b.start_s, s)) for s, e, _ in t.bouts) / max(
                b.end_s - b.start_s, 1e-9
            )
            _, alt = alternation(t, b.start_s, b.end_s)
            parts.append(f"{b.start_s:.0f}-{b.end_s:.0f}s {len(b.contacts)} steps cover {cover:.2f} alt {alt:+.2f}")
        print(f"  {t.name}: " + "; ".join(parts))
    print_timing(every)
    print(f"\nSpeed: the gyroscope variant on a 6-minute 100 Hz recording in {speed():.3f} s (target < 2 s)")


def speed() -> float:
    """Seconds for ``detect_with_gyro`` on a synthetic 6-minute 100 Hz walk with a turning gyroscope."""
    from supple.domain.gait_impact import synthetic_walk

    t, acc = synthetic_walk(seconds=360, rate_hz=100, cadence=108, seed=3)
    rng = np.random.default_rng(3)
    gyr = np.column_stack(
        [np.radians(40 * np.sin(2 * np.pi * t / 20)), rng.normal(0, 0.2, len(t)), rng.normal(0, 0.2, len(t))]
    )
    sig = Signal(100.0, acc)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        detect_with_gyro(sig, gyr, gait_rules().detection_rules(), GyroRules(extra_wavelet=True, extend_ends=True))
        best = min(best, time.perf_counter() - t0)
    return best


def _in_bouts(trial: Trial, times: np.ndarray) -> tuple[int, float]:
    from benchmarks.gait_accuracy import TOL_S, f1

    found: list[float] = []
    ref: list[float] = []
    for start, end, ics in trial.bouts:
        found += times[(times >= start - TOL_S) & (times <= end + TOL_S)].tolist()
        ref += ics[~np.isnan(ics)].tolist()
    return len(found), f1(np.array(found), np.array(ref))


def pitch_peaks(trial: Trial) -> np.ndarray:
    """Peaks of the step-band rotation rate about the sensor's own medio-lateral axis (``Gyr`` y), s.

    Not orientation-free (a phone in a pouch does not give this axis reliably): an upper bound."""
    from scipy.signal import find_peaks

    rate = trial.sig.rate_hz
    sos = butter(2, [0.5 / (rate / 2), 3.0 / (rate / 2)], btype="band", output="sos")
    x = np.degrees(sosfiltfilt(sos, trial.gyro[:, 1]))
    pk, _ = find_peaks(x, distance=int(0.3 * rate), prominence=5.0)
    return np.asarray(pk / rate, dtype=float)


def yaw_alternating(trial: Trial, contacts: np.ndarray, max_s: float = 0.45) -> np.ndarray:
    """Wavelet contacts thinned so that two contacts closer than ``max_s`` must have opposite yaw-rate signs."""
    rate = trial.sig.rate_hz
    sos = butter(2, [0.3 / (rate / 2), 1.5 / (rate / 2)], btype="band", output="sos")
    sign = np.sign(sosfiltfilt(sos, yaw_rate_dps(trial.sig, trial.gyro)))
    keep: list[int] = []
    for c in contacts.astype(int).tolist():
        if keep and sign[c] == sign[keep[-1]] and (c - keep[-1]) / rate < max_s:
            continue
        keep.append(c)
    return np.array(keep, dtype=float) / rate


def print_timing(every: list[Trial]) -> None:
    """Contact timing with the reference bouts given: can the gyroscope place contacts better?"""
    from supple.domain.gait_cwt import cwt_contacts

    offsets = np.round(np.arange(-0.3, 0.31, 0.05), 2)
    pitch = {t.name: pitch_peaks(t) for t in every}
    f1s = {(t.name, o): _in_bouts(t, pitch[t.name] + o)[1] for t in every for o in offsets}
    print("\nContact timing inside the reference bouts (bouts given): steps found and F1")
    print(
        f"{'recording':22} {'ref':>4} | {'wavelet':>12} | {'+ yaw alternation':>17} | "
        f"{'pitch-rate peaks (held-out shift)':>34}"
    )
    for t in every:
        others = [u for u in every if u.person != t.person]
        shift = max(offsets, key=lambda o: float(np.mean([f1s[(u.name, o)] for u in others])))
        cwt = cwt_contacts(t.sig)
        n_ref = sum(len(ics) for _, _, ics in t.bouts)
        w = _in_bouts(t, cwt / t.sig.rate_hz)
        a = _in_bouts(t, yaw_alternating(t, cwt))
        p = _in_bouts(t, pitch[t.name] + shift)
        print(
            f"{t.name.replace('Trial', 'T'):22} {n_ref:4d} | {w[0]:4d} F1 {w[1]:4.2f} | {a[0]:8d} F1 {a[1]:4.2f} | "
            f"{p[0]:14d} F1 {p[1]:4.2f} shift {shift:+.2f} s"
        )


def main(argv: list[str] | None = None) -> int:
    from benchmarks.gait_accuracy import DEFAULT

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    print_gyro(ap.parse_args(argv).data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
