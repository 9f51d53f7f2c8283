"""A self-entered clearance through the API and the page: the clinician's name (3 to 120 characters) and
the day seen (not in the future) are both needed; a refusal names the field and stores nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1/profiles/Ann"


def _stopped(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1960, "sex": "female"}).status_code == 201
    client.post(f"{API}/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    assert client.get(API).json()["locked"] is True


def test_the_api_refuses_a_two_letter_name_and_a_missing_day_in_one_answer(client: TestClient) -> None:
    _stopped(client)
    r = client.post(f"{API}/clearance", json={"clinician": "Jo"})
    assert r.status_code == 422
    errors = {tuple(e["location"]): e for e in r.json()["errors"]}
    assert set(errors) == {("clinician",), ("seen_on",)}
    assert errors[("clinician",)]["limits"]["min"] == 3
    assert errors[("seen_on",)]["code"] == "required"
    assert errors[("clinician",)]["limits"]["unit"] == "characters"
    assert client.get(API).json()["locked"] is True


def test_the_api_refuses_a_day_in_the_future(client: TestClient) -> None:
    _stopped(client)
    r = client.post(f"{API}/clearance", json={"clinician": "Dr Shah", "seen_on": "2026-03-03"})  # clock: 2 March
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert (error["field"], error["code"]) == ("seen_on", "out_of_range")
    assert "in the future" in error["message"]
    assert "2026-03-02" in error["allowed"]
    assert client.get(API).json()["locked"] is True


def test_the_api_records_the_clearance_with_its_day(client: TestClient) -> None:
    _stopped(client)
    r = client.post(f"{API}/clearance", json={"clinician": "Dr Shah", "seen_on": "2026-03-02"})
    assert r.status_code == 200
    assert r.json()["locked"] is False
    events = client.get(f"{API}/export").json()["data"]["safety_events"]
    [cleared] = [e for e in events if e["kind"] == "clearance"]
    assert (cleared["clinician"], cleared["seen_on"]) == ("Dr Shah", "2026-03-02")


def test_the_clearance_page_asks_the_day_and_shows_field_errors(client: TestClient) -> None:
    _stopped(client)
    form = client.get("/p/Ann/clear").text
    assert 'name="seen_on" type="date"' in form
    assert 'max="2026-03-02"' in form
    r = client.post("/p/Ann/clear", data={"clinician": "Jo", "seen_on": "2026-04-01"})
    assert r.status_code == 422
    assert 'id="f-clinician-error"' in r.text
    assert 'id="f-seen_on-error"' in r.text
    assert "Allowed: 3 to 120 characters." in r.text
    assert client.get(API).json()["locked"] is True
    ok = client.post("/p/Ann/clear", data={"clinician": "Dr Shah", "seen_on": "2026-03-01"}, follow_redirects=False)
    assert ok.status_code == 303
    assert client.get(API).json()["locked"] is False
