"""A profile name that is not there does not show who else keeps records on this computer."""

from __future__ import annotations

from fastapi.testclient import TestClient

API = "/api/v1"


def test_an_unknown_profile_page_says_where_the_profiles_are_listed_without_naming_them(client: TestClient) -> None:
    for name in ("Annabel", "Bartholomew"):
        assert client.post(f"{API}/profiles", json={"name": name}).status_code == 201
    page = client.get("/p/Zed")
    assert page.status_code == 404
    assert "No profile called" in page.text
    assert "The start page lists the profiles" in page.text
    assert "Annabel" not in page.text
    assert "Bartholomew" not in page.text
    problem = client.get(f"{API}/profiles/Zed/routine")
    assert problem.status_code == 404
    assert "Annabel" not in problem.text
    assert "Bartholomew" not in problem.text
