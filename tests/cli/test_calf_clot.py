"""A calf that may hold a clot, through the terminal: 'get seen today' stops the program (exit code 3)."""

from __future__ import annotations

import subprocess

import pytest

from tests.cli.conftest import Journey
from tests.cli.runner import copy_store, output, run, write_answers
from tests.factories import screen_answers

Result = subprocess.CompletedProcess[str]
TODAY = "Stop. Please get seen by a doctor today."


@pytest.fixture(scope="module")
def calf(journey: Journey, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Result]:
    folder = tmp_path_factory.mktemp("calf")
    copy_store(journey.snapshot, folder)
    answers = write_answers(folder / "calf.yaml", screen_answers(yes=("leg-symptoms", "calf-clot")))
    return {
        "template": run(folder, "screen", "--template"),
        "screen": run(folder, "screen", "--answers", answers),
        "plan": run(folder, "plan"),
    }


def test_a_calf_yes_stops_with_exit_code_3_and_says_get_seen_today(calf: dict[str, Result]) -> None:
    shown = output(calf["screen"])
    assert calf["screen"].returncode == 3
    assert TODAY in shown
    assert "urgent same-day appointment" in shown
    assert "blood clot" in shown


def test_after_a_calf_yes_the_routine_is_refused_until_a_clearance(calf: dict[str, Result]) -> None:
    assert calf["plan"].returncode == 3
    assert TODAY in output(calf["plan"])


def test_the_answers_template_asks_the_calf_once_after_the_leg_question(calf: dict[str, Result]) -> None:
    text = calf["template"].stdout
    assert text.index("leg-symptoms:") < text.index("calf-clot:")
    assert "calf_swelling" not in text


def test_a_clearance_needs_the_day_seen_and_refuses_one_in_the_future(
    journey: Journey, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from datetime import date, timedelta

    folder = tmp_path_factory.mktemp("calf-clear")
    copy_store(journey.snapshot, folder)
    run(
        folder,
        "screen",
        "--answers",
        write_answers(folder / "c.yaml", screen_answers(yes=("leg-symptoms", "calf-clot"))),
    )
    missing = run(folder, "profile", "clear", "--clinician", "Dr Shah")
    assert missing.returncode == 2
    assert "--seen-on" in output(missing)
    future = (date.today() + timedelta(days=1)).isoformat()
    late = run(folder, "profile", "clear", "--clinician", "Dr Shah", "--seen-on", future)
    assert late.returncode == 2
    assert "seen_on" in output(late) or "day" in output(late)
    assert "in the future" in output(late)
    short = run(folder, "profile", "clear", "--clinician", "Jo", "--seen-on", date.today().isoformat())
    assert short.returncode == 2
    assert "3 to 120 characters" in output(short)
    ok = run(folder, "profile", "clear", "--clinician", "Dr Shah", "--seen-on", date.today().isoformat())
    assert ok.returncode == 0, ok.stderr
    assert f"cleared by Dr Shah, seen on {date.today().isoformat()}" in output(ok)
