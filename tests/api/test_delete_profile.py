"""Deleting a profile in the web app and over the API: only after typing its name; everything goes."""

from __future__ import annotations

from fastapi.testclient import TestClient

import tests.factories as f

API = "/api/v1"


def _ann_with_records(client: TestClient) -> None:
    client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"})
    client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers())
    client.post(f"{API}/profiles/Ann/pain", json=f.baseline())


def test_the_settings_page_leads_to_a_confirmation_that_needs_the_name(client: TestClient) -> None:
    _ann_with_records(client)
    assert 'href="/p/Ann/delete"' in client.get("/p/Ann/settings").text
    page = client.get("/p/Ann/delete")
    assert page.status_code == 200
    assert "cannot be undone" in page.text
    wrong = client.post("/p/Ann/delete", data={"confirm": "Bo"}, follow_redirects=False)
    assert wrong.status_code == 422
    assert "type the profile" in wrong.text.lower()
    assert "Nothing was deleted." in wrong.text
    assert "Nothing was saved yet" not in wrong.text
    assert client.get(f"{API}/profiles/Ann").status_code == 200
    other_case = client.post("/p/Ann/delete", data={"confirm": "ann"}, follow_redirects=False)
    assert other_case.status_code == 422
    assert "does not match" in other_case.text
    assert (
        "exactly &#39;Ann&#39;, capitals as shown" in other_case.text
        or "exactly 'Ann', capitals as shown" in other_case.text
    )
    assert client.get(f"{API}/profiles/Ann").status_code == 200
    done = client.post("/p/Ann/delete", data={"confirm": " Ann "}, follow_redirects=False)
    assert done.status_code == 303
    assert done.headers["location"] == "/?deleted=1"
    welcome = client.get(done.headers["location"]).text
    assert "The profile and everything recorded in it were deleted from this computer." in welcome
    assert "Ann" not in welcome.split('data-testid="deleted"', 1)[1].split("</p>", 1)[0]
    assert 'data-testid="deleted"' not in client.get("/").text  # said once, not on every visit
    assert client.get(f"{API}/profiles/Ann").status_code == 404
    assert client.get("/p/Ann").status_code == 404


def test_the_api_deletes_only_with_the_name_repeated_and_a_new_profile_starts_empty(client: TestClient) -> None:
    _ann_with_records(client)
    assert client.delete(f"{API}/profiles/Ann").status_code == 422
    assert client.delete(f"{API}/profiles/Ann?confirm=Ann").json() == {"name": "Ann", "files": 0}
    assert client.get(f"{API}/profiles").json() == []
    client.post(f"{API}/profiles", json={"name": "Ann"})
    data = client.get(f"{API}/profiles/Ann/export").json()["data"]
    assert data["screenings"] == []
    assert data["pain_ratings"] == []
    assert client.get("/p/Ann").status_code == 200  # no view of the old Ann survives in the cache
