"""The morning check-in counts only from the next morning (decision 0003, progression.yaml checkin_opens):
before that the API, the pages and the home page say when it opens, and nothing is settled."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.services import sessions
from tests import factories as f

API = "/api/v1"


def _ready(client: TestClient, name: str = "Ann") -> None:
    assert client.post(f"{API}/profiles", json={"name": name, "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/{name}/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/{name}/assessments", json=f.stiff_person_tests()).status_code == 201


def _log(client: TestClient, name: str = "Ann") -> int:
    short = client.post(f"{API}/profiles/{name}/session-screenings", json={"red_flags": f.short_screen()}).json()
    items = client.get(f"{API}/profiles/{name}/routine").json()["routine"]["items"]
    body = {
        "screening_id": short["screening_id"],
        "pain_before": 2,
        "pain_after": 2,
        "items": [{"exercise": i["exercise_id"], "pain_during": 1} for i in items],
    }
    logged = client.post(f"{API}/profiles/{name}/sessions", json=body)
    assert logged.status_code == 201, logged.text
    return int(logged.json()["session_id"])


def _main(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found is not None
    return found.group(0)


def test_the_api_refuses_a_check_in_minutes_after_the_session_naming_when_it_opens(
    app: App, client: TestClient, clock: f.Clock
) -> None:
    _ready(client)
    session_id = _log(client)  # 2 March, 8:00
    clock.advance(minutes=20)
    early = client.post(f"{API}/profiles/Ann/checkins", json={"pain": 6, "stiffness": 5})
    assert early.status_code == 409
    assert early.headers["content-type"] == "application/problem+json"
    problem = early.json()
    assert problem["type"] == "/problems/not-yet"
    assert "opens tomorrow morning, from 6:00" in problem["detail"]
    assert problem["opens_at"] == "2026-03-03T06:00:00"
    # Nothing was settled: the session is still waiting, its lights provisional.
    assert sessions.session_result(app, "Ann", session_id).provisional is True
    clock.advance(hours=21, minutes=39)  # 5:59 the next morning: still a minute early
    assert client.post(f"{API}/profiles/Ann/checkins", json={"pain": 2}).status_code == 409
    clock.advance(minutes=1)
    on_time = client.post(f"{API}/profiles/Ann/checkins", json={"pain": 2})
    assert on_time.status_code == 201, on_time.text
    assert on_time.json()["provisional"] is False


def test_nerve_symptoms_are_taken_at_once_even_before_the_morning(client: TestClient, clock: f.Clock) -> None:
    _ready(client)
    _log(client)
    clock.advance(hours=2)
    told = client.post(f"{API}/profiles/Ann/checkins", json={"pain": 5, "nerve_symptoms": True})
    assert told.status_code == 201, told.text
    assert told.json()["paused"]


def test_home_says_when_to_come_back_instead_of_offering_the_check_in(client: TestClient, clock: f.Clock) -> None:
    _ready(client)
    _log(client)
    clock.advance(minutes=5)
    home = _main(client.get("/p/Ann").text)
    assert "Check in tomorrow morning, from 6:00." in home
    assert "Do the morning check-in" not in home
    button = re.search(r'<a [^>]*data-testid="next-step" href="([^"]*)"', home)
    assert button is not None
    assert button.group(1) != "/p/Ann/checkin"
    clock.advance(hours=22)  # 6:05 the next morning
    home = _main(client.get("/p/Ann").text)
    assert "Do the morning check-in" in home
    assert "Check in tomorrow morning" not in home


def test_the_check_in_page_says_when_it_opens_and_refuses_an_early_save(client: TestClient, clock: f.Clock) -> None:
    _ready(client)
    session_id = _log(client)
    done = _main(client.get(f"/p/Ann/session/{session_id}/done").text)
    assert "Check in tomorrow morning, from 6:00." in done
    page = client.get("/p/Ann/checkin")
    assert page.status_code == 200
    main = _main(page.text)
    assert 'data-testid="checkin-not-yet"' in main
    assert "The morning check-in opens tomorrow morning, from 6:00." in main
    assert 'data-testid="checkin-form"' not in main
    posted = client.post("/p/Ann/checkin", data={"pain": "6", "nerve_symptoms": "no"}, follow_redirects=False)
    assert posted.status_code == 409
    assert "opens tomorrow morning, from 6:00" in _main(posted.text)
    clock.advance(hours=22)
    assert 'data-testid="checkin-form"' in _main(client.get("/p/Ann/checkin").text)
    saved = client.post("/p/Ann/checkin", data={"pain": "2", "nerve_symptoms": "no"}, follow_redirects=False)
    assert saved.status_code == 303
