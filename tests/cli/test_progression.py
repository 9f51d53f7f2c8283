"""Pain-guided progression through `log` and `checkin`: green steps up, red steps back, two reds pause."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Journey
from tests.cli.runner import a_night_passes, copy_store, output, run, write_answers
from tests.factories import screen_answers, session_log

Result = subprocess.CompletedProcess[str]
EXERCISE = "half-kneeling-hip-flexor-stretch"  # the stiff hips' first exercise (a hold)


def planned(routine: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    return next(item for item in routine["items"] if item["exercise_id"] == exercise_id)


@pytest.fixture(scope="module")
def course(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Two good sessions, then two that flare the pain, each followed by a next-morning check-in."""
    folder = tmp_path_factory.mktemp("progression")
    copy_store(journey.snapshot, folder)
    green = write_answers(folder / "green.yaml", session_log([EXERCISE], pain_during=1, pain_before=2))
    red = write_answers(folder / "red.yaml", session_log([EXERCISE], pain_during=8, pain_before=2))
    clean = write_answers(folder / "clean.yaml", screen_answers())
    steps: dict[str, Result] = {}
    for name, args in [
        ("log 1", ["log", "--answers", green]),
        ("checkin 1", ["checkin", "--pain", "1"]),
        ("log 2", ["log", "--answers", green]),
        ("checkin 2", ["checkin", "--pain", "1"]),
        ("plan after greens", ["plan", "--json"]),
        ("log 3", ["log", "--answers", red]),
        ("checkin 3", ["checkin", "--pain", "4"]),
        ("log 4 before screening again", ["log", "--answers", red]),
        ("screen after red", ["screen", "--answers", clean]),
        ("log 4", ["log", "--answers", red]),
        ("checkin 4", ["checkin", "--pain", "4"]),
        ("log 5", ["log", "--answers", green]),
    ]:
        if name.startswith("checkin"):
            a_night_passes(folder)  # the check-in opens the next morning
        steps[name] = run(folder, *args)
    return steps


def test_the_exercise_is_in_todays_plan_before_any_session(journey: Journey) -> None:
    assert planned(journey.plan(), EXERCISE)["dose"]["kind"] == "hold"


@pytest.mark.parametrize(
    "step", ["log 1", "checkin 1", "log 2", "checkin 2", "log 3", "checkin 3", "log 4", "checkin 4"]
)
def test_every_session_and_checkin_of_the_course_is_accepted(
    course: dict[str, subprocess.CompletedProcess[str]], step: str
) -> None:
    assert course[step].returncode == 0, course[step].stderr


def test_a_session_stays_amber_until_the_next_morning_checkin(
    course: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert f"{EXERCISE}: amber" in output(course["log 1"])
    assert f"{EXERCISE}: green" in output(course["checkin 1"])
    assert "1 of 2 good sessions" in output(course["checkin 1"])


def test_two_green_sessions_step_the_exercise_up(course: dict[str, subprocess.CompletedProcess[str]]) -> None:
    text = output(course["checkin 2"])
    assert f"{EXERCISE}: green" in text
    assert "2 good sessions in a row, so it steps up to" in text


def test_after_two_green_sessions_the_plan_gives_a_bigger_dose_of_that_exercise(
    journey: Journey, course: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    before = planned(journey.plan(), EXERCISE)
    routine = json.loads(course["plan after greens"].stdout)["routine"]
    after = planned(routine, EXERCISE)
    assert after["dose"]["hold_s"] > before["dose"]["hold_s"]
    assert after["dose"]["sets"] >= before["dose"]["sets"], (before["dose"], after["dose"])
    assert after["seconds"] > before["seconds"]
    assert routine["total_seconds"] <= routine["budget_seconds"]


def test_the_stepped_up_dose_in_the_plan_is_the_one_the_checkin_announced(
    course: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    after = planned(json.loads(course["plan after greens"].stdout)["routine"], EXERCISE)["dose"]
    each = " each side" if after["sides"] == "each" else ""
    label = f"{after['sets']} × {after['hold_s']} s hold{each}"
    assert f"steps up to {label}" in output(course["checkin 2"])


def test_after_a_red_session_the_full_safety_screen_comes_before_the_next_session(
    course: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    refused = course["log 4 before screening again"]
    assert refused.returncode != 0
    assert "red one" in output(refused)
    assert "supple screen" in output(refused)
    assert course["screen after red"].returncode == 0


def test_a_red_session_steps_the_exercise_back_and_says_why(
    course: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    text = output(course["checkin 3"])
    assert f"{EXERCISE}: red" in text
    assert "it flared your pain, so it steps back to" in text
    assert "Program paused" not in text


def test_two_red_sessions_in_a_row_pause_the_program(course: dict[str, subprocess.CompletedProcess[str]]) -> None:
    text = output(course["checkin 4"])
    assert "Program paused: 2 sessions in a row flared your pain." in text
    assert "see a doctor or physiotherapist" in text


def test_a_paused_program_refuses_the_next_session_with_exit_code_3(
    course: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = course["log 5"]
    assert result.returncode == 3
    assert "Your program is paused" in output(result)
    assert "profile clear --clinician" in output(result)


def test_a_nerve_symptom_in_a_log_pauses_the_program_at_once(assessed_store: Path) -> None:
    data = session_log([EXERCISE, "couch-stretch"], pain_during=1, pain_before=2, nerve=(EXERCISE,))
    first = run(assessed_store, "log", "--answers", write_answers(assessed_store / "nerve.yaml", data))
    assert first.returncode == 0, first.stderr
    assert f"{EXERCISE}: red" in output(first)
    assert "Program paused" in output(first)
    assert "pins and needles" in output(first)
    clean = session_log([EXERCISE], pain_during=1, pain_before=2)
    second = run(assessed_store, "log", "--answers", write_answers(assessed_store / "clean.yaml", clean))
    assert second.returncode == 3
    assert "Your program is paused" in output(second)
