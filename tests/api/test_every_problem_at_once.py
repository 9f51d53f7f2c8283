"""The JSON API lists every problem of a body in one answer (RFC 9457 problem details with an
``errors`` list): the shape's problems (a word where a number goes, a bad date) together with the
catalogue's (an unknown test or question id) and the ranges, each with a location, a code, the
given value and the limits. No name from inside the validation library reaches the client."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from supple.catalogue.loader import default_catalogue
from tests import factories as f

API = "/api/v1"
INTERNALS = ("function-before", "str-enum", "Input should", "[type=", "list[", "dict[")


def _ready(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).json()["blocks"] is False


def _errors(r: Any) -> dict[tuple[str | int, ...], dict[str, Any]]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert not [word for word in INTERNALS if word in r.text], r.text
    return {tuple(e["location"]): e for e in r.json()["errors"]}


def test_an_assessment_with_a_bad_date_an_unknown_test_a_word_and_a_value_out_of_range_lists_all(
    client: TestClient,
) -> None:
    _ready(client)
    body = {
        "taken_on": "2026-02-30",
        "tests": {
            "toe-touch": {"method": "tape", "values": {"reach_cm": [10]}},
            "knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": ["ten", 40]}},
        },
    }
    errors = _errors(client.post(f"{API}/profiles/Ann/assessments", json=body))
    assert errors[("taken_on",)]["code"] == "bad_date"
    assert errors[("taken_on",)]["given"] == "2026-02-30"
    assert errors[("tests", "toe-touch")]["code"] == "unknown_test"
    assert "knee-to-wall" in errors[("tests", "toe-touch")]["limits"]["allowed"]
    word = errors[("tests", "knee-to-wall", "left", "toe_to_wall_cm", 0)]
    assert (word["code"], word["given"], word["allowed"]) == ("not_a_number", "ten", "0 to 30 cm")
    assert word["label"].endswith("left side, Toe-to-wall distance, try 1")
    high = errors[("tests", "knee-to-wall", "left", "toe_to_wall_cm", 1)]
    assert (high["code"], high["limits"]["max"], high["limits"]["unit"]) == ("out_of_range", 30, "cm")
    assert len(errors) == 4
    assert client.get(f"{API}/profiles/Ann/results").json() is None


def test_an_unknown_test_with_nothing_in_it_is_called_unknown_and_nothing_else(client: TestClient) -> None:
    _ready(client)
    body = {"tests": {"toe-touch": {}, "knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": [9]}}}}
    errors = _errors(client.post(f"{API}/profiles/Ann/assessments", json=body))
    assert list(errors) == [("tests", "toe-touch")]  # not also "no method" or "no values" for a test that is not there
    assert errors[("tests", "toe-touch")]["code"] == "unknown_test"
    assert client.get(f"{API}/profiles/Ann/results").json() is None  # nothing half-written


def test_a_screen_with_a_word_an_unknown_question_and_a_missing_answer_lists_all(client: TestClient) -> None:
    client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970})
    ids = [q.id for q in default_catalogue().safety.questions]
    body = f.screen_answers()
    body["red_flags"] |= {ids[0]: "maybe", "purple-toes": False, ids[1]: [1, 2]}
    del body["red_flags"][ids[-1]]
    errors = _errors(client.post(f"{API}/profiles/Ann/screenings", json=body))
    assert errors[("red_flags", ids[0])]["code"] == "not_yes_or_no"
    assert errors[("red_flags", ids[0])]["limits"]["allowed"] == ["yes", "no"]
    assert errors[("red_flags", ids[1])]["code"] in ("wrong_kind", "not_yes_or_no")
    assert errors[("red_flags", "purple-toes")]["code"] == "unknown_question"
    assert errors[("red_flags", ids[-1])]["code"] == "required"


def test_pain_answers_with_a_word_a_value_too_high_and_an_unknown_field_list_all_with_the_unit(
    client: TestClient,
) -> None:
    _ready(client)
    body = {"pain": {"now": "four", "average_24h": 3, "worst_24h": 11}, "activities": {"Gardening": 12}, "mood": 2}
    errors = _errors(client.post(f"{API}/profiles/Ann/pain", json=body))
    assert errors[("pain", "now")]["code"] == "not_a_whole_number"
    assert errors[("pain", "now")]["allowed"] == "0 to 10 points"
    assert errors[("pain", "worst_24h")]["code"] == "too_high"
    assert errors[("activities", "Gardening")]["allowed"] == "0 to 10 points"
    assert errors[("mood",)]["code"] == "unknown_field"
    assert len(errors) == 4


def test_a_session_log_with_an_unknown_exercise_a_word_and_an_unknown_question_lists_all(client: TestClient) -> None:
    _ready(client)
    body = f.session_log(["no-such-exercise"], pain_before=11)
    body["items"].append({"exercise": "adductor-rock-back", "pain_during": "lots"})
    body["screen"]["purple-toes"] = True
    errors = _errors(client.post(f"{API}/profiles/Ann/sessions", json=body))
    assert errors[("pain_before",)]["code"] == "too_high"
    assert errors[("items", 0, "exercise")]["code"] == "unknown_exercise"
    assert errors[("items", 1, "pain_during")]["allowed"] == "0 to 10 points"
    assert errors[("screen", "purple-toes")]["code"] == "unknown_question"


def test_tests_that_are_not_an_object_are_one_problem_not_a_server_error(client: TestClient) -> None:
    """Found by schemathesis: `{"tests": true}` answered 500 (the catalogue check iterated the value)."""
    _ready(client)
    for value in (True, 5, "knee-to-wall", ["knee-to-wall"]):
        errors = _errors(client.post(f"{API}/profiles/Ann/assessments", json={"tests": value}))
        assert ("tests",) in errors, errors
    assert client.get(f"{API}/profiles/Ann/results").json() is None
