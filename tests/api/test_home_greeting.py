"""The home page greets the person once: in its heading, not again in the next-step text."""

from __future__ import annotations

from fastapi.testclient import TestClient

import tests.factories as f

API = "/api/v1"


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_home_page_says_hello_once_at_every_step(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    first = _main(client.get("/p/Ann").text)  # the safety questions come first
    assert first.count("Hello") == 1
    assert "<h1>Hello Ann</h1>" in first
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    later = _main(client.get("/p/Ann").text)
    assert later.count("Hello") == 1
