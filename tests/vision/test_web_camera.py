"""The camera upload on the web: page flow without JavaScript, and the JSON API, with the real model."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.web.app import create_app
from tests import factories as f
from tests.factories import SAME_ORIGIN
from tests.vision.media import COCO_IMAGE, lying_photo

API = "/api/v1"


@pytest.fixture
def client(app: App) -> Iterator[TestClient]:
    with TestClient(create_app(app), headers=SAME_ORIGIN) as c:
        c.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"})
        c.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers())
        yield c


def wait(client: TestClient, status_url: str, within: float = 300.0) -> dict[str, object]:
    """Poll until the job has ended: readiness, not a count of polls (the pose model runs several times
    slower when other work shares the two cores)."""
    deadline = time.monotonic() + within
    while True:
        job: dict[str, object] = client.get(status_url).json()
        if job["status"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, f"the job did not finish within {within:.0f} s: {job}"
        time.sleep(0.1)


def photo_bytes() -> bytes:
    return COCO_IMAGE.read_bytes()


def test_the_test_page_offers_the_upload_only_for_tests_the_camera_can_measure(client: TestClient) -> None:
    page = client.get("/p/Ann/tests/knee-to-wall").text
    assert 'data-testid="camera-form"' in page
    assert 'accept="image/*,video/*" capture' in page
    assert 'data-testid="camera-form"' not in client.get("/p/Ann/tests/seated-thoracic-rotation").text


def test_upload_progress_result_and_confirm_without_javascript(client: TestClient, app: App, tmp_path: Path) -> None:
    sent = client.post(
        "/p/Ann/tests/modified-thomas/camera",
        files={"file": ("side.jpg", lying_photo(tmp_path).read_bytes(), "image/jpeg")},
        data={"side": "left"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    job_url = sent.headers["location"]
    job_id = job_url.rsplit("/", 1)[1]
    wait(client, f"{API}/camera/jobs/{job_id}")
    page = client.get(job_url).text
    assert 'data-testid="camera-value"' in page
    assert "Thigh to horizontal" in page
    assert 'data-testid="camera-frame">the photo' in page
    image = client.get(f"{job_url}/image")
    assert image.headers["content-type"] == "image/jpeg"
    assert image.headers["cache-control"] == "no-store"
    assert list((app.settings.data_dir).glob("camera/*.jpg")) == []  # nothing kept before confirming
    waiting = list(app.settings.data_dir.glob("camera/jobs/*.jpg"))
    assert [p.stem for p in waiting] == [job_id]  # the annotated picture waits in the media folder

    confirmed = client.post(f"{job_url}/confirm", follow_redirects=False)
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/p/Ann/tests?saved=modified-thomas"
    assert len(list(app.settings.data_dir.glob("camera/*.jpg"))) == 1
    results = client.get(f"{API}/profiles/Ann/results").json()
    assert "modified-thomas" in str(results)
    assert client.get(job_url).status_code == 404  # the job is forgotten, its waiting picture deleted
    assert not waiting[0].exists()
    assert list(app.settings.data_dir.glob("uploads/*")) == []  # the upload went when the result was stored


def test_a_bad_upload_is_refused_on_a_page_and_in_the_api_with_a_problem_detail(client: TestClient) -> None:
    page = client.post(
        "/p/Ann/tests/knee-to-wall/camera", files={"file": ("a.jpg", b"hello", "image/jpeg")}, data={"side": "left"}
    )
    assert page.status_code == 422
    assert "not a photo or a video" in page.text
    assert 'data-testid="test-form"' in page.text  # the test page again, not a dead end
    assert 'id="camera-file-error"' in page.text  # the problem sits next to the upload field
    assert 'action="/p/Ann/tests/knee-to-wall/camera#camera"' in page.text
    no_file = client.post("/p/Ann/tests/knee-to-wall/camera", data={"side": "right", "level": "3"})
    assert no_file.status_code == 422
    assert "Choose a photo or a video to upload" in no_file.text
    assert 'value="right" checked' in no_file.text  # the answers are kept
    assert 'value="3"' in no_file.text
    level = client.post(
        "/p/Ann/tests/knee-to-wall/camera",
        files={"file": ("a.jpg", photo_bytes(), "image/jpeg")},
        data={"side": "left", "level": "steep"},
    )
    assert level.status_code == 422
    assert 'id="camera-level-error"' in level.text
    assert "-90 to 90 degrees" in level.text

    api = client.post(
        f"{API}/profiles/Ann/camera/knee-to-wall", files={"file": ("a.mp4", b"", "video/mp4")}, data={"side": "left"}
    )
    assert api.status_code == 422
    assert api.headers["content-type"] == "application/problem+json"
    assert "empty (0 bytes)" in api.text
    nothing = client.post(f"{API}/profiles/Ann/camera/knee-to-wall", data={"side": "left"})
    assert nothing.status_code == 422
    assert "choose a photo or a video" in nothing.text

    side = client.post(
        f"{API}/profiles/Ann/camera/knee-to-wall",
        files={"file": ("a.jpg", photo_bytes(), "image/jpeg")},
        data={"side": "up"},
    )
    assert side.status_code == 422
    assert "left, right" in side.text

    huge = client.post(
        f"{API}/profiles/Ann/camera/knee-to-wall",
        content=b"x",
        headers={"content-type": "multipart/form-data; boundary=b", "content-length": str(300 * 2**20)},
    )
    assert huge.status_code == 413
    assert "at most 200" in huge.text


def test_the_api_runs_a_job_reports_progress_and_records_on_confirmation(client: TestClient, tmp_path: Path) -> None:
    sent = client.post(
        f"{API}/profiles/Ann/camera/modified-thomas",
        files={"file": ("side.jpg", lying_photo(tmp_path).read_bytes(), "image/jpeg")},
        data={"side": "left", "keep_media": "yes"},
    )
    assert sent.status_code == 202
    job = wait(client, str(sent.json()["status_url"]))
    assert job["progress"] == 1.0
    result = job["result"]
    assert isinstance(result, dict)
    assert result["ok"] is True
    assert result["issues"] == []
    done = client.post(f"{API}/camera/jobs/{job['id']}/confirm")
    assert done.status_code == 201
    assert done.json()["method"] == "camera"
    assert done.json()["still_kept"] is True
    again = client.post(f"{API}/camera/jobs/{job['id']}/confirm")
    assert again.status_code == 404


def test_a_running_job_page_refreshes_itself_without_javascript_and_polls_with_it(client: TestClient, app: App) -> None:
    from supple.jobs.kinds import CAMERA_ANALYSIS
    from supple.jobs.store import JobStore

    store = JobStore(app.sessions)  # a job caught mid-way, as a worker left it, without running the model
    store.add("running-job", CAMERA_ANALYSIS, "Ann", {"test_id": "knee-to-wall", "side": "left"})
    store.start("running-job")
    store.progress("running-job", 30, 100)
    page = client.get("/p/Ann/camera/running-job").text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert 'value="30"' in page
    assert '<script src="/static/camera.js" defer></script>' in page
    assert 'data-status-url="/api/v1/profiles/Ann/camera/jobs/running-job"' in page
    for url in (f"{API}/camera/jobs/running-job", f"{API}/profiles/Ann/camera/jobs/running-job"):
        status = client.get(url).json()
        assert (status["status"], status["progress"], status["frames_done"]) == ("running", 0.3, 30)
        assert (status["test"], status["side"]) == ("knee-to-wall", "left")
    client.post(f"{API}/profiles", json={"name": "Bo", "birth_year": 1980, "sex": "male"})
    other = client.get("/p/Bo/camera/running-job")
    assert other.status_code == 404  # another person's job is not shown
    assert "no longer available" in other.text
    assert client.get(f"{API}/profiles/Bo/camera/jobs/running-job").status_code == 404
