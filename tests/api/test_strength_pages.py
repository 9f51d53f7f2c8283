"""Strength work on the pages (issue 16 §2): the routine on a strength day and on another day, the library,
an exercise page, the learn page and the report."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import tests.factories as f
from supple.bootstrap import App
from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import ExerciseKind

API = "/api/v1"


@pytest.fixture
def ann(client: TestClient) -> TestClient:
    client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"})
    client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers())
    client.post(f"{API}/profiles/Ann/pain", json=f.baseline())
    return client


def test_on_a_strength_day_the_routine_shows_the_strength_work_with_why_and_its_days(
    ann: TestClient, clock: f.Clock, catalogue: Catalogue
) -> None:
    assert clock().weekday() == 0  # Monday: with 5 session days, strength is on Monday, Wednesday and Friday
    routine = ann.get(f"{API}/profiles/Ann/routine").json()["routine"]
    strength = [i for i in routine["items"] if i["kind"] == "strength"]
    assert strength
    assert routine["strength_days"] == [0, 2, 4]
    page = ann.get("/p/Ann/routine").text
    assert "Today is a strength day (Monday, Wednesday and Friday)" in page
    for item in strength:
        name = catalogue.exercises[item["exercise_id"]].name
        assert name in page
    assert "Strength: " in page  # the area line instead of a region
    assert "with rest days between" in page  # the plain reason


def test_on_another_day_the_routine_leaves_strength_out_and_says_when_it_is(
    ann: TestClient, clock: f.Clock, catalogue: Catalogue
) -> None:
    clock.advance(days=1)  # Tuesday
    routine = ann.get(f"{API}/profiles/Ann/routine").json()["routine"]
    assert all(i["kind"] == "mobility" for i in routine["items"])
    page = ann.get("/p/Ann/routine").text
    assert "Strength work is on Monday, Wednesday and Friday" in page
    assert "It is not part of today&#39;s session." in page or "It is not part of today's session." in page


def test_the_report_shows_the_whole_week_with_the_strength_days(ann: TestClient, clock: f.Clock) -> None:
    clock.advance(days=1)  # not a strength day: the report still lists the strength work
    report = ann.get("/p/Ann/report").text
    assert "Strength work on Monday, Wednesday and Friday only" in report
    assert "Sit-to-stand" in report


def test_the_library_filters_strength_work_and_an_exercise_page_links_its_versions(
    client: TestClient, catalogue: Catalogue
) -> None:
    strength = {e.name for e in catalogue.exercises.values() if e.kind is ExerciseKind.STRENGTH}
    page = client.get("/exercises", params={"region": "strength"}).text
    assert all(name in page for name in strength)
    assert "Half-kneeling knee-to-wall" not in page
    bridge = client.get("/exercises/glute-bridge").text
    assert "Strength: hips and trunk" in bridge
    assert "Standing hip extension" in bridge  # off the floor
    assert "Single-leg bridge" in bridge  # harder
    assert "pregnancy" in bridge  # not for


def test_the_strength_learn_page_has_plain_words_first_and_sources_behind_details(client: TestClient) -> None:
    page = client.get("/learn/strength-and-activity").text
    assert "stretching on its own did about as well as doing nothing" in page
    details = page.index("Details for clinicians")
    assert page.index("Owen et al. 2020") > details
    assert "cure" in page  # says plainly it is not one


def test_the_walk_is_a_line_of_its_own_and_the_routine_adds_it_to_the_days_total(ann: TestClient, app: App) -> None:
    from supple.services import walking
    from supple.services.inputs import WalkingPlanIn, parse

    walking.set_plan(app, "Ann", parse(WalkingPlanIn, {"manages_minutes": 25, "manages_days": 4}))  # starts at 20
    routine = ann.get(f"{API}/profiles/Ann/routine").json()["routine"]
    assert routine["walking_minutes"] == 20
    assert routine["walking_days"] == 4
    assert routine["total_seconds"] <= routine["budget_seconds"]  # the walk is not taken out of the session
    session_minutes = round(routine["total_seconds"] / 60)
    page = ann.get("/p/Ann/routine").text
    assert f"With your 20-minute walk, today comes to about {session_minutes + 20} minutes in all." in page
