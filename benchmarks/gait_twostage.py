"""The two-stage detector (``supple.domain.gait_twostage``) beside the shipped detector and the peak counter.

    .venv/bin/python -m benchmarks.gait_twostage [--data ../shared/data/gait]

Lower-back lab data (Mobilise-D, from mobgap). First, where the shipped detector's misses are: every
reference contact with no detected contact within 0.2 s, sorted into "inside one of our bouts", "at a bout
edge" (within 2 s of one of our bouts) and "no bout near" (a walk the strict rules drop entirely).
Then per recording, inside the reference bouts, the step-count error (target <= 3 %), cadence error (<= 2
steps/min) and initial-contact F1 (>= 0.9), and on the whole daily recordings the step error (<= 10 %).
The second stage's numbers are chosen by leave-one-participant-out as in decision 0013: a grid is scored
on two participants and the setting that misses the targets least there (A), or least among the settings
that keep both training people's whole recordings within 10 % (B), is run on the third. Last, the stricter
check the brief asked for: tuned on one participant only (rule B), scored on the other two.
Also run at the end of ``benchmarks.gait_accuracy``.
"""

from __future__ import annotations

import argparse
import itertools
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks.gait_gyro import Score, Trial, peak, score_times, shipped, trials
from supple.catalogue.gait import gait_rules
from supple.domain.gait import Detection, detect
from supple.domain.gait_twostage import TwoStageRules, candidates, detect_two_stage, second_stage

GRID = {
    "wavelet": (True, False),
    "floor": (0.2, 0.5),
    "margin_s": (0.5, 1.5),
    "merge_gap_s": (0.0, 3.0),
    "replace_inside": (False, True),
    "min_walk_steps": (3, 5),
    "extend_min_steps": (3, 8),
    "retime_s": (0.0, 0.15),
    "gap_regularity": (0.0, 0.6),
}
GAP = {"gap_floor": 0.3, "gap_min_steps": 3}


def settings() -> list[TwoStageRules]:
    base = replace(TwoStageRules(), **GAP)
    return [replace(base, **dict(zip(GRID, values, strict=True))) for values in itertools.product(*GRID.values())]


class Runner:
    """Runs the second stage on a trial, computing the strict detection and the candidates once."""

    def __init__(self) -> None:
        self.rules = gait_rules().detection_rules()
        self._cache: dict[tuple[str, bool], tuple[Detection, np.ndarray, np.ndarray]] = {}

    def detection(self, t: Trial, two: TwoStageRules) -> Detection:
        key = (t.name, two.wavelet)
        if key not in self._cache:
            self._cache[key] = (detect(t.sig, self.rules), *candidates(t.sig, self.rules, two))
        strict, idx, strength = self._cache[key]
        return second_stage(strict, self.rules, two, idx, strength) if strict.bouts else strict

    def score(self, t: Trial, two: TwoStageRules) -> Score:
        det = self.detection(t, two)
        return score_times(t, np.asarray(det.contacts) / t.sig.rate_hz, det.steps)


def misses(t: Trial) -> dict[str, int]:
    """The shipped detector's missed reference contacts by where they are (see the module docstring)."""
    det = detect(t.sig, gait_rules().detection_rules())
    times = np.asarray(det.contacts) / t.sig.rate_hz
    spans = [(b.start_s, b.end_s) for b in det.bouts]
    out = {"inside a bout": 0, "at a bout edge": 0, "no bout near": 0, "no time (NaN)": 0}
    for _, _, ics in t.bouts:
        out["no time (NaN)"] += int(np.isnan(ics).sum())
        for r in np.unique(np.round(ics[~np.isnan(ics)], 3)).tolist():
            if np.any(np.abs(times - r) <= 0.2):
                continue
            if any(a - 0.3 <= r <= b + 0.3 for a, b in spans):
                out["inside a bout"] += 1
            elif any(a - 2.0 <= r <= b + 2.0 for a, b in spans):
                out["at a bout edge"] += 1
            else:
                out["no bout near"] += 1
    return out


Chosen = dict[str, tuple[TwoStageRules, Score]]


def choose(scores: dict[tuple[str, int], Score], train: list[Trial], grid: list[TwoStageRules], safe_only: bool) -> int:
    def miss(i: int) -> float:
        return sum(scores[(t.name, i)].miss for t in train)

    def whole_ok(i: int) -> bool:
        return all(abs(s.whole) <= 10 for t in train if (s := scores[(t.name, i)]).whole is not None)

    pool = [i for i in range(len(grid)) if whole_ok(i)] if safe_only else list(range(len(grid)))
    return min(pool or range(len(grid)), key=miss)


OnOne = dict[str, tuple[TwoStageRules, int]]


def holdout(every: list[Trial], run: Runner) -> tuple[Chosen, Chosen, OnOne, tuple[TwoStageRules, int]]:
    """Leave-one-participant-out choices A and B; tuned on one person (rule B): targets met on the other two;
    and the in-sample best by rule B on all three (not a fair score) with the targets it meets."""
    grid = settings()
    scores = {(t.name, i): run.score(t, r) for t in every for i, r in enumerate(grid)}
    people = sorted({t.person for t in every})
    least: Chosen = {}
    kept: Chosen = {}
    for person in people:
        train = [t for t in every if t.person != person]
        a, b = choose(scores, train, grid, False), choose(scores, train, grid, True)
        for t in every:
            if t.person == person:
                least[t.name] = (grid[a], scores[(t.name, a)])
                kept[t.name] = (grid[b], scores[(t.name, b)])
    one: OnOne = {}
    for person in people:
        i = choose(scores, [t for t in every if t.person == person], grid, True)
        one[person] = (grid[i], sum(sum(scores[(t.name, i)].met) for t in every if t.person != person))
    best = choose(scores, every, grid, True)
    return least, kept, one, (grid[best], sum(sum(scores[(t.name, best)].met) for t in every))


def describe(r: TwoStageRules) -> str:
    source = "cwt" if r.wavelet else f"pk{r.min_peak_ms2:g}"
    flags = ("R" if r.replace_inside else "") + ("G" if r.gap_regularity else "")
    retime = f"/t{r.retime_s:g}" if r.retime_s else ""
    return (
        f"{source}/{r.floor:g}/{r.margin_s:g}/{r.merge_gap_s:g}/{r.min_walk_steps}/{r.extend_min_steps}{retime}{flags}"
    )


def _fmt(s: Score) -> str:
    whole = f"{s.whole:+6.1f}" if s.whole is not None else f"{'':>6}"
    return f"{s.steps:4d} {s.err:+6.1f} {s.dcad:+5.1f} {s.f1:4.2f} {whole}"


def print_twostage(data: Path) -> None:
    every = trials(data)
    print("\nShipped detector's missed reference contacts (no detected contact within 0.2 s), by where they are")
    for t in every:
        if t.daily:
            print(f"  {t.name}: " + ", ".join(f"{k} {v}" for k, v in misses(t).items()))
    run = Runner()
    t0 = time.perf_counter()
    least, kept, one, in_sample = holdout(every, run)
    grid_s = time.perf_counter() - t0
    print("\nTwo-stage detector (strict bouts, then sensitive contacts around them; supple.domain.gait_twostage)")
    print("settings = contacts (cwt or step-band peaks) / floor / margin s / merge gap s / min walk steps")
    print("           / min steps to extend a walk [/t retime s]")
    print("           [R: sensitive contacts replace the strict ones inside bouts, G: gaps re-examined]")
    print("A: least miss of all targets on the other two; B: same, among settings keeping their whole <= 10 %")
    head = f"{'steps':>4} {'err%':>6} {'dcad':>5} {'F1':>4} {'whole%':>6}"
    print(
        f"{'recording':22} {'ref':>4} | shipped {head} | peak {head} | "
        f"A {head} {'settings':>22} | B {head} {'settings':>22}"
    )
    names = ("shipped", "peak", "A", "B")
    met = {k: [0, 0] for k in names}
    sums = dict.fromkeys(names, 0)
    ref_total = 0
    for t in every:
        rows = {"shipped": shipped(t), "peak": peak(t), "A": least[t.name][1], "B": kept[t.name][1]}
        for k, s in rows.items():
            met[k][0] += sum(s.met)
            met[k][1] += len(s.met)
            sums[k] += s.steps
        ref_total += rows["shipped"].ref
        print(
            f"{t.name.replace('Trial', 'T'):22} {rows['shipped'].ref:4d} | shipped {_fmt(rows['shipped'])} | "
            f"peak {_fmt(rows['peak'])} | A {_fmt(rows['A'])} {describe(least[t.name][0]):>22} | "
            f"B {_fmt(rows['B'])} {describe(kept[t.name][0]):>22}"
        )
    pct = {k: 100 * (v - ref_total) / ref_total for k, v in sums.items()}
    print(f"{'overall in bouts':22} {ref_total:4d} | " + " | ".join(f"{k} {sums[k]} ({pct[k]:+.1f} %)" for k in names))
    print("targets met: " + ", ".join(f"{k} {met[k][0]}/{met[k][1]}" for k in names))
    for person, (rules, n) in one.items():
        others = [t for t in every if t.person != person]
        base = sum(sum(shipped(t).met) for t in others)
        print(f"tuned on {person} only (rule B, {describe(rules)}): targets met on the other two {n} (shipped {base})")
    print(
        f"in-sample best by rule B (tuned on all three, not a fair score): {describe(in_sample[0])}, "
        f"targets met {in_sample[1]}/{met['shipped'][1]}"
    )
    print(f"({len(settings())} settings x {len(every)} recordings in {grid_s:.1f} s)")
    print(f"Speed: the two-stage detector on a 6-minute 100 Hz recording in {speed():.3f} s (target < 2 s)")


def speed() -> float:
    """Best of three: seconds for ``detect_two_stage`` (wavelet candidates, gaps re-examined) on 6 minutes."""
    from supple.domain.gait import resample
    from supple.domain.gait_impact import synthetic_walk

    t, acc = synthetic_walk(seconds=360, rate_hz=100, cadence=108, seed=3)
    sig = resample(t, acc, 100.0)
    two = replace(TwoStageRules(), gap_regularity=0.6)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        detect_two_stage(sig, gait_rules().detection_rules(), two)
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    from benchmarks.gait_accuracy import DEFAULT

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    print_twostage(ap.parse_args(argv).data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
