"""End-range selection (steadiest stretch at the peak) and rep counting on synthetic angle series."""

from __future__ import annotations

import math

import pytest

from supple.domain.reps import count_reps, fill_gaps, smooth, steadiest_peak


def test_the_end_range_is_the_steadiest_stretch_near_the_peak_not_a_momentary_spike() -> None:
    rise = [float(v) for v in range(0, 30, 3)]
    spike = [44.0, 31.0]
    jitter = [33.0, 29.0, 34.0, 28.0, 33.0]
    hold = [32.0, 32.2, 31.9, 32.1, 32.0]
    values: list[float | None] = [*rise, *spike, *jitter, *hold, 10.0]
    stretch = steadiest_peak(values, window=5, highest=True)
    assert stretch is not None
    assert values[stretch.start : stretch.end] == hold
    assert stretch.mean == pytest.approx(32.04)
    assert stretch.spread < 0.2


def test_the_lowest_end_range_is_found_for_a_hanging_thigh() -> None:
    values: list[float | None] = [5.0, 0.0, -10.0, -12.0, -12.2, -11.9, -12.1, -4.0]
    stretch = steadiest_peak(values, window=3, highest=False)
    assert stretch is not None
    assert stretch.mean == pytest.approx(-12.07, abs=0.05)


def test_frames_that_could_not_be_measured_are_never_averaged() -> None:
    values: list[float | None] = [10.0, None, 30.0, 30.0, 30.0, None, 50.0]
    stretch = steadiest_peak(values, window=3)
    assert stretch is not None
    assert (stretch.start, stretch.end, stretch.mean) == (2, 5, 30.0)
    assert steadiest_peak([None, None], window=3) is None


def test_a_clip_shorter_than_the_window_uses_all_its_measured_frames() -> None:
    stretch = steadiest_peak([20.0, None, 22.0], window=15)
    assert stretch is not None
    assert stretch.mean == 21.0


def test_gaps_are_filled_only_when_short() -> None:
    assert fill_gaps([0.0, None, None, 3.0], 2) == [0.0, 1.0, 2.0, 3.0]
    assert fill_gaps([0.0, None, None, None, 4.0], 2) == [0.0, None, None, None, 4.0]
    assert fill_gaps([None, 1.0, None], 3) == [None, 1.0, None]


def test_smoothing_keeps_missing_frames_missing() -> None:
    assert smooth([0.0, 3.0, None, 6.0], 3) == [1.5, 1.5, None, 6.0]


def wave(reps: int, fps: float, amplitude: float, *, base: float = 90.0, noise: float = 0.0) -> list[float | None]:
    frames = int(reps * 2.0 * fps) + int(fps)  # 2 s per rep, then 1 s rest
    out: list[float | None] = []
    for i in range(frames):
        t = i / fps
        phase = min(t / 2.0, reps)
        v = base + amplitude * (1 - math.cos(2 * math.pi * phase)) / 2
        out.append(v + (noise if i % 2 else -noise))
    return out


@pytest.mark.parametrize("reps", [1, 5, 8])
def test_each_out_and_back_movement_counts_once_even_with_frame_jitter(reps: int) -> None:
    result = count_reps(wave(reps, 30, 40, noise=3.0), min_amplitude=20, fps=30)
    assert result.count == reps
    assert result.high - result.low > 30


def test_small_movements_are_not_counted_as_reps() -> None:
    assert count_reps(wave(6, 30, 5), min_amplitude=8, fps=30).count == 0


def test_short_gaps_in_tracking_do_not_split_or_drop_a_rep() -> None:
    values = wave(4, 30, 30)
    for i in range(40, 46):
        values[i] = None
    assert count_reps(values, min_amplitude=8, fps=30).count == 4


def test_a_window_must_be_at_least_one_frame() -> None:
    with pytest.raises(ValueError, match="at least one frame"):
        steadiest_peak([1.0], window=0)
