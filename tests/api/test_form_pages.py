"""Server-rendered forms: every problem of a submission is shown at once, next to its field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f


def test_the_check_in_form_lists_every_problem_at_once(client: TestClient):
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    r = client.post("/p/Ann/checkin", data={"pain": "11", "stiffness": "-1"})
    assert r.status_code == 422
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "Pain this morning" in summary
    assert "Stiffness" in summary
    assert "Nerve symptoms" in summary
    assert "0 to 10" in summary or "0-10" in summary


def test_the_player_refuses_an_unknown_safety_check_before_the_session_not_at_save(client: TestClient):
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post("/api/v1/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post("/api/v1/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    r = client.get("/p/Ann/session/play?screening=9999&pain=2")
    assert r.status_code == 409
    assert "safety check cannot be used" in r.text
    assert 'data-testid="session-screen-form"' in r.text  # the way to answer again is on the same page

    short = client.post("/api/v1/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    ok = client.get(f"/p/Ann/session/play?screening={short['screening_id']}&pain=2")
    assert ok.status_code == 200
