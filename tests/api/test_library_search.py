"""The exercise library's search: a query longer than the box allows is answered on the page."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_search_box_holds_at_most_100_characters(client: TestClient) -> None:
    page = client.get("/exercises").text
    box = page[page.index('<input id="q"') : page.index(">", page.index('<input id="q"'))]
    assert 'maxlength="100"' in box


def test_an_over_long_search_gets_422_and_the_library_page_says_why(client: TestClient) -> None:
    r = client.get("/exercises", params={"q": "calf" * 30})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert 'data-testid="search"' in r.text  # still the library page, with the search box
    assert "The search is too long" in r.text
    assert "at most 100 characters" in r.text
    assert "120 characters" in r.text
    assert 'aria-invalid="true"' in r.text


def test_a_search_of_100_characters_is_still_searched(client: TestClient) -> None:
    r = client.get("/exercises", params={"q": "calf" + " " * 96})
    assert r.status_code == 200
    assert 'data-testid="exercise-card"' in r.text


def test_a_very_long_search_is_answered_the_same_way_never_with_a_server_error(client: TestClient) -> None:
    r = client.get("/exercises", params={"q": "x" * 5000, "region": "hip"})
    assert r.status_code == 422
    assert "The search is too long: 5000 characters" in r.text
    assert 'value="' + "x" * 100 + '"' in r.text  # the box keeps what fits
