"""Safety screen v2 through the terminal (issue 12 §1): the scenarios a physiotherapist would check."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import Journey
from tests.cli.runner import copy_store, output, run, write_answers
from tests.factories import screen_answers, session_log

Result = subprocess.CompletedProcess[str]
EMERGENCY = "Stop. Get emergency medical care now."


@pytest.fixture(scope="module")
def stable_legs(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    """Ann has known, stable numbness in both legs. It stops her once; her GP checks it and records it as
    stable; afterwards the questions ask if it is new or worse, and only a yes stops her again."""
    folder = tmp_path_factory.mktemp("stable")
    copy_store(journey.snapshot, folder)
    legs = write_answers(folder / "legs.yaml", screen_answers(yes=("leg-symptoms", "both-legs")))
    clean = write_answers(folder / "clean.yaml", screen_answers())
    while_locked = write_answers(folder / "locked.yaml", screen_answers())
    worse = session_log(["couch-stretch"], screen_yes=("leg-symptoms", "both-legs"))
    return {
        "screen legs": run(folder, "screen", "--answers", legs),
        "screen while locked": run(folder, "screen", "--answers", while_locked),
        "clear": run(
            folder,
            "profile",
            "clear",
            "--clinician",
            "Dr Shah",
            "--seen-on",
            date.today().isoformat(),
            "--known",
            "both-legs",
            "numbness in both feet",
            "2019",
        ),
        "screen stable": run(folder, "screen", "--answers", clean),
        "template": run(folder, "screen", "--template", "--short"),
        "log stable": run(
            folder, "log", "--answers", write_answers(folder / "ok.yaml", session_log(["couch-stretch"]))
        ),
        "log worse": run(folder, "log", "--answers", write_answers(folder / "worse.yaml", worse)),
    }


def test_a_new_symptom_in_both_legs_stops_as_an_emergency(
    stable_legs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert stable_legs["screen legs"].returncode == 3
    assert EMERGENCY in output(stable_legs["screen legs"])


def test_a_screen_answered_while_locked_never_says_go_ahead(
    stable_legs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    text = output(stable_legs["screen while locked"])
    assert stable_legs["screen while locked"].returncode == 3
    assert "go ahead" not in text
    assert "still paused" in text


def test_a_clearance_records_a_known_stable_symptom_and_the_person_can_carry_on(
    stable_legs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert stable_legs["clear"].returncode == 0, output(stable_legs["clear"])
    assert "numbness in both feet (since 2019)" in output(stable_legs["clear"])
    assert stable_legs["screen stable"].returncode == 0, output(stable_legs["screen stable"])
    assert stable_legs["log stable"].returncode == 0, output(stable_legs["log stable"])


def test_a_known_symptom_that_is_new_or_worse_still_stops_exactly_as_before(
    stable_legs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert stable_legs["log worse"].returncode == 3
    assert EMERGENCY in output(stable_legs["log worse"])


def test_the_session_questions_ask_about_new_or_worse_since_last_time(
    stable_legs: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    text = output(stable_legs["template"])
    assert "Since you last answered" in text
    assert "(only if leg-symptoms is yes) Is it in both legs?" in text


def test_a_known_symptom_must_name_a_question_a_clearance_can_cover(assessed_store: Path) -> None:
    emergency = write_answers(assessed_store / "e.yaml", screen_answers(yes=("saddle-numbness",)))
    assert run(assessed_store, "screen", "--answers", emergency).returncode == 3
    bad = run(
        assessed_store,
        "profile",
        "clear",
        "--clinician",
        "Dr X",
        "--seen-on",
        date.today().isoformat(),
        "--known",
        "fever",
        "hot",
        "2020",
    )
    assert bad.returncode != 0
    assert "is not a question a clearance can cover" in output(bad)


@pytest.mark.parametrize(
    ("yes", "locks", "words"),
    [
        (("injury", "major-trauma"), False, "No warning signs"),  # a road crash years ago
        (("injury", "injury-recent", "major-trauma"), True, "today or tomorrow"),
        (("infection-risk", "diabetes", "feel-unwell"), True, "often comes without a fever"),
        (("infection-risk", "diabetes"), False, "No warning signs"),
        (("cancer-history", "pain-new-or-changed"), True, "within a few days"),
    ],
)
def test_trauma_timing_and_infection_risk_decide_as_the_reference_says(
    assessed_store: Path, yes: tuple[str, ...], locks: bool, words: str
) -> None:
    result = run(
        assessed_store, "screen", "--answers", write_answers(assessed_store / "s.yaml", screen_answers(yes=yes))
    )
    assert result.returncode == (3 if locks else 0), output(result)
    assert words in output(result)
