"""The walk test page, the file import form (analysed by a job of the home runner: progress, then the walk
found to save or discard), the result page and the walk API."""

from __future__ import annotations

import re
import time

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


def _import(client: TestClient, ann: str, data: bytes, placement: str = "lower-back") -> str:
    """Post a file to the import form; the job page's address it is sent to."""
    r = client.post(
        f"/p/{ann}/walk/import",
        files={"file": ("walk.csv", data, "text/csv")},
        data={"placement": placement},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert location.startswith(f"/p/{ann}/walk/job/")
    return str(location)


def _analysed(client: TestClient, page_url: str) -> str:
    """The job page once the home runner's thread has finished the analysis (waits on the job's status)."""
    first = client.get(page_url).text
    status = re.search(r'data-status-url="([^"]+)"', first)
    if status is not None:
        deadline = time.monotonic() + 120
        while client.get(status[1]).json()["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, "the walk analysis did not finish"
            time.sleep(0.05)
    page = client.get(page_url)
    assert page.status_code == 200
    return page.text


def test_the_walk_page_shows_where_the_phone_goes_and_the_import_form(client: TestClient, ann: str) -> None:
    r = client.get(f"/p/{ann}/walk")
    assert r.status_code == 200
    assert 'data-testid="walk-picture"' in r.text
    assert "lower back" in r.text
    assert 'data-testid="walk-import-form"' in r.text
    assert "/static/walk.js" in r.text


def test_an_imported_file_is_analysed_by_a_job_then_saved_and_its_result_page_shows_steps_pace_and_impact(
    client: TestClient, app: App, ann: str
) -> None:
    page_url = _import(client, ann, generic_csv(*walk(60)))
    page = _analysed(client, page_url)
    steps = true_steps(60)
    assert any(f"{n} steps" in page for n in range(steps - 2, steps + 3))
    assert "steps a minute" in page
    assert 'data-testid="walk-impact"' in page
    assert 'data-testid="walk-save"' in page
    assert _stored(app) == 0  # nothing is recorded until the person saves it
    assert list((app.settings.data_dir / "uploads").iterdir()) == []  # the upload went with the stored result
    saved = client.post(f"{page_url}/save", follow_redirects=False)
    assert saved.status_code == 303
    assert re.fullmatch(rf"/p/{ann}/walk/\d+", saved.headers["location"])
    result = client.get(saved.headers["location"]).text
    assert any(f"{n} steps" in result for n in range(steps - 2, steps + 3))
    assert "not something to push down" in result
    assert _stored(app) == 1
    again = client.post(f"{page_url}/save", follow_redirects=False)  # a second click: the same walk, not a copy
    assert again.status_code == 303
    assert again.headers["location"] == saved.headers["location"]
    assert client.get(page_url, follow_redirects=False).headers["location"] == saved.headers["location"]
    assert _stored(app) == 1


def test_the_import_page_shows_progress_while_the_job_waits(client: TestClient, app: App, ann: str) -> None:
    page_url = _import(client, ann, generic_csv(*walk(60)))
    job_id = page_url.rsplit("/", 1)[1]
    status = client.get(f"/api/v1/profiles/{ann}/walk-jobs/{job_id}")
    assert status.status_code == 200
    assert status.json()["page_url"] == page_url
    assert status.json()["status"] in ("queued", "running", "done")
    _analysed(client, page_url)
    assert client.get(f"/api/v1/profiles/{ann}/walk-jobs/{job_id}").json()["status"] == "done"
    profiles.create(app, parse(ProfileIn, {"name": "Bob"}))
    assert client.get(f"/p/Bob/walk/job/{job_id}").status_code == 404  # another person's import
    assert client.get(f"/api/v1/profiles/Bob/walk-jobs/{job_id}").status_code == 404


def test_a_discarded_walk_is_forgotten_and_stores_nothing(client: TestClient, app: App, ann: str) -> None:
    page_url = _import(client, ann, generic_csv(*walk(40)))
    _analysed(client, page_url)
    gone = client.post(f"{page_url}/discard", follow_redirects=False)
    assert gone.status_code == 303
    assert client.get(page_url).status_code == 404
    assert _stored(app) == 0


def test_a_pocket_file_gives_steps_and_pace_and_says_why_there_is_no_impact(client: TestClient, ann: str) -> None:
    page = _analysed(client, _import(client, ann, generic_csv(*walk(60)), placement="pocket"))
    assert 'data-testid="walk-no-impact"' in page
    assert "thigh" in page


@pytest.mark.parametrize(
    ("name", "content", "placement", "message"),
    [
        ("", b"", "lower-back", "choose a recording file"),
        ("walk.csv", b"", "lower-back", "the file is empty"),
        ("walk.csv", b"t,x,y,z\n0,0,0,1\n", "hip", "is not a place for the phone"),
    ],
)
def test_a_bad_import_is_refused_on_the_page_at_once_and_stores_nothing(
    client: TestClient, app: App, ann: str, name: str, content: bytes, placement: str, message: str
) -> None:
    r = client.post(f"/p/{ann}/walk/import", files={"file": (name, content, "text/csv")}, data={"placement": placement})
    assert r.status_code == 422
    assert message in r.text.lower()
    assert _stored(app) == 0
    assert not list((app.settings.data_dir / "uploads").glob("*/*"))  # the refused upload is gone


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"t,x,y,z\n", "header but no samples"),
        (b"when,a,b,c\n0,1,2,3\n", "the columns are when, a, b, c"),
    ],
)
def test_a_file_the_job_cannot_read_is_refused_on_the_job_page_and_stores_nothing(
    client: TestClient, app: App, ann: str, content: bytes, message: str
) -> None:
    page = _analysed(client, _import(client, ann, content))
    assert 'data-testid="walk-job-failed"' in page
    assert message in page.lower()
    assert 'data-testid="walk-save"' not in page
    assert _stored(app) == 0


def _sent(client: TestClient, url: str, data: bytes) -> dict[str, object]:
    """Post a recording to the API: 202 with the job's address in Location; the job once it has finished."""
    r = client.post(url, content=data, headers={"content-type": "text/csv"})
    assert r.status_code == 202, r.text
    location = r.headers["location"]
    assert re.fullmatch(r"/api/v1/profiles/[^/]+/walk-jobs/[\w-]+", location)
    assert r.json()["id"] == location.rsplit("/", 1)[1]
    assert r.json()["status"] in ("queued", "running", "done", "saved")
    deadline = time.monotonic() + 120
    while (job := client.get(location).json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the walk analysis did not finish"
        time.sleep(0.05)
    return dict(job)


def test_the_recorder_upload_answers_202_with_the_job_and_the_walk_is_stored_when_saved(
    client: TestClient, app: App, ann: str
) -> None:
    t, acc = synthetic_walk(40, 60, 105, seed=3)  # what a phone browser often gives: about 60 readings a second
    job = _sent(client, f"/api/v1/profiles/{ann}/walks?source=browser", generic_csv(t, acc, "m/s2"))
    assert job["status"] == "done"
    found = job["walk"]
    assert isinstance(found, dict)
    assert found["source"] == "browser"
    assert found["no_impact_reason"] == "slow-rate"
    assert found["matched_impact_g"] is None
    assert abs(found["cadence"] - 105) <= 2
    assert _stored(app) == 0  # analysed, not stored until saved
    saved = client.post(str(job["save_url"]))
    assert saved.status_code == 201
    body = saved.json()
    assert body["source"] == "browser"
    assert client.get(body["url"]).status_code == 200
    again = client.post(str(job["save_url"]))
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert _stored(app) == 1
    assert client.get(f"/api/v1/profiles/{ann}/walk-jobs/{job['id']}").json()["walk_url"] == body["url"]
    assert len(client.get(f"/api/v1/profiles/{ann}/walks").json()["walks"]) == 1
    assert list((app.settings.data_dir / "uploads").iterdir()) == []  # the upload went once analysed


def test_a_retried_upload_with_the_same_client_id_is_one_job_and_stored_once(
    client: TestClient, app: App, ann: str
) -> None:
    url = f"/api/v1/profiles/{ann}/walks?source=browser&client_id=rec-0123456789abcdef"
    first = _sent(client, url, generic_csv(*walk(40)))
    second = _sent(client, url, generic_csv(*walk(40)))
    assert second["id"] == first["id"]
    client.post(str(first["save_url"]))
    third = _sent(client, url, generic_csv(*walk(40)))  # sent again after it was saved: still the same walk
    assert third["id"] == first["id"]
    assert third["status"] == "saved"
    assert client.post(str(third["save_url"])).status_code == 200
    assert _stored(app) == 1
    assert not list((app.settings.data_dir / "uploads").glob("*/*"))  # the repeated uploads were dropped
    other = _sent(client, url.replace("0123456789abcdef", "fedcba9876543210"), generic_csv(*walk(40)))
    assert other["id"] != first["id"]
    profiles.create(app, parse(ProfileIn, {"name": "Bob"}))
    bob = _sent(client, url.replace(ann, "Bob"), generic_csv(*walk(40)))  # the same id from another person
    assert bob["id"] != first["id"]


def test_a_malformed_client_id_is_refused_naming_the_field_and_its_limits(
    client: TestClient, app: App, ann: str
) -> None:
    r = client.post(f"/api/v1/profiles/{ann}/walks?client_id=no%20spaces!", content=generic_csv(*walk(40)))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()["errors"][0]
    assert problem["field"] == "client_id"
    assert "8 to 64 characters" in problem["allowed"]
    assert _stored(app) == 0
    assert not list((app.settings.data_dir / "uploads").glob("*/*"))


def test_a_recording_the_job_refuses_fails_with_the_reason_and_what_is_allowed(
    client: TestClient, app: App, ann: str
) -> None:
    t, acc = synthetic_walk(40, 60, 105, seed=3)
    job = _sent(client, f"/api/v1/profiles/{ann}/walks", generic_csv(t[:500], acc[:500], "m/s2"))
    assert job["status"] == "failed"
    assert job["walk"] is None
    errors = job["errors"]
    assert isinstance(errors, list)
    assert "too short" in errors[0]["message"]
    assert errors[0]["allowed"]
    assert client.post(str(job["save_url"])).status_code == 422
    empty = client.post(f"/api/v1/profiles/{ann}/walks", content=b"")
    assert empty.status_code == 422  # the quick checks answer at once
    assert "the file is empty" in empty.text
    assert _stored(app) == 0


def test_a_walk_job_can_be_discarded_through_the_api(client: TestClient, app: App, ann: str) -> None:
    job = _sent(client, f"/api/v1/profiles/{ann}/walks", generic_csv(*walk(40)))
    gone = client.delete(f"/api/v1/profiles/{ann}/walk-jobs/{job['id']}")
    assert (gone.status_code, gone.json()) == (200, {"id": job["id"], "discarded": True})
    assert client.get(f"/api/v1/profiles/{ann}/walk-jobs/{job['id']}").status_code == 404
    assert client.post(str(job["save_url"])).status_code == 404
    assert _stored(app) == 0


def test_another_profiles_walk_is_not_found(client: TestClient, app: App, ann: str) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Bob"}))
    job = _sent(client, f"/api/v1/profiles/{ann}/walks", generic_csv(*walk(40)))
    assert client.get(f"/api/v1/profiles/Bob/walk-jobs/{job['id']}").status_code == 404
    assert client.post(f"/api/v1/profiles/Bob/walk-jobs/{job['id']}/save").status_code == 404
    r = client.post(str(job["save_url"]))
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


LIMIT = 50 * 2**20  # limits.max_bytes of rules/gait.yaml


def test_the_upload_limit_is_the_gait_rules_own_number() -> None:
    from supple.catalogue.gait import gait_rules

    assert gait_rules().limits.max_bytes == LIMIT
    assert gait_rules().limits.source.tag == "D"


def test_a_recording_just_over_the_limit_is_refused_by_the_api_with_413_naming_50_mb(
    client: TestClient, app: App, ann: str
) -> None:
    r = client.post(f"/api/v1/profiles/{ann}/walks", content=b"0" * (LIMIT + 1), headers={"content-type": "text/csv"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert "at most 50 MB" in r.json()["detail"]
    assert _stored(app) == 0
    assert not list((app.settings.data_dir / "uploads").glob("*/*"))
    fits = client.post(f"/api/v1/profiles/{ann}/walks", content=generic_csv(*walk(40)))
    assert fits.status_code == 202  # a real recording under the limit still goes through


def test_a_file_just_over_the_limit_is_refused_on_the_walk_page_with_413_naming_50_mb(
    client: TestClient, app: App, ann: str
) -> None:
    r = client.post(
        f"/p/{ann}/walk/import",
        files={"file": ("big.csv", b"0" * (LIMIT + 1), "text/csv")},
        data={"placement": "lower-back"},
    )
    assert r.status_code == 413
    assert "larger than 50 MB" in r.text
    assert "at most 50 MB" in r.text
    assert 'data-testid="walk-import-form"' in r.text  # the walk page again, the problem by its field
    assert _stored(app) == 0
    assert not list((app.settings.data_dir / "uploads").glob("*/*"))
    jobs = client.get(f"/p/{ann}/walk").text
    assert "walk/job/" not in jobs
