"""FHIR R4 Bundle (validated by fhir.resources) and the iCalendar schedule with its secret feed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from icalendar import Calendar, vRecur

from supple.bootstrap import App
from supple.errors import InvalidInput, NotFound
from supple.services import calendar, fhir, profiles
from tests.integration.lived_in import LivedInStore, lived_in_store_fixture  # noqa: F401 (fixture)


@pytest.fixture
def ann(lived_in_store: LivedInStore, tmp_path: Path) -> Iterator[App]:
    app, _ = lived_in_store.copy(tmp_path)
    yield app
    app.engine.dispose()


def _resources(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_the_fhir_bundle_validates_and_holds_patient_pain_range_of_motion_and_function(ann: App) -> None:
    raw = fhir.to_json(fhir.bundle(ann, "Ann"))
    data = json.loads(raw)
    Bundle.model_validate(data)  # the written file parses back as a valid R4 Bundle
    assert data["type"] == "collection"
    (patient,) = _resources(data, "Patient")
    assert patient["name"][0]["text"] == "Ann"
    assert patient["birthDate"] == "1970"
    observations = _resources(data, "Observation")
    pain = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    assert [o["valueQuantity"]["value"] for o in pain] == [5, 2]
    assert [c["valueQuantity"]["value"] for c in pain[0]["component"]] == [6, 8]
    rom = [o for o in observations if o["code"]["coding"][0]["code"] == "364564000"]
    right_ankle = [
        o
        for o in rom
        if o["code"]["coding"][1]["code"] == "knee-to-wall.toe_to_wall_cm" and o["bodySite"]["text"] == "Right side"
    ]
    assert [round(o["valueQuantity"]["value"], 2) for o in right_ankle] == [6.17, 10.25]
    assert right_ankle[0]["valueQuantity"]["code"] == "cm"
    assert right_ankle[0]["method"]["text"] == "tape"
    assert right_ankle[0]["referenceRange"][0]["low"]["value"] == 11  # the borderline cut-off in thresholds.yaml
    responses = _resources(data, "QuestionnaireResponse")
    psfs = [r for r in responses if r["questionnaire"].endswith("/psfs")]
    assert [a["answer"][0] for a in psfs[-1]["item"]] == [
        {"valueInteger": 6},
        {"valueInteger": 8},
        {"valueDecimal": 7.0},
    ]
    rmdq = [r for r in responses if r["questionnaire"].endswith("/rmdq")]
    assert rmdq[0]["item"][0]["answer"][0]["valueDecimal"] == 3
    references = {o["subject"]["reference"] for o in observations + responses}
    assert references == {e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "Patient"}


def test_each_walk_is_an_observation_with_steps_cadence_and_impact_where_measured(ann: App) -> None:
    data = json.loads(fhir.to_json(fhir.bundle(ann, "Ann")))
    walks = [o for o in _resources(data, "Observation") if o["code"]["coding"][0]["code"] == "walk-test"]
    assert len(walks) == 2
    back, pocket = ({c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in w["component"]} for w in walks)
    assert back["55423-8"]["code"] == "{steps}"
    assert back["55423-8"]["value"] == pocket["55423-8"]["value"] > 50
    assert back["cadence"]["code"] == "/min"
    assert back["impact-at-110"]["code"] == "[g]"
    assert 1.0 < back["impact-at-110"]["value"] < 3.0
    assert "impact-at-110" not in pocket
    assert any("no impact value: pocket" in n["text"] for n in walks[1]["note"])
    assert walks[0]["category"][0]["coding"][0]["code"] == "activity"


def test_the_calendar_repeats_on_the_planned_days_with_two_alarms_and_a_retest(ann: App) -> None:
    cal = Calendar.from_ical(calendar.ics(ann, "Ann", calendar.parse_time("07:30")))
    events = cal.walk("VEVENT")
    routine_event = next(e for e in events if "routine" in str(e["summary"]))
    rule = routine_event["rrule"]
    assert isinstance(rule, vRecur)
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    start = routine_event.decoded("dtstart")
    assert (start.hour, start.minute) == (7, 30)
    assert start.weekday() < 5
    assert start.date() >= ann.clock().date()
    triggers = sorted(a.decoded("trigger") for a in routine_event.walk("VALARM"))
    assert triggers == [timedelta(minutes=-15), timedelta(0)]
    assert all(str(a["action"]) == "DISPLAY" for a in routine_event.walk("VALARM"))
    retest = next(e for e in events if "re-test" in str(e["summary"]))
    assert retest.walk("VALARM")


def test_the_calendar_follows_a_change_of_routine(ann: App) -> None:
    profiles.update_settings(ann, "Ann", {"days_per_week": 3, "minutes": 10})
    cal = Calendar.from_ical(calendar.ics(ann, "Ann"))
    routine_event = next(e for e in cal.walk("VEVENT") if "routine" in str(e["summary"]))
    rule = routine_event["rrule"]
    assert isinstance(rule, vRecur)
    assert rule["BYDAY"] == ["MO", "WE", "FR"]
    assert routine_event.decoded("duration") <= timedelta(minutes=10)


def test_a_paused_program_has_no_session_reminders(app: App) -> None:
    profiles.create(app, {"name": "Bo"})
    cal = Calendar.from_ical(calendar.ics(app, "Bo"))
    assert cal.walk("VEVENT") == []
    assert "safety questions" in str(cal["x-wr-caldesc"])


def test_the_feed_token_finds_its_profile_and_a_wrong_or_rotated_token_is_refused(ann: App) -> None:
    token = calendar.feed_token(ann, "Ann").token
    assert calendar.feed_token(ann, "Ann").token == token  # stored, not remade
    assert calendar.profile_for_token(ann, token) == "Ann"
    with pytest.raises(NotFound):
        calendar.profile_for_token(ann, token[:-1] + ("A" if token[-1] != "A" else "B"))
    new = calendar.rotate_token(ann, "Ann").token
    assert new != token
    assert len(new) >= 32
    with pytest.raises(NotFound):
        calendar.profile_for_token(ann, token)
    assert calendar.profile_for_token(ann, new) == "Ann"


def test_a_wrong_time_of_day_names_the_field_and_the_format() -> None:
    with pytest.raises(InvalidInput) as err:
        calendar.parse_time("25:99")
    assert err.value.problems[0].field == "at"
    assert "HH:MM" in (err.value.problems[0].allowed or "")
