"""Safety through the terminal: red flags stop with exit code 3 and lock the program until a clinician clears it."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import Journey
from tests.cli.runner import copy_store, output, run, write_answers
from tests.factories import screen_answers, session_log, short_screen

Result = subprocess.CompletedProcess[str]
EMERGENCY = "Stop. Get emergency medical care now."
INFLAMMATORY = (
    "pain-over-3-months",
    "onset-before-40",
    "gradual-onset",
    "better-with-exercise",
    "not-better-with-rest",
)


@pytest.fixture(scope="module")
def emergency(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Ann answers yes to saddle numbness, tries to carry on, is cleared by a doctor and screens again."""
    folder = tmp_path_factory.mktemp("emergency")
    copy_store(journey.snapshot, folder)
    return {
        "screen": run(
            folder, "screen", "--answers", write_answers(folder / "red.yaml", screen_answers(yes=("saddle-numbness",)))
        ),
        "plan": run(folder, "plan"),
        "log": run(folder, "log", "--answers", write_answers(folder / "log.yaml", session_log(["couch-stretch"]))),
        "assess": run(folder, "assess", "--answers", str(journey.files["assessment"])),
        "clear": run(folder, "profile", "clear", "--clinician", "Dr X", "--seen-on", date.today().isoformat()),
        "screen again": run(folder, "screen", "--answers", write_answers(folder / "clean.yaml", screen_answers())),
        "plan again": run(folder, "plan"),
        "progress": run(folder, "progress", "--json"),
    }


def test_an_emergency_answer_stops_with_exit_code_3_and_says_to_get_emergency_care(
    emergency: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    result = emergency["screen"]
    assert result.returncode == 3
    text = output(result)
    assert EMERGENCY in text
    assert "emergency department" in text
    assert "call 999" in text
    assert "call 112" in text  # the European number, next to the UK and US ones
    assert "cauda equina" in text
    assert "Next: supple baseline" not in text


@pytest.mark.parametrize("command", ["plan", "log", "assess"])
def test_after_an_emergency_the_program_refuses_with_exit_code_3(
    emergency: dict[str, subprocess.CompletedProcess[str]], command: str
) -> None:
    result = emergency[command]
    assert result.returncode == 3
    assert EMERGENCY in output(result)
    assert "profile clear --clinician NAME --seen-on YYYY-MM-DD" in output(result)


def test_nothing_is_recorded_while_the_program_is_locked(
    emergency: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    report = json.loads(emergency["progress"].stdout)
    assert report["adherence"]["sessions"] == 0
    assert all(t["latest"] is None for t in report["tests"])  # the refused assessment was not stored


def test_a_clinicians_clearance_and_a_clean_screen_unlock_the_program(
    emergency: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert emergency["clear"].returncode == 0
    assert "cleared by Dr X" in output(emergency["clear"])
    assert emergency["screen again"].returncode == 0
    assert "No warning signs" in output(emergency["screen again"])
    assert emergency["plan again"].returncode == 0
    assert "Today's routine for Ann" in output(emergency["plan again"])


def test_a_fever_is_urgent_and_locks_the_program(assessed_store: Path) -> None:
    answers = write_answers(assessed_store / "fever.yaml", screen_answers(yes=("fever",)))
    screen = run(assessed_store, "screen", "--answers", answers)
    assert screen.returncode == 3
    assert "see a doctor today or tomorrow" in output(screen)
    assert "locked" in output(screen)
    plan = run(assessed_store, "plan")
    assert plan.returncode == 3
    assert "see a doctor today or tomorrow" in output(plan)


def test_an_inflammatory_pattern_advises_a_doctor_but_does_not_lock(assessed_store: Path) -> None:
    answers = write_answers(assessed_store / "asas.yaml", screen_answers(yes=INFLAMMATORY))
    screen = run(assessed_store, "screen", "--answers", answers)
    assert screen.returncode == 0, screen.stderr
    assert "Please arrange to see your doctor in the next few weeks." in output(screen)
    assert "inflammatory back pain" in output(screen)
    plan = run(assessed_store, "plan")
    assert plan.returncode == 0, plan.stderr
    assert "Today's routine for Ann" in output(plan)


def test_a_person_under_18_is_refused_with_exit_code_2_naming_the_field_range_and_unit(tmp_path: Path) -> None:
    year = date.today().year
    created = run(tmp_path, "profile", "create", "Sam", "--birth-year", str(year - 15))
    assert created.returncode == 2
    shown = output(created)
    assert "birth" in shown.lower()
    assert "Supple is made for adults" in shown
    assert f"a year from {year - 120} to {year - 18}, that is an age of 18 to 120 years" in shown
    listed = run(tmp_path, "profile", "list")
    assert "No profiles yet" in listed.stdout  # nothing stored
    assert "Sam" not in listed.stdout


def test_an_emergency_answer_in_the_session_screen_of_log_stops_and_records_no_session(assessed_store: Path) -> None:
    data = session_log(["couch-stretch", "bent-knee-calf-stretch"], screen_yes=("saddle-numbness",))
    log = run(assessed_store, "log", "--answers", write_answers(assessed_store / "log.yaml", data))
    assert log.returncode == 3
    assert EMERGENCY in output(log)
    assert re.search(r"Session \d+ saved", output(log)) is None
    report = json.loads(run(assessed_store, "progress", "--json").stdout)
    assert report["adherence"]["sessions"] == 0


def test_a_log_whose_screen_only_answers_the_emergency_question_still_stops_with_exit_code_3(
    assessed_store: Path,
) -> None:
    data = {**session_log(["couch-stretch"]), "screen": {"saddle-numbness": True}}
    assert set(short_screen()) > {"saddle-numbness"}  # the other questions are left out
    log = run(assessed_store, "log", "--answers", write_answers(assessed_store / "log.yaml", data))
    assert log.returncode == 3, output(log)[:200]
    assert EMERGENCY in output(log)


def test_a_screen_file_that_only_answers_yes_to_an_emergency_question_still_stops_with_exit_code_3(
    assessed_store: Path,
) -> None:
    answers = write_answers(assessed_store / "screen.yaml", {"red_flags": {"saddle-numbness": True}})
    screen = run(assessed_store, "screen", "--answers", answers)
    assert screen.returncode == 3, output(screen)[:200]
    assert EMERGENCY in output(screen)


def test_a_screen_file_may_leave_out_the_if_so_questions_after_a_no(journey: Journey, tmp_path: Path) -> None:
    copy_store(journey.snapshot, tmp_path)
    answers = screen_answers()
    answers["red_flags"] = {k: v for k, v in answers["red_flags"].items() if k not in ("very-unwell", "trauma-severe")}
    result = run(tmp_path, "screen", "--answers", write_answers(tmp_path / "s.yaml", answers))
    assert result.returncode == 0, output(result)
    assert "No warning signs" in output(result)
