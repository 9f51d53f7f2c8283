"""The exercise library's search: a query longer than the box allows is answered on the page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.catalogue.loader import default_catalogue


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


def _cards(html: str) -> set[str]:
    return set(re.findall(r'<h2 class="h3"><a href="/exercises/([^"]+)"', html))


def test_the_library_shows_only_what_the_equipment_a_person_has_allows_without_javascript(
    client: TestClient,
) -> None:
    catalogue = default_catalogue()
    page = client.get("/exercises").text
    boxes = re.findall(r'<input type="checkbox" id="have-[^"]+" name="have" value="([^"]+)"', page)
    needed = {e.value for ex in catalogue.exercises.values() for e in ex.equipment}
    assert boxes[0] == "none"
    assert set(boxes[1:]) == needed  # from the catalogue: every kind some exercise needs, nothing else
    assert {"chair", "wall", "band", "foam_roller"} <= needed

    r = client.get("/exercises", params=[("have", "chair"), ("have", "wall")])  # a plain GET form
    assert r.status_code == 200
    shown = _cards(r.text)
    fits = {ex.id for ex in catalogue.exercises.values() if {e.value for e in ex.equipment} <= {"chair", "wall"}}
    assert shown == fits
    assert any(not catalogue.exercises[i].equipment for i in shown)  # nothing needed: always fits
    assert any({e.value for e in catalogue.exercises[i].equipment} == {"chair"} for i in shown)
    assert len(shown) < len(catalogue.exercises)
    assert 'value="chair" data-testid="have-chair" checked' in r.text  # the ticks are kept

    nothing = _cards(client.get("/exercises", params={"have": "none"}).text)
    assert nothing == {ex.id for ex in catalogue.exercises.values() if not ex.equipment}
    assert _cards(client.get("/exercises", params={"have": "jetpack"}).text) == set(catalogue.exercises)
