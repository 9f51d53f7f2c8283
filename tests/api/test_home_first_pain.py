"""Home never says "Record your pain again" before any pain score: the first time it offers the baseline."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1"


def _main(html: str) -> str:
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found is not None
    return found.group(0)


def test_home_offers_the_baseline_until_pain_is_recorded_then_says_again(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    home = _main(client.get("/p/Ann").text)
    assert "Record your pain and the activities that hurt" in home
    assert "Record your pain again" not in home
    button = re.search(r'<a [^>]*data-testid="next-step" href="([^"]*)"[^>]*>([^<]*)<', home)
    assert button is not None
    assert (button.group(1), button.group(2)) == ("/p/Ann/baseline", "Record your pain and the activities that hurt")
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    home = _main(client.get("/p/Ann").text)
    assert "Record your pain again" in home
    assert "Record your pain and the activities that hurt" not in home
