"""Stopping the server stops the home mode's camera jobs (the in-process runner behind the job interface):
waiting ones fail with a plain message, a running one stops at its next frame, and every upload is deleted
(real clip; a stand-in estimator whose frames the test lets through, so a job is stopped part-way by
design, not by timing)."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.jobs.kinds import CAMERA_ANALYSIS, STOPPED, UPLOADS
from supple.jobs.queue import InProcessJobs, StoppedRunner
from supple.jobs.store import JobView
from supple.web.app import create_app
from tests import factories as f
from tests.factories import SAME_ORIGIN
from tests.vision.fakes import PacedEstimators


def _upload(app: App, clip: Path, n: int) -> Path:
    folder = app.settings.data_dir / UPLOADS / f"upload-{n}"
    folder.mkdir(parents=True)
    return Path(shutil.copy(clip, folder / "upload.video"))


def _payload(media: Path) -> dict[str, object]:
    return {"media": str(media), "test_id": "knee-to-wall", "side": "left", "keep_media": True}


def _wait_running(jobs: InProcessJobs, key: str) -> JobView:
    """Poll the job's row until the worker has analysed a frame (it waits on the test's go-ahead)."""
    for _ in range(1200):
        view = jobs.get(key)
        assert view is not None
        if view.status == "running" and view.done > 0:
            return view
        assert view.status != "failed", view.result
        time.sleep(0.05)
    raise AssertionError("the job never started")


def _close_part_way(jobs: InProcessJobs, paced: PacedEstimators) -> None:
    """Close the runner while its job waits for a frame, then let the frames through."""
    stopper = threading.Thread(target=jobs.close)
    stopper.start()
    while not jobs.stopping:
        stopper.join(timeout=0.01)
    paced.allow(10_000)
    stopper.join(timeout=120)
    assert not stopper.is_alive()


def test_closing_fails_waiting_jobs_stops_the_running_one_and_deletes_every_upload(app: App, lunge_loop: Path) -> None:
    paced = PacedEstimators()
    jobs = InProcessJobs(replace(app, estimators=paced))
    media = [_upload(app, lunge_loop, n) for n in range(3)]
    keys = [jobs.submit(CAMERA_ANALYSIS, _payload(m), owner="Ann") for m in media]
    paced.allow(2)
    _wait_running(jobs, keys[0])
    _close_part_way(jobs, paced)
    first = jobs.get(keys[0])
    assert first is not None
    assert first.done < first.total  # stopped part-way, not run to the end
    for key, upload in zip(keys, media, strict=True):
        view = jobs.get(key)
        assert view is not None
        assert view.status == "failed"
        assert view.result == {"problems": [STOPPED]}
        assert not upload.exists()
        assert not upload.parent.exists()
    assert not (app.settings.data_dir / "camera" / "media").exists()  # "keep" applies to finished analyses only
    late = _upload(app, lunge_loop, 9)
    with pytest.raises(StoppedRunner):
        jobs.submit(CAMERA_ANALYSIS, _payload(late), owner="Ann")
    assert not late.exists()


def test_leaving_the_app_closes_the_job_runner(app: App, lunge_loop: Path) -> None:
    paced = PacedEstimators()
    with TestClient(create_app(replace(app, estimators=paced)), headers=SAME_ORIGIN) as client:
        client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"})
        client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers())
        sent = client.post(
            "/api/v1/profiles/Ann/camera/knee-to-wall",
            files={"file": ("lunge.mp4", lunge_loop.read_bytes(), "video/mp4")},
            data={"side": "left"},
        )
        assert sent.status_code == 202
        jobs: InProcessJobs = client.app.state.jobs  # type: ignore[attr-defined]
        key = str(sent.json()["id"])
        paced.allow(2)
        _wait_running(jobs, key)

        def release_when_stopping() -> None:
            while not jobs.stopping:
                time.sleep(0.01)
            paced.allow(10_000)

        threading.Thread(target=release_when_stopping, daemon=True).start()
    view = jobs.get(key)
    assert view is not None
    assert view.status == "failed"
    assert view.result is not None
    assert view.result["problems"] == [STOPPED]
    assert list((app.settings.data_dir / UPLOADS).iterdir()) == []
