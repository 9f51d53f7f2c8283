"""An answers file with several kinds of problem lists all of them in one round (exit 2), each on its
own line with the field in the person's words, its place in the file, and what is allowed with the unit.
Nothing from the validation library's inner names reaches the person."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from supple.catalogue.loader import default_catalogue
from tests.cli.conftest import Journey
from tests.cli.runner import copy_store, run, write_answers
from tests.factories import screen_answers, session_log, short_screen

Result = subprocess.CompletedProcess[str]

INTERNALS = ("function-before", "function-after", "str-enum", "Input should", ".bool", ".str", "[type=", "pydantic")

ASSESS = {
    "taken_on": "2026-02-30",
    "tests": {
        "toe-touch": {"method": "tape", "values": {"reach_cm": [10]}},
        "knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": ["ten", 40]}, "right": {"toe_to_wall_cm": [6]}},
        "seated-thoracic-rotation": {"method": "tape", "left": {"rotation_deg": [40]}},
    },
}
QUESTIONS = [q.id for q in default_catalogue().safety.questions]
SCREEN_BAD = screen_answers()
SCREEN_BAD["red_flags"] |= {QUESTIONS[0]: "maybe", "purple-toes": False}
del SCREEN_BAD["red_flags"][QUESTIONS[-1]]
SIX = {"Gardening": 12, "Golf": 2, "Cycling": 3, "Socks": 4, "Stairs": 5, "Driving": 6}
BASELINE = {"pain": {"now": "four", "average_24h": 3, "worst_24h": 11}, "activities": SIX, "mood": 2}


def log_answers() -> dict[str, Any]:
    log = session_log(["no-such-exercise"], pain_before=11)
    log["items"].append({"exercise": "adductor-rock-back", "pain_during": "lots"})
    log["screen"] = short_screen() | {"purple-toes": True}
    return log


# command: (answers, lines that must all be in the one message)
CASES: dict[str, tuple[Any, list[str]]] = {
    "assess": (
        ASSESS,
        [
            "Date of the tests [taken_on]: ‘2026-02-30’ is not a date",
            "[tests.toe-touch]: ‘toe-touch’ is not a test Supple knows. Allowed: bent-knee-fall-out",
            "Knee-to-wall (weight-bearing lunge), left side, Toe-to-wall distance, try 1 "
            "[tests.knee-to-wall.left.toe_to_wall_cm.0]: "
            "‘ten’ is not a number. Allowed: 0 to 30 cm.",
            "try 2 [tests.knee-to-wall.left.toe_to_wall_cm.1]: 40 is outside the possible range. Allowed: 0 to 30 cm.",
            "[tests.seated-thoracic-rotation.method]: ‘tape’ is not one of the choices. Allowed: phone",
        ],
    ),
    "assess-without-method": (
        {"tests": {"knee-to-wall": {"left": {"toe_to_wall_cm": ["ten", 40]}}}},
        [
            "[tests.knee-to-wall.method]: please fill this in. Allowed: tape, phone",
            "[tests.knee-to-wall.left.toe_to_wall_cm.0]: ‘ten’ is not a number. Allowed: 0 to 30 cm.",
            "[tests.knee-to-wall.left.toe_to_wall_cm.1]: 40 is outside the possible range. Allowed: 0 to 30 cm.",
        ],
    ),
    "screen": (
        SCREEN_BAD,
        [
            f"[red_flags.{QUESTIONS[0]}]: ‘maybe’ is not yes or no. Allowed: yes, no.",
            "[red_flags.purple-toes]: ‘purple-toes’ is not a question Supple asks.",
            f"[red_flags.{QUESTIONS[-1]}]: please answer yes or no. Allowed: yes, no.",
        ],
    ),
    "baseline": (
        BASELINE,
        [
            "Pain now [pain.now]: ‘four’ is not a whole number. Allowed: 0 to 10 points.",
            "[pain.worst_24h]: 11 is too high. Allowed: 0 to 10 points.",
            "Activity ‘Gardening’ [activities.Gardening]: 12 is too high. Allowed: 0 to 10 points.",
            "mood: ‘mood’ is not something Supple asks for.",
            "activities: 6 activities given: too many. Allowed: at most 5 activities.",
        ],
    ),
    "log": (
        log_answers(),
        [
            "Pain before the session [pain_before]: 11 is too high. Allowed: 0 to 10 points.",
            "Exercise 1, exercise [items.0.exercise]: ‘no-such-exercise’ is not an exercise in the library",
            "Exercise 2, pain during the exercise [items.1.pain_during]: ‘lots’ is not a whole number. "
            "Allowed: 0 to 10 points.",
            "[screen.purple-toes]: ‘purple-toes’ is not a question Supple asks.",
        ],
    ),
}


@pytest.fixture(scope="module")
def answered(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("many-problems")
    copy_store(journey.snapshot, folder)
    return {
        command: run(folder, command.split("-")[0], "--answers", write_answers(folder / f"{command}.yaml", content))
        for command, (content, _) in CASES.items()
    }


@pytest.mark.parametrize("command", CASES)
def test_a_file_with_several_kinds_of_problem_lists_every_one_in_one_round(
    answered: dict[str, subprocess.CompletedProcess[str]], command: str
) -> None:
    result = answered[command]
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("Error:") for line in lines)
    for expected in CASES[command][1]:
        assert any(expected in line for line in lines), f"{expected!r} not in:\n{result.stderr}"


@pytest.mark.parametrize("command", CASES)
def test_no_name_from_inside_the_validation_library_reaches_the_person(
    answered: dict[str, subprocess.CompletedProcess[str]], command: str
) -> None:
    text = answered[command].stdout + answered[command].stderr
    assert not [word for word in INTERNALS if word in text], text


def test_profile_create_with_a_bad_name_and_a_year_of_birth_out_of_range_names_both(tmp_path: Any) -> None:
    result = run(tmp_path, "profile", "create", "!!", "--birth-year", "1800")
    assert result.returncode == 2
    err = result.stderr
    assert "‘!!’ has characters that cannot be used. Allowed: letters, digits, spaces" in err
    assert "1 to 80 characters" in err
    assert "1800 is outside the possible range. Allowed: a year from " in err
