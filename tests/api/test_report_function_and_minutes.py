"""The report lists the activities the person chose with their starting scores, and says the same
minutes a session as the routine page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

import tests.factories as f

API = "/api/v1"


def _ann(client: TestClient) -> TestClient:
    client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"})
    client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers())
    client.post(f"{API}/profiles/Ann/pain", json=f.baseline(**{"Putting on socks": 4, "Gardening": 3}))
    return client


def _section(html: str, testid: str) -> str:
    return " ".join(html.split(f'data-testid="{testid}"', 1)[1].split("</section>", 1)[0].split())


def test_the_function_section_lists_each_chosen_activity_with_its_starting_score(client: TestClient) -> None:
    function = _section(_ann(client).get("/p/Ann/report").text, "report-function")
    assert re.search(r"Putting on socks.{0,80}\b4\b", function), function
    assert re.search(r"Gardening.{0,80}\b3\b", function), function
    assert "nothing to compare yet" in function  # still said: one score each so far


def test_the_report_says_the_minutes_a_session_the_routine_page_says_on_a_day_without_strength_work(
    client: TestClient, clock: f.Clock
) -> None:
    ann = _ann(client)
    clock.advance(days=1)  # Tuesday: strength work is on other days, so today's session is shorter
    routine = ann.get(f"{API}/profiles/Ann/routine").json()["routine"]
    assert all(i["kind"] == "mobility" for i in routine["items"])
    assert routine["strength"]  # the week has strength work, on other days
    page_minutes = re.search(r"About (\d+) minutes?", ann.get("/p/Ann/routine").text)
    assert page_minutes is not None
    summary = _section(ann.get("/p/Ann/report").text, "report-routine")
    assert f"About {page_minutes.group(1)} minutes a session" in summary, summary
