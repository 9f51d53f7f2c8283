"""The app-wide error handlers answer each door its own way: the friendly HTML page for a page route (drawn
by the page code the app factory hands them) and problem details for the API, from one handler."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_an_unknown_page_gets_the_friendly_page_and_an_unknown_api_address_a_problem_detail(
    client: TestClient,
) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is nothing at this address." in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["title"] == "There is nothing at this address."


def test_a_profile_that_does_not_exist_is_a_page_on_the_pages_and_a_problem_in_the_api(client: TestClient) -> None:
    page = client.get("/p/Nobody/routine")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "We could not find that" in page.text
    api = client.get("/api/v1/profiles/Nobody/routine")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
