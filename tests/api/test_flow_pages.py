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
    assert "Let&#39;s get you started" not in after
    assert "Let's get you started" not in after
    assert "Start your first session" in after
    assert 'href="/p/Ann/session"' in after
    # Seeing the page again keeps the foam roller ticked: equipment is no longer left out as on the first visit.
    start = client.get("/p/Ann/start").text
    assert re.search(r'name="roller" value="1"[^>]*checked', start)


def _form_controls(html: str) -> list[tuple[str, str]]:
    """The form's controls, as (type, name) pairs, in order (the csrf token left out)."""
    form = html[html.index("<form") : html.index("</form>")]
    return [
        (kind, name)
        for kind, name in re.findall(r'<input type="(\w+)"[^>]*?name="([^"]+)"', form)
        if name != "csrf_token"
    ]


def test_the_settings_page_is_the_start_pages_form_with_the_same_words_and_controls(client: TestClient) -> None:
    _screened(client)
    start = client.get("/p/Ann/start").text
    settings = client.get("/p/Ann/settings").text
    assert _form_controls(settings) == _form_controls(start)
    assert ("radio", "minutes") in _form_controls(settings)  # tapped, not typed
    assert 'type="number"' not in settings
    for words in ("I can get down to the floor", "I have a foam roller"):
        assert words in settings
    assert "I cannot get down" not in settings
    assert "I do not have" not in settings
    # Saving it on the settings page means the same as on the start page: a toggle left off is a limit.
    form = {"floor": "1", "kneel": "1", "band": "1", "minutes": "20", "days_per_week": "4"}
    assert client.post("/p/Ann/settings", data=form, follow_redirects=False).status_code == 303
    saved = client.get(f"{API}/profiles/Ann").json()
    c = saved["constraints"]
    assert (c["no_floor"], c["no_kneeling"], c["no_foam_roller"], c["no_band"]) == (False, False, True, False)
    assert (c["minutes"], c["days_per_week"]) == (20, 4)


def test_saving_the_baseline_says_so_on_the_home_page(client: TestClient) -> None:
    _screened(client)
    form = {"pain.now": "4", "pain.average_24h": "3", "pain.worst_24h": "6", "activity.1.name": "Gardening"}
    form["activity.1.score"] = "5"
    r = client.post("/p/Ann/baseline", data=form, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/p/Ann?saved=baseline"
    home = client.get(r.headers["location"]).text
    assert 'data-testid="saved"' in home
    assert "Saved: how your back feels" in home
    assert 'data-testid="saved"' not in client.get("/p/Ann").text  # said once, not on every visit
    assert 'data-testid="saved"' not in client.get("/p/Ann?saved=<script>").text  # only the known keys
