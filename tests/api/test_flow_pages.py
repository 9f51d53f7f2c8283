"""Page flow after the short start: home moves on once the starter routine is made, the saved
messages, and the one form for "what you have and what you can do"."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1"


def _screened(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200


def test_home_moves_on_to_the_first_session_once_the_starter_routine_is_made(client: TestClient) -> None:
    _screened(client)
    before = client.get("/p/Ann").text
    assert "Get your first routine" in before
    form = {"floor": "1", "kneel": "1", "roller": "1", "minutes": "10", "days_per_week": "3"}
    saved = client.post("/p/Ann/start", data=form, follow_redirects=False)
    assert saved.status_code == 303
    after = client.get("/p/Ann").text
    assert "Get your first routine" not in after
    assert "Let&#39;s get you started" not in after and "Let's get you started" not in after
    assert "Start your first session" in after
    assert 'href="/p/Ann/session"' in after
    # Seeing the page again keeps the foam roller ticked: equipment is no longer left out as on the first visit.
    start = client.get("/p/Ann/start").text
    assert re.search(r'name="roller" value="1"[^>]*checked', start)
