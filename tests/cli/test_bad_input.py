"""Bad input: exit code 2, a message naming the field and what is allowed, and nothing written.

Every bad command runs once against one copy of Ann's store; `progress --json` afterwards shows
that none of them changed it.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from tests.cli.conftest import Journey
from tests.cli.runner import copy_store, output, run, write_answers
from tests.factories import baseline

Result = subprocess.CompletedProcess[str]


def knee(method: str = "tape", **left: Any) -> dict[str, Any]:
    return {"tests": {"knee-to-wall": {"method": method, "left": left or {"toe_to_wall_cm": [10]}}}}


SIX_ACTIVITIES = {
    "Putting on socks": 4,
    "Gardening": 3,
    "Walking the dog": 5,
    "Lifting a child": 2,
    "Driving": 6,
    "Cycling": 7,
}

# name: (answers file content or None, command, expected words in the message)
CASES: dict[str, tuple[Any, list[str], list[str]]] = {
    "knee-to-wall 40 cm": (
        knee(toe_to_wall_cm=[40]),
        ["assess"],
        ["tests.knee-to-wall.left.toe_to_wall_cm", "40", "0 to 30 cm"],
    ),
    "four trials": (
        knee(toe_to_wall_cm=[10, 10.5, 10, 11]),
        ["assess"],
        ["tests.knee-to-wall.left.toe_to_wall_cm", "4 tries", "1 to 3 tries"],
    ),
    "unknown test id": (
        {"tests": {"toe-touch": {"method": "tape", "values": {"reach_cm": [10]}}}},
        ["assess"],
        ["tests.toe-touch", "not a test Supple knows", "knee-to-wall"],
    ),
    "unknown metric": (
        knee(heel_height_cm=[10]),
        ["assess"],
        ["heel_height_cm", "not a measurement of this test", "toe_to_wall_cm"],
    ),
    "wrong method for the metric": (
        knee("phone"),
        ["assess"],
        ["tests.knee-to-wall.method", "‘phone’ is not one of the choices", "tape, camera, estimate"],
    ),
    "unknown key": (
        {"tests": {"knee-to-wall": {**knee()["tests"]["knee-to-wall"], "colour": "red"}}},
        ["assess"],
        ["tests.knee-to-wall.colour", "‘colour’ is not something Supple asks for"],
    ),
    "pain 11 in baseline": (baseline(now=11), ["baseline"], ["pain.now", "11", "0 to 10 points"]),
    "six activities": (baseline(**SIX_ACTIVITIES), ["baseline"], ["activities", "6 activities", "at most 5"]),
    "minutes 45": (None, ["profile", "set", "--minutes", "45", "--days", "3"], ["--minutes: 45", "5 to 30 minutes"]),
    "days 9 names the option": (None, ["profile", "set", "--days", "9"], ["--days: 9 is too high", "1 to 7 days"]),
    "check-in pain 11 names the option": (None, ["checkin", "--pain", "11"], ["--pain: 11 is too high", "0 to 10"]),
    "answers file does not exist": (
        None,
        ["assess", "--answers", "{folder}/nowhere.yaml"],
        ["--answers", "file not found", "nowhere.yaml"],
    ),
    "file is not YAML": ("pain: {now: 4, average_24h: [5\n", ["baseline"], ["--answers", "not valid YAML or JSON"]),
    "YAML list instead of a mapping": (["knee-to-wall", 10], ["assess"], ["--answers", "must hold a mapping"]),
    "duplicate profile name": (None, ["profile", "create", "ann"], ["ann", "already exists"]),
}


@pytest.fixture(scope="module")
def rejected(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Result], Result]:
    folder = tmp_path_factory.mktemp("bad-input")
    copy_store(journey.snapshot, folder)
    results: dict[str, Result] = {}
    for n, (name, (content, command, _)) in enumerate(CASES.items()):
        args = [a.replace("{folder}", str(folder)) for a in command]
        if isinstance(content, str):
            path = folder / f"case{n}.yaml"
            path.write_text(content, encoding="utf-8")
            args += ["--answers", str(path)]
        elif content is not None:
            args += ["--answers", write_answers(folder / f"case{n}.yaml", content)]
        results[name] = run(folder, *args)
    return results, run(folder, "progress", "--json")


@pytest.mark.parametrize("case", CASES)
def test_bad_input_exits_with_code_2_and_names_the_field_and_what_is_allowed(
    rejected: tuple[dict[str, subprocess.CompletedProcess[str]], subprocess.CompletedProcess[str]], case: str
) -> None:
    result = rejected[0][case]
    assert result.returncode == 2, output(result)
    message = output(result)
    assert message.startswith("Error:") or "Error:" in result.stderr
    for words in CASES[case][2]:
        assert words in message, f"{words!r} missing from: {message}"
    if CASES[case][0] is None and any(a.startswith("--") for a in CASES[case][1]):  # typed options, no file
        assert "[" not in message, f"an internal field path in: {message}"


def test_no_bad_input_shows_a_traceback_or_an_internal_error(
    rejected: tuple[dict[str, subprocess.CompletedProcess[str]], subprocess.CompletedProcess[str]],
) -> None:
    for result in rejected[0].values():
        text = result.stdout + result.stderr
        assert "Traceback" not in text
        assert "something went wrong inside Supple" not in text


def test_nothing_from_the_rejected_input_was_written(
    rejected: tuple[dict[str, subprocess.CompletedProcess[str]], subprocess.CompletedProcess[str]],
) -> None:
    after = rejected[1]
    assert after.returncode == 0, after.stderr  # still exactly one profile: no --profile needed
    report = json.loads(after.stdout)
    assert report["tests"]
    assert all(t["latest"] is None for t in report["tests"])  # no second set of test results
    assert len(report["pain_history"]) == 1  # only the original baseline
    assert report["adherence"]["planned_per_week"] == 5  # --days 3 went with the refused --minutes 45
