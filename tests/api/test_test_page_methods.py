"""How a test was measured is never guessed: the test page chooses the way used last time for that
test, or nothing (the person chooses); a value typed without a way is refused at the method's field.
The page counts the ways it really offers, and its advice on tries agrees with the form."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.catalogue.catalogue import Catalogue
from tests import factories as f


def _screened(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200


def _selected(html: str, select_testid: str) -> list[str]:
    select = html.split(f'data-testid="{select_testid}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]*)" selected>', select)


def test_with_no_history_no_method_is_chosen_and_a_typed_value_without_one_is_refused_by_name(
    client: TestClient,
) -> None:
    _screened(client)
    page = client.get("/p/Ann/tests/seated-thoracic-rotation")
    assert _selected(page.text, "method") == [""]
    assert "Choose how you measured" in page.text
    r = client.post("/p/Ann/tests/seated-thoracic-rotation", data={"method": "", "left.rotation_deg.1": "40"})
    assert r.status_code == 422
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "How you measured" in summary
    assert "please choose how you measured" in summary
    assert "Phone angle app" in summary  # what may be chosen
    assert 'value="40"' in r.text  # what was typed is kept
    assert client.get("/api/v1/profiles/Ann/progress").json()["tests"] == []  # nothing saved


def test_the_method_used_last_time_is_chosen_again(client: TestClient) -> None:
    _screened(client)
    saved = client.post(
        "/p/Ann/tests/seated-thoracic-rotation",
        data={"method": "estimate", "left.rotation_deg.1": "40", "right.rotation_deg.1": "42"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert _selected(client.get("/p/Ann/tests/seated-thoracic-rotation").text, "method") == ["estimate"]
    # per measurement too: knee-to-wall's distance by tape, its angle another way
    assert _selected(client.get("/p/Ann/tests/knee-to-wall").text, "method-toe_to_wall_cm") == [""]
    client.post("/p/Ann/tests/knee-to-wall", data={"toe_to_wall_cm.method": "tape", "left.toe_to_wall_cm.1": "9"})
    assert _selected(client.get("/p/Ann/tests/knee-to-wall").text, "method-toe_to_wall_cm") == ["tape"]


def test_the_page_counts_the_ways_it_offers(client: TestClient) -> None:
    _screened(client)
    seated = client.get("/p/Ann/tests/seated-thoracic-rotation").text
    offered = seated.count('class="method-choice"')
    heading = seated.split('data-testid="ways-heading">', 1)[1].split("<", 1)[0]
    assert heading == f"Measure it one of {offered} ways"
    assert offered == 2
    assert "photo or video" not in seated.split('data-testid="ways-text">', 1)[1].split("<", 1)[0]
    knee = client.get("/p/Ann/tests/knee-to-wall").text
    knee_ways = knee.count('class="method-choice"')
    assert knee.split('data-testid="ways-heading">', 1)[1].split("<", 1)[0] == f"Measure it one of {knee_ways} ways"


def test_the_advice_before_testing_and_the_form_both_ask_for_one_try_a_side(client: TestClient) -> None:
    _screened(client)
    page = client.get("/p/Ann/tests/knee-to-wall").text
    before = page.split('data-testid="before-testing"', 1)[1].split("</div>", 1)[0]
    assert "record 3 tries" not in before
    assert "one try on each side" in before
    assert "One try on each side is enough to start" in page


def test_every_way_a_test_s_steps_describe_has_a_method_to_record_it_with(catalogue: Catalogue) -> None:
    seated = catalogue.tests["seated-thoracic-rotation"]
    steps = " ".join(seated.steps).lower()
    methods = {m.value for metric in seated.metrics for m in metric.methods}
    assert "compass app" in steps
    assert "phone" in methods
    assert "marks taped on the floor" in steps
    assert "best estimate" in steps  # the floor marks are recorded as an estimate
    assert "estimate" in methods
