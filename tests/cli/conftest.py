"""The first week of one person, run once through the installed CLI and shared by the CLI tests.

Starting the CLI costs about two seconds, so the journey is played once per test run: the
happy-path tests read its steps, and other tests start from a copy of the store as it was
right after the first assessment (`assessed_store`).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.cli.runner import copy_store, run, write_answers
from tests.factories import baseline, evening, screen_answers, session_log, stiff_person_tests

Result = subprocess.CompletedProcess[str]


@dataclass
class Journey:
    folder: Path
    snapshot: Path  # the store right after the first assessment, before any session
    steps: dict[str, Result] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)

    def plan(self) -> dict[str, Any]:
        """plan --json as it was on the snapshot."""
        routine: dict[str, Any] = json.loads(self.steps["plan --json"].stdout)["routine"]
        return routine


def fill_template(template_text: str, tests: dict[str, Any]) -> dict[str, Any]:
    """What a person does with the template: fill in some tests and leave the rest empty."""
    answers: dict[str, Any] = yaml.safe_load(template_text)
    for test_id, entry in tests.items():
        slot = answers["tests"][test_id]
        slot["method"] = entry["method"]
        for side in ("left", "right", "values"):
            if side in entry:
                slot[side].update(entry[side])
    return answers


@pytest.fixture(scope="session")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Journey:
    folder = tmp_path_factory.mktemp("journey")
    j = Journey(folder, folder / "snapshot")

    def step(name: str, *args: str) -> Result:
        j.steps[name] = run(folder, *args)
        return j.steps[name]

    step("profile create", "profile", "create", "Ann", "--birth-year", "1980")
    step("screen", "screen", "--answers", write_answers(folder / "screen.yaml", screen_answers()))
    step("baseline", "baseline", "--answers", write_answers(folder / "baseline.json", baseline()))
    template = step("assess --template", "assess", "--template")
    filled = fill_template(template.stdout, stiff_person_tests()["tests"])
    filled["taken_on"] = (date.today() - timedelta(days=28)).isoformat()  # the re-test is due today
    j.files["assessment"] = folder / "assessment.yaml"
    step("assess", "assess", "--answers", write_answers(j.files["assessment"], filled))
    copy_store(folder, j.snapshot)
    step("plan", "plan")
    plan = step("plan --json", "plan", "--json")
    ids = [item["exercise_id"] for item in json.loads(plan.stdout)["routine"]["items"]] if plan.returncode == 0 else []
    j.files["log"] = folder / "session.yaml"
    # The session two evenings ago, so that its next-morning check-in is open whatever the time of the run.
    log = session_log(ids, pain_during=2, pain_before=3, started_at=evening(days_ago=2))
    step("log", "log", "--answers", write_answers(j.files["log"], log))
    step("checkin", "checkin", "--pain", "3")
    retest = {
        "tests": {
            "knee-to-wall": {
                "method": "tape",
                "left": {"toe_to_wall_cm": [11.5]},
                "right": {"toe_to_wall_cm": [10, 10.5, 10]},
            }
        }
    }
    step("second assess", "assess", "--answers", write_answers(folder / "retest.yaml", retest))
    step("progress", "progress")
    step("progress --json", "progress", "--json")
    return j


@pytest.fixture
def assessed_store(journey: Journey, tmp_path: Path) -> Path:
    """A private copy of Ann's store: screened, baseline and first tests recorded, no session yet."""
    copy_store(journey.snapshot, tmp_path)
    return tmp_path
