"""The first week through the terminal: profile, screen, baseline, tests, plan, session, check-in, progress."""

from __future__ import annotations

import json
import re

import pytest

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Unit
from tests.cli.conftest import Journey
from tests.cli.runner import flat, output


@pytest.mark.parametrize(
    "step",
    [
        "profile create",
        "screen",
        "baseline",
        "assess --template",
        "assess",
        "plan",
        "plan --json",
        "log",
        "checkin",
        "second assess",
        "progress",
        "progress --json",
    ],
)
def test_each_step_of_the_first_week_exits_with_code_0(journey: Journey, step: str) -> None:
    result = journey.steps[step]
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr


def test_the_assess_template_lists_every_test_id_with_its_unit_and_range(
    journey: Journey, catalogue: Catalogue
) -> None:
    text = journey.steps["assess --template"].stdout
    lines = text.splitlines()
    for test in catalogue.tests.values():
        assert f"  {test.id}:" in lines, test.id
        for metric in test.metrics:
            unit = "degrees" if metric.unit is Unit.DEG else metric.unit.label
            span = "1 = yes, 0 = no" if metric.unit is Unit.PASS_FAIL else f"{metric.min:g} to {metric.max:g}"
            assert f"{metric.id}: {metric.label}; {unit}, {span};" in text, metric.id
    assert "knee-to-wall" in text
    assert "toe_to_wall_cm: Toe-to-wall distance; cm, 0 to 30;" in text


def test_a_filled_copy_of_the_template_is_scored_region_by_region(journey: Journey) -> None:
    text = output(journey.steps["assess"])
    assert re.search(r"Ankles\W+restricted", text)
    assert re.search(r"Hips\W+restricted", text)
    assert re.search(r"Mid back\W+borderline", text)
    assert "right knee-to-wall (toe-to-wall distance) 6.17 cm, below the 9 cm threshold" in text  # details: exact
    assert "Next: supple plan" in text


def test_the_plan_gives_the_reason_for_every_exercise(journey: Journey) -> None:
    text = flat(journey.steps["plan"].stdout)
    items = journey.plan()["items"]
    assert len(items) >= 3
    assert text.count("Why:") == len(items)
    for item in items:
        assert f"({item['exercise_id']})" in text
        assert f"Why: {flat(item['reason'])}" in text
    assert "below the 9 cm threshold" in text


def test_plan_json_is_valid_and_fits_the_time_budget(journey: Journey) -> None:
    data = json.loads(journey.steps["plan --json"].stdout)
    routine = data["routine"]
    assert data["profile"] == "Ann"
    assert routine["items"]
    assert all(item["reason"].strip() for item in routine["items"])
    assert routine["total_seconds"] == sum(item["seconds"] for item in routine["items"])
    assert 0 < routine["total_seconds"] <= routine["budget_seconds"] == 15 * 60
    ids = [item["exercise_id"] for item in routine["items"]]
    assert len(ids) == len(set(ids))
    assert "foam-roller-thoracic-extension" in ids  # mid-back extension is in every routine


def test_logging_the_routine_saves_a_session_with_a_provisional_light_per_exercise(journey: Journey) -> None:
    text = output(journey.steps["log"])
    assert "Session 1 saved." in text
    for item in journey.plan()["items"]:
        assert f"{item['exercise_id']}: amber" in text
    assert "supple checkin" in text


def test_the_next_morning_checkin_settles_the_session(journey: Journey) -> None:
    text = output(journey.steps["checkin"])
    assert "Check-in saved." in text
    assert "good sessions before the next step" in text
    assert ": green" in text


def test_progress_after_a_second_assessment_separates_real_change_from_measurement_error(journey: Journey) -> None:
    text = output(journey.steps["progress"])
    assert "Progress for Ann" in text
    assert "real change" in text
    assert "within measurement error" in text
    assert "re-test to compare" in text  # tests not repeated the second time
    assert "Sessions: 1 session so far, in your first week." in text  # the same sentence as the page and the report


def test_progress_json_has_a_verdict_for_each_retested_side(journey: Journey) -> None:
    report = json.loads(journey.steps["progress --json"].stdout)
    knee = {t["side"]: t for t in report["tests"] if t["metric_id"] == "toe_to_wall_cm"}
    assert knee["right"]["change"]["verdict"] == "real improvement"
    assert knee["right"]["change"]["change"] == pytest.approx(4.0)
    assert knee["left"]["change"]["verdict"] == "within measurement error"
    others = [t for t in report["tests"] if t["test_id"] != "knee-to-wall"]
    assert others
    assert all(t["change"] is None and t["latest"] is None for t in others)
    assert report["adherence"]["sessions"] == 1
    assert len(report["pain_history"]) == 1
    assert report["recent_changes"]


def test_the_plan_names_the_strength_days_and_what_the_strength_work_is(journey: Journey) -> None:
    text = flat(journey.steps["plan"].stdout)
    routine = journey.plan()
    assert routine["strength"], "a 5-day routine has room for strength work"
    assert "Strength:" in text
    days = {0: "Monday", 1: "Tuesday", 2: "Wednesday", 3: "Thursday", 4: "Friday", 5: "Saturday", 6: "Sunday"}
    assert all(days[d] in text.split("Strength:")[1] for d in routine["strength_days"])
