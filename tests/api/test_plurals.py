"""Counts read as people write them: "1 day a week", never "1 days", "1 minutes" or "day(s)"."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.domain.formatting import days_a_week, plural
from tests import factories as f

API = "/api/v1"
WRONG = re.compile(r"\b1 (days|minutes|sessions|exercises|weeks|reps|tests|activities|jobs)\b|\w\(s\)")


def test_the_helper_says_one_thing_and_many_things() -> None:
    assert plural(1, "exercise") == "1 exercise"
    assert plural(3, "exercise") == "3 exercises"
    assert plural(1, "activity", "activities") == "1 activity"
    assert days_a_week(1) == "1 day a week"


def test_a_person_training_one_day_a_week_reads_no_wrong_plural_on_the_pages(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    assert client.patch(f"{API}/profiles/Ann/settings", json={"days_per_week": 1}).status_code == 200
    routine = client.get("/p/Ann/routine").text
    assert "1 day a week" in routine
    for path in ("/p/Ann/routine", "/p/Ann/session", "/p/Ann/session/play", "/p/Ann", "/exercises", "/p/Ann/results"):
        text = re.sub(r"<[^>]+>", " ", client.get(path).text)
        assert not WRONG.search(text), (path, WRONG.search(text))
