"""Clinic mode's camera measurements, walk-file imports and PDF reports go through the job interface to a
real `supple worker` on PostgreSQL: the web process only queues them; their progress and results are read
back from the job store; the uploads, pictures and PDFs sit in the shared media folder. Waits on the
worker, never on time."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import tests.factories as f
from supple.bootstrap import App
from supple.clinic import client_data
from tests.clinic_world import World, make_world
from tests.gait_files import generic_csv, walk
from tests.jobs.conftest import Workers, wait_for
from tests.vision.media import lying_photo


def _status(world: World, who: str, url: str) -> str:
    answer = world.as_(who).get(url)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["status"])


def test_a_clients_camera_measurement_runs_on_a_worker_and_is_recorded_from_the_stored_result(
    pg_app: App, tmp_path: Path, workers: Workers
) -> None:
    world = make_world(pg_app, second_clinic=False)
    profile = str(world.people["carl"].profile)
    carl = world.as_("carl")
    assert carl.post(f"/api/v1/profiles/{quote(profile)}/screenings", json=f.screen_answers()).status_code < 400
    sent = carl.post(
        f"/p/{quote(profile)}/tests/modified-thomas/camera",
        files={"file": ("side.jpg", lying_photo(tmp_path).read_bytes(), "image/jpeg")},
        data={"side": "left"},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    page_url = sent.headers["location"]
    waiting = carl.get(page_url).text
    assert 'data-testid="camera-progress"' in waiting  # queued: no worker yet, and the web process runs nothing
    status_url = re.search(r'data-status-url="([^"]+)"', waiting)
    assert status_url is not None
    assert status_url[1].startswith(f"/api/v1/profiles/{quote(profile)}/camera/jobs/")
    assert _status(world, "carl", status_url[1]) == "queued"
    assert world.as_("kim").get(page_url).status_code == 404  # a client's own measurement: not their clinician's
    assert world.as_("dora").get(status_url[1]).status_code == 404

    worker = workers(pg_app.settings.data_dir)  # the shared media folder
    wait_for(worker, lambda: _status(world, "carl", status_url[1]) in ("done", "failed"), "the analysis")
    assert _status(world, "carl", status_url[1]) == "done"
    page = world.as_("carl").get(page_url).text
    assert 'data-testid="camera-value"' in page
    assert world.as_("carl").get(f"{page_url}/image").headers["content-type"] == "image/jpeg"
    job_id = page_url.rsplit("/", 1)[1]
    picture = pg_app.settings.data_dir / "camera" / "jobs" / f"{job_id}.jpg"
    assert picture.is_file()
    assert list((pg_app.settings.data_dir / "uploads").iterdir()) == []  # the upload went with the stored result

    done = world.as_("carl").post(f"{page_url}/confirm", follow_redirects=False)
    assert done.status_code == 303
    assert "saved=modified-thomas" in done.headers["location"]
    results = world.as_("kim").get(f"/api/v1/profiles/{quote(profile)}/results")
    assert "modified-thomas" in results.text  # their clinician sees the recorded result
    assert not picture.exists()  # kept as the test's still instead
    assert len(list((pg_app.settings.data_dir / "camera").glob("*.jpg"))) == 1
    assert world.as_("carl").get(page_url).status_code == 404


def test_a_clinicians_pdf_report_is_made_by_a_worker_then_downloaded_and_erased_with_the_client(
    pg_app: App, workers: Workers
) -> None:
    world = make_world(pg_app, second_clinic=False)
    profile = str(world.people["carl"].profile)
    client_page = world.as_("kim").get(f"/clinic/clients/{world.people['carl'].account_id}").text
    assert f'action="/p/{quote(profile)}/report/pdf"' in client_page
    sent = world.as_("kim").post(f"/p/{quote(profile)}/report/pdf", follow_redirects=False)
    assert sent.status_code == 303, sent.text
    page_url = sent.headers["location"]
    waiting = world.as_("kim").get(page_url).text
    assert 'data-testid="report-progress"' in waiting
    status_url = re.search(r'data-status-url="([^"]+)"', waiting)
    assert status_url is not None
    assert world.as_("lee").get(page_url).status_code == 404  # not lee's client
    assert world.as_("lee").get(status_url[1]).status_code == 404

    worker = workers(pg_app.settings.data_dir)
    wait_for(worker, lambda: _status(world, "kim", status_url[1]) in ("done", "failed"), "the report")
    ready = world.as_("kim").get(page_url).text
    link = re.search(r'data-testid="report-download" href="([^"]+)"', ready)
    assert link is not None, ready
    pdf = world.as_("kim").get(link[1])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    assert world.as_("lee").get(link[1]).status_code == 404
    made = list((pg_app.settings.data_dir / "reports").glob("*.pdf"))
    assert len(made) == 1

    admin = world.accounts.current(world.people["ada"].token)
    assert admin is not None
    erased = client_data.erase_client(
        pg_app, admin, world.people["carl"].account_id, "carl@example.org", pg_app.settings.data_dir
    )
    assert erased.files >= 1
    assert not made[0].exists()  # the client's PDF goes with them


def test_a_clients_walk_file_import_is_analysed_on_a_worker_and_saved_from_the_stored_result(
    pg_app: App, workers: Workers
) -> None:
    world = make_world(pg_app, second_clinic=False)
    profile = str(world.people["carl"].profile)
    sent = world.as_("carl").post(
        f"/p/{quote(profile)}/walk/import",
        files={"file": ("walk.csv", generic_csv(*walk(60)), "text/csv")},
        data={"placement": "lower-back"},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    page_url = sent.headers["location"]
    waiting = world.as_("carl").get(page_url).text
    assert 'data-testid="walk-job-progress"' in waiting  # queued: no worker yet, and the web process runs nothing
    status_url = re.search(r'data-status-url="([^"]+)"', waiting)
    assert status_url is not None
    assert _status(world, "carl", status_url[1]) == "queued"
    assert world.as_("kim").get(page_url).status_code == 404  # the client's own import, until saved
    assert world.as_("dora").get(status_url[1]).status_code == 404
    assert len(list((pg_app.settings.data_dir / "uploads").iterdir())) == 1  # the file waits in the media folder

    worker = workers(pg_app.settings.data_dir)
    wait_for(worker, lambda: _status(world, "carl", status_url[1]) in ("done", "failed"), "the walk analysis")
    assert _status(world, "carl", status_url[1]) == "done"
    assert list((pg_app.settings.data_dir / "uploads").iterdir()) == []  # gone with the stored result
    page = world.as_("carl").get(page_url).text
    assert 'data-testid="walk-impact"' in page
    assert world.as_("kim").get(f"/api/v1/profiles/{quote(profile)}/walks").json()["walks"] == []  # not saved yet

    saved = world.as_("carl").post(f"{page_url}/save", follow_redirects=False)
    assert saved.status_code == 303
    [walk_row] = world.as_("kim").get(f"/api/v1/profiles/{quote(profile)}/walks").json()["walks"]
    assert abs(walk_row["cadence"] - 110) <= 2  # their clinician sees the saved walk
    again = world.as_("carl").get(page_url, follow_redirects=False)  # saved: the job page leads to the stored walk
    assert again.status_code == 303
    assert again.headers["location"] == saved.headers["location"]
