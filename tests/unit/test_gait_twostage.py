"""The two-stage detector: strict bouts, then weaker contacts next to them, on generated signals with known steps."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from supple.domain.gait import Bout, DetectionRules, G, Signal, detect, resample
from supple.domain.gait_impact import synthetic_walk
from supple.domain.gait_twostage import TwoStageRules, chain, detect_two_stage, retime, thin, walks

RATE = 100.0
STRICT = DetectionRules()
STRONG = np.arange(6.0, 14.0, 0.55)  # a clear walk: 15 heel strikes 0.55 s apart
LEAD_IN = np.array([4.7, 5.4])  # two weak first steps
LEAD_OUT = np.array([14.3, 15.0])  # two weak last steps
SHUFFLE = np.array([24.0, 24.9, 25.5, 26.3])  # weak, uneven steps 8 s after the walk
Arr = npt.NDArray[np.float64]


def _signal(strong: Arr, weak: Arr, seconds: float = 30.0) -> Signal:
    """Heel strikes as bumps of 4 m/s² (strong) or 0.6 m/s² (weak) on the vertical axis, with sensor noise."""
    t = np.arange(0, seconds, 1 / RATE)
    vert = np.zeros_like(t)
    for c in strong:
        vert += 4.0 * np.exp(-0.5 * ((t - c) / 0.06) ** 2)
    for c in weak:
        vert += 0.6 * np.exp(-0.5 * ((t - c) / 0.06) ** 2)
    vert -= vert.mean()
    rng = np.random.default_rng(1)
    acc = np.column_stack([G + vert, np.zeros_like(t), np.zeros_like(t)]) + rng.normal(0, 0.05, (len(t), 3))
    return Signal(RATE, acc)


def _times(contacts: tuple[int, ...]) -> Arr:
    return np.asarray(contacts, dtype=float) / RATE


def _matched(found: Arr, truth: Arr, tol: float = 0.2) -> int:
    return sum(bool(np.any(np.abs(found - c) <= tol)) for c in truth)


SIG = _signal(STRONG, np.r_[LEAD_IN, LEAD_OUT, SHUFFLE])


def test_the_strict_detector_alone_misses_the_weak_steps_at_both_ends_and_the_shuffle() -> None:
    found = _times(detect(SIG, STRICT).contacts)
    assert _matched(found, STRONG) == len(STRONG)
    assert _matched(found, np.r_[LEAD_IN, LEAD_OUT, SHUFFLE]) == 0


@pytest.mark.parametrize("wavelet", [True, False])
def test_weak_first_and_last_steps_chained_to_a_walk_are_added_each_within_0_2_s(wavelet: bool) -> None:
    two = TwoStageRules(wavelet=wavelet, floor=0.05, min_peak_ms2=0.1)
    det = detect_two_stage(SIG, STRICT, two)
    found = _times(det.contacts)
    assert _matched(found, np.r_[LEAD_IN, STRONG, LEAD_OUT]) == len(STRONG) + 4
    assert det.steps == len(STRONG) + 4  # nothing else: the shuffle is too far from the walk
    assert len(det.bouts) == 1
    assert det.bouts[0].start_s == pytest.approx(LEAD_IN[0], abs=0.2)
    assert det.bouts[0].end_s == pytest.approx(LEAD_OUT[-1], abs=0.2)


def test_weak_steps_beyond_the_margin_or_below_the_floor_are_not_added() -> None:
    strict = detect(SIG, STRICT).contacts
    assert detect_two_stage(SIG, STRICT, TwoStageRules(floor=0.05, margin_s=0.3)).contacts == strict
    assert detect_two_stage(SIG, STRICT, TwoStageRules(floor=0.5)).contacts == strict


def test_a_weak_uneven_shuffle_away_from_the_walk_counts_only_when_the_gaps_are_re_examined() -> None:
    shut = detect_two_stage(SIG, STRICT, TwoStageRules(floor=0.05))
    assert _matched(_times(shut.contacts), SHUFFLE) == 0
    two = TwoStageRules(floor=0.05, gap_regularity=0.6, gap_floor=0.05, gap_min_steps=3)
    det = detect_two_stage(SIG, STRICT, two)
    found = _times(det.contacts)
    assert _matched(found, SHUFFLE) == len(SHUFFLE)
    assert det.steps == len(STRONG) + 4 + len(SHUFFLE)
    strict_shuffle = TwoStageRules(floor=0.05, gap_regularity=0.1, gap_floor=0.05, gap_min_steps=3)
    assert _matched(_times(detect_two_stage(SIG, STRICT, strict_shuffle).contacts), SHUFFLE) == 0  # too uneven


def test_a_walk_with_fewer_strict_steps_than_the_minimum_is_dropped() -> None:
    short = _signal(STRONG[:5], np.array([]))
    assert detect(short, STRICT).steps == 5
    assert detect_two_stage(short, STRICT, TwoStageRules(min_walk_steps=6)).steps == 0
    assert detect_two_stage(short, STRICT, TwoStageRules(min_walk_steps=5)).steps == 5


def test_a_walk_with_fewer_strict_steps_than_asked_for_is_kept_but_not_extended() -> None:
    two = TwoStageRules(floor=0.05, extend_min_steps=len(STRONG) + 1)
    assert detect_two_stage(SIG, STRICT, two).contacts == detect(SIG, STRICT).contacts
    extended = detect_two_stage(SIG, STRICT, TwoStageRules(floor=0.05, extend_min_steps=len(STRONG)))
    assert extended.steps == len(STRONG) + 4


def test_retiming_moves_each_contact_to_the_nearest_candidate_and_never_changes_the_count() -> None:
    anchors = np.array([1.0, 2.0, 3.0, 3.05])
    candidates = np.array([0.9, 2.5, 3.1])
    moved = retime(anchors, candidates, 0.15)
    assert moved.tolist() == [0.9, 2.0, 3.1, 3.05]  # 2.0 has none near; 3.05's nearest is taken by 3.0
    assert retime(anchors, np.array([]), 0.15).tolist() == anchors.tolist()


def test_retiming_a_walk_keeps_its_step_count() -> None:
    strict = detect(SIG, STRICT)
    det = detect_two_stage(SIG, STRICT, TwoStageRules(margin_s=0.0, merge_gap_s=0.0, retime_s=0.15))
    assert det.steps == strict.steps
    assert _matched(_times(det.contacts), STRONG) == len(STRONG)


def test_standing_still_gives_no_steps() -> None:
    still = _signal(np.array([]), np.array([]))
    det = detect_two_stage(still, STRICT, TwoStageRules(floor=0.05, gap_regularity=0.6, gap_floor=0.05))
    assert det.steps == 0
    assert det.bouts == ()


@pytest.mark.parametrize("cadence", [80, 100, 125])
@pytest.mark.parametrize("replace_inside", [False, True])
def test_a_steady_walk_gets_one_contact_per_step_and_no_more(cadence: float, replace_inside: bool) -> None:
    t, acc = synthetic_walk(60, RATE, cadence, seed=2)
    heel_strikes = np.arange(5.0, 55.0, 60 / cadence)
    det = detect_two_stage(resample(t, acc, RATE), STRICT, TwoStageRules(replace_inside=replace_inside))
    found = _times(det.contacts)
    assert abs(det.steps - len(heel_strikes)) <= 1
    assert _matched(found, heel_strikes) >= len(heel_strikes) - 1


def test_thin_keeps_the_stronger_of_two_contacts_that_are_too_close() -> None:
    idx = np.array([100, 110, 200, 300, 320], dtype=np.int64)
    strength = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    assert thin(idx, strength, 25).tolist() == [110, 200, 300]


def test_chain_keeps_only_runs_of_short_steps_that_reach_an_anchor() -> None:
    times = np.array([1.0, 2.2, 3.0, 3.6, 6.0, 6.5])
    keep = chain(times, np.array([3.0]), max_step_s=1.5)
    assert keep.tolist() == [True, True, True, True, False, False]  # the 2.4 s gap breaks the chain
    assert not chain(times, np.array([]), 1.5).any()


def test_walks_merge_bouts_closer_than_the_gap() -> None:
    bouts = (Bout(1.0, 5.0, ()), Bout(6.5, 9.0, ()), Bout(15.0, 18.0, ()))
    assert walks(bouts, 2.0) == [(1.0, 9.0), (15.0, 18.0)]
    assert walks(bouts, 0.0) == [(1.0, 5.0), (6.5, 9.0), (15.0, 18.0)]
