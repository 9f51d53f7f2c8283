"""Progress in the first week: no verdict on how often sessions happen, and no calendar weeks from before
the profile existed (new-user review, finding 14)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.domain.formatting import adherence_sentence
from tests import factories as f

API = "/api/v1"


def _main(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found is not None
    return found.group(0)


def test_the_first_week_is_too_early_to_judge_and_later_weeks_are_judged() -> None:
    first = adherence_sentence(1, 1, 1, 1.0, 3)
    assert "too early to tell" in first
    assert "against a plan" not in first
    assert adherence_sentence(4, 4, 2, 2.0, 3) == (
        "4 sessions on 4 days over 2 weeks: about 2 days a week, against a plan of 3 days a week."
    )


def test_on_day_one_progress_neither_judges_nor_shows_weeks_before_the_start(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    short = client.post(f"{API}/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    items = client.get(f"{API}/profiles/Ann/routine").json()["routine"]["items"]
    body = {
        "screening_id": short["screening_id"],
        "pain_before": 2,
        "pain_after": 2,
        "items": [{"exercise": i["exercise_id"], "pain_during": 1} for i in items],
    }
    assert client.post(f"{API}/profiles/Ann/sessions", json=body).status_code == 201
    report = client.get(f"{API}/profiles/Ann/progress").json()
    assert report["adherence"]["started_on"] == "2026-03-02"
    page = _main(client.get("/p/Ann/progress").text)
    assert "too early to tell" in page
    assert "against a plan of" not in page
    # The calendar starts at the profile's first week (Monday 2 March 2026), not seven weeks before it.
    assert "Monday 2 Mar 2026" in page
    assert "Sunday 1 Mar 2026" not in page
    assert "Monday 26 Jan 2026" not in page
