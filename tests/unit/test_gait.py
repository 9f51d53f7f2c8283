"""Steps, cadence and impact from synthetic lower-back walks, and the rules behind the numbers shown."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pytest

from supple.catalogue.gait import gait_rules
from supple.domain.gait import G, Signal, detect, resample
from supple.domain.gait_impact import ImpactRules, analyse, matched, real_change, repeatability, synthetic_walk
from tests.gait_files import true_steps


def _sig(t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64], rate: float) -> Signal:
    return resample(t, acc, rate)


@pytest.mark.parametrize("cadence", [90, 110, 125])
def test_a_steady_walk_gives_its_steps_within_3_percent_and_its_cadence_within_2_steps_per_minute(
    cadence: float,
) -> None:
    t, acc = synthetic_walk(120, 100, cadence, seed=4)
    result = analyse(detect(_sig(t, acc, 100)))
    expected = true_steps(120, cadence)
    assert abs(result.steps - expected) <= 0.03 * expected
    assert result.cadence is not None
    assert abs(result.cadence - cadence) <= 2


def test_standing_still_gives_no_walking_bout() -> None:
    t = np.arange(0, 60, 0.01)
    rng = np.random.default_rng(0)
    acc = np.column_stack([G + rng.normal(0, 0.05, len(t)), rng.normal(0, 0.05, len(t)), rng.normal(0, 0.05, len(t))])
    det = detect(_sig(t, acc, 100))
    assert det.bouts == ()
    assert analyse(det).no_impact_reason == "no-walking"


def test_the_impact_after_heel_strike_is_reported_in_g_with_gravity_included() -> None:
    t, acc = synthetic_walk(90, 100, 110, seed=2, impact_g=1.6)
    imp = analyse(detect(_sig(t, acc, 100))).impact
    assert imp is not None
    assert 1.5 <= imp.mean_g <= 2.0  # the heel-strike peak of about 1.6 g rides on the walking sway
    assert len(imp.per_step_g) == len(detect(_sig(t, acc, 100)).contacts)
    assert imp.weighted_steps == pytest.approx(sum(imp.per_step_g), rel=1e-3)


def test_a_stronger_heel_strike_gives_a_higher_impact_at_the_same_cadence() -> None:
    soft = analyse(detect(_sig(*synthetic_walk(90, 100, 110, seed=2, impact_g=1.3), 100))).impact
    hard = analyse(detect(_sig(*synthetic_walk(90, 100, 110, seed=2, impact_g=1.8), 100))).impact
    assert soft is not None
    assert hard is not None
    assert hard.matched_g - soft.matched_g > 0.3


def test_impact_is_compared_at_110_steps_per_minute_with_7_percent_per_10_steps() -> None:
    rules = ImpactRules(per_10_spm=0.07, reference_cadence=110)
    assert matched(1.5, 110, rules) == pytest.approx(1.5)
    assert matched(1.5, 120, rules) == pytest.approx(1.5 / 1.07)
    assert matched(1.5, 90, rules) == pytest.approx(1.5 * 1.07**2)


def test_the_two_sides_are_compared_by_alternate_steps() -> None:
    # one foot lands with 0.6 g x 1.25, the other with 0.6 g x 0.75 above the rest of the signal
    limping = analyse(detect(_sig(*synthetic_walk(90, 100, 110, seed=2, impact_g=1.6, asymmetry=0.25), 100))).impact
    even = analyse(detect(_sig(*synthetic_walk(90, 100, 110, seed=2, impact_g=1.6, asymmetry=0.0), 100))).impact
    assert limping is not None
    assert even is not None
    assert limping.side_ratio is not None
    assert even.side_ratio is not None
    assert limping.side_ratio > 1.12
    assert even.side_ratio < 1.05


def test_below_about_100_samples_per_second_there_are_steps_and_cadence_but_no_impact() -> None:
    t, acc = synthetic_walk(90, 60, 110, seed=5)
    result = analyse(detect(_sig(t, acc, 60)))
    assert result.impact is None
    assert result.no_impact_reason == "slow-rate"
    assert abs(result.steps - true_steps(90, 110)) <= 0.03 * true_steps(90, 110)


def test_a_pocket_recording_gives_steps_and_cadence_only() -> None:
    t, acc = synthetic_walk(90, 100, 110, seed=5)
    result = analyse(detect(_sig(t, acc, 100), gait_rules().detection_rules("pocket")), placement="pocket")
    assert result.impact is None
    assert result.no_impact_reason == "pocket"
    assert result.steps > 0.9 * true_steps(90, 110)


def test_the_minimal_detectable_change_follows_weir_from_two_trials_per_person() -> None:
    # SEM = sqrt(mean(d^2) / 2); MDC95 = 1.96 * sqrt(2) * SEM (Weir 2005)
    measured = repeatability({"a": {"Trial1": 1.5, "Trial2": 1.4}, "b": {"Trial1": 1.3, "Trial2": 1.4}})
    assert measured is not None
    sem, mdc, people = measured
    assert people == 2
    assert sem == pytest.approx(math.sqrt(0.01 / 2))
    assert mdc == pytest.approx(1.96 * math.sqrt(2) * math.sqrt(0.005))
    assert repeatability({"a": {"Trial1": 1.5}}) is None


def test_a_change_counts_only_beyond_the_measured_noise() -> None:
    mdc = gait_rules().repeatability.mdc_g
    assert not real_change(1.40, 1.40 + mdc * 0.9, mdc)
    assert real_change(1.40, 1.40 + mdc * 1.1, mdc)


def test_the_gait_rules_cite_a_source_for_every_number() -> None:
    rules = gait_rules()
    for part in (
        rules.detection,
        rules.pocket,
        rules.impact,
        rules.cadence_matching,
        rules.repeatability,
        rules.limits,
    ):
        assert part.source.ref
    assert rules.cadence_matching.per_10_spm == 0.07
    assert rules.impact_rules().min_rate_hz == rules.impact.min_rate_hz


def test_a_6_minute_recording_is_analysed_without_error_and_counts_every_step() -> None:
    t, acc = synthetic_walk(360, 100, 108, seed=3)
    result = analyse(detect(_sig(t, acc, 100)))
    assert abs(result.steps - true_steps(360, 108)) <= 0.03 * true_steps(360, 108)


def test_the_unit_is_told_from_the_size_of_gravity() -> None:
    from supple.domain.gait import to_ms2, unit_of

    still_g = np.tile([0.0, 0.0, 1.0], (10, 1)).astype(np.float64)
    assert unit_of(still_g) == "g"
    assert unit_of(still_g * G) == "m/s2"
    assert unit_of(still_g * 0.1) is None  # movement without gravity
    assert unit_of(still_g * 100) is None
    assert to_ms2(still_g, "g")[0, 2] == pytest.approx(9.80665)
