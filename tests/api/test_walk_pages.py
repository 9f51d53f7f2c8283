"""The walk test page, the file import form, the result page and the walk API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from supple.bootstrap import App
from supple.db.models import WalkRecording
from supple.domain.gait_impact import synthetic_walk
from supple.services import profiles
from supple.services.inputs import ProfileIn, parse
from tests.gait_files import generic_csv, true_steps, walk


@pytest.fixture
def ann(app: App) -> str:
    profiles.create(app, parse(ProfileIn, {"name": "Ann"}))
    return "Ann"


def _stored(app: App) -> int:
    with app.sessions() as s:
        return s.scalar(select(func.count()).select_from(WalkRecording)) or 0


def test_the_walk_page_shows_where_the_phone_goes_and_the_import_form(client: TestClient, ann: str) -> None:
    r = client.get(f"/p/{ann}/walk")
    assert r.status_code == 200
    assert 'data-testid="walk-picture"' in r.text
    assert "lower back" in r.text
    assert 'data-testid="walk-import-form"' in r.text
    assert "/static/walk.js" in r.text


def test_an_imported_file_is_analysed_and_its_result_page_shows_steps_pace_and_impact(
    client: TestClient, app: App, ann: str
) -> None:
    data = generic_csv(*walk(60))
    r = client.post(
        f"/p/{ann}/walk/import",
        files={"file": ("walk.csv", data, "text/csv")},
        data={"placement": "lower-back"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    steps = true_steps(60)
    assert any(f"{n} steps" in page.text for n in range(steps - 2, steps + 3))
    assert "steps a minute" in page.text
    assert 'data-testid="walk-impact"' in page.text
    assert "not something to push down" in page.text
    assert _stored(app) == 1


def test_a_pocket_file_gives_steps_and_pace_and_says_why_there_is_no_impact(client: TestClient, ann: str) -> None:
    data = generic_csv(*walk(60))
    r = client.post(
        f"/p/{ann}/walk/import", files={"file": ("walk.csv", data, "text/csv")}, data={"placement": "pocket"}
    )
    assert r.status_code == 200
    assert 'data-testid="walk-no-impact"' in r.text
    assert "thigh" in r.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "choose a recording file"),
        (b"t,x,y,z\n", "header but no samples"),
        (b"when,a,b,c\n0,1,2,3\n", "the columns are when, a, b, c"),
    ],
)
def test_a_bad_import_is_refused_on_the_page_and_stores_nothing(
    client: TestClient, app: App, ann: str, content: bytes, message: str
) -> None:
    files = {"file": ("walk.csv", content, "text/csv")} if content else {"file": ("", b"", "text/csv")}
    r = client.post(f"/p/{ann}/walk/import", files=files, data={"placement": "lower-back"})
    assert r.status_code == 422
    assert message in r.text
    assert _stored(app) == 0


def test_the_recorder_upload_answers_with_the_result_address_or_problem_details(
    client: TestClient, app: App, ann: str
) -> None:
    t, acc = synthetic_walk(40, 60, 105, seed=3)  # what a phone browser often gives: about 60 readings a second
    ok = client.post(f"/api/v1/profiles/{ann}/walks?source=browser", content=generic_csv(t, acc, "m/s2"))
    assert ok.status_code == 201
    body = ok.json()
    assert body["source"] == "browser"
    assert body["no_impact_reason"] == "slow-rate"
    assert body["matched_impact_g"] is None
    assert abs(body["cadence"] - 105) <= 2
    assert client.get(body["url"]).status_code == 200
    short = client.post(f"/api/v1/profiles/{ann}/walks", content=generic_csv(t[:500], acc[:500], "m/s2"))
    assert short.status_code == 422
    assert short.headers["content-type"].startswith("application/problem+json")
    assert short.json()["errors"][0]["field"] == "file"
    assert "too short" in short.json()["errors"][0]["message"]
    listing = client.get(f"/api/v1/profiles/{ann}/walks").json()
    assert len(listing["walks"]) == 1
    assert _stored(app) == 1


def test_another_profiles_walk_is_not_found(client: TestClient, app: App, ann: str) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Bob"}))
    r = client.post(f"/api/v1/profiles/{ann}/walks", content=generic_csv(*walk(40)))
    assert r.status_code == 201
    assert client.get(f"/p/Bob/walk/{r.json()['id']}").status_code == 404


def test_the_progress_page_shows_the_latest_walk_and_links_to_the_walk_test(
    client: TestClient, app: App, ann: str
) -> None:
    from supple.services import walks

    before = client.get(f"/p/{ann}/progress")
    assert before.status_code == 200
    assert 'data-testid="progress-walk-link"' in before.text
    walks.record(app, ann, walks.analyse_bytes(generic_csv(*walk(40)), "w.csv", "lower-back"), "lower-back")
    after = client.get(f"/p/{ann}/progress").text
    assert "Latest walk:" in after
    assert "at 110 steps a minute" in after


def test_the_walking_target_is_set_and_walks_logged_from_the_walk_page(client: TestClient, app: App, ann: str) -> None:
    from supple.services import walking

    page = client.get(f"/p/{ann}/walk").text
    assert 'data-testid="walking-start-form"' in page
    bad = client.post(f"/p/{ann}/walking/start", data={"manages_minutes": "lots", "manages_days": "3"})
    assert bad.status_code == 422
    assert "is not a whole number" in bad.text
    assert "0 to 600 minutes a day" in bad.text
    assert walking.current(app, ann) is None
    ok = client.post(
        f"/p/{ann}/walking/start", data={"manages_minutes": "25", "manages_days": "4"}, follow_redirects=False
    )
    assert ok.status_code == 303
    page = client.get(f"/p/{ann}/walk").text
    assert "Walk 20 minutes on 4 days a week." in page
    logged = client.post(f"/p/{ann}/walking/log", data={"minutes": "22", "steps": "2500"}, follow_redirects=True)
    assert "This week: 22 minutes on 1 day." in logged.text
    assert "(s)" not in logged.text
    refused = client.post(f"/p/{ann}/walking/log", data={"minutes": "22", "with_session": "yes"})
    assert refused.status_code == 422
    assert "no session today" in refused.text


def test_the_walk_page_says_one_minute_and_one_day_in_the_singular_and_two_in_the_plural(
    client: TestClient, ann: str
) -> None:
    client.post(f"/p/{ann}/walking/start", data={"manages_minutes": "25", "manages_days": "4"})
    before = client.get(f"/p/{ann}/walk").text
    assert "This week: no walks logged yet." in before
    one = client.post(f"/p/{ann}/walking/log", data={"minutes": "1"}, follow_redirects=True).text
    assert "This week: 1 minute on 1 day." in one
    more = client.post(f"/p/{ann}/walking/log", data={"minutes": "1"}, follow_redirects=True).text
    assert "This week: 2 minutes on 1 day." in more
