"""Stopping the server stops the camera jobs: queued ones are cancelled, a running one stops at its next
frame, and every upload is deleted (real clip; a stand-in estimator whose frames the test lets through, so a
job is stopped part-way by design, not by timing)."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.errors import InvalidInput
from supple.services.measure_jobs import STOPPED, Job, JobRunner, JobStatus
from supple.web.app import create_app
from tests import factories as f
from tests.factories import SAME_ORIGIN
from tests.vision.fakes import PacedEstimators


def _upload(clip: Path, tmp_path: Path, n: int) -> Path:
    folder = tmp_path / f"upload-{n}"
    folder.mkdir()
    return Path(shutil.copy(clip, folder / "upload"))


def _wait_running(job: Job) -> None:
    for _ in range(600):
        if job.status is JobStatus.RUNNING and job.done > 0:
            return
        assert job.status is not JobStatus.FAILED, job.problems
        time.sleep(0.05)
    raise AssertionError("the job never started")


def _shut_down_part_way(runner: JobRunner, paced: PacedEstimators) -> None:
    """Stop the runner while its job waits for a frame, then let the frames through."""
    stopper = threading.Thread(target=runner.shutdown)
    stopper.start()
    while not runner._stopping.is_set():
        stopper.join(timeout=0.01)
    paced.allow(10_000)
    stopper.join(timeout=120)
    assert not stopper.is_alive()


def test_shutdown_cancels_queued_jobs_stops_the_running_one_and_deletes_every_upload(
    app: App, lunge_loop: Path, tmp_path: Path
) -> None:
    paced = PacedEstimators()
    runner = JobRunner(replace(app, estimators=paced))
    jobs = [
        runner.submit("Ann", "knee-to-wall", "left", _upload(lunge_loop, tmp_path, n), level_deg=None, keep_media=True)
        for n in range(3)
    ]
    paced.allow(2)
    _wait_running(jobs[0])
    _shut_down_part_way(runner, paced)
    assert jobs[0].done < jobs[0].total  # stopped part-way, not run to the end
    for job in jobs:
        assert job.status is JobStatus.FAILED
        assert [p.message for p in job.problems] == [STOPPED]
        assert not job.media.exists()
        assert not job.media.parent.exists()
        assert job.kept_media is None  # "keep" applies to finished analyses only
    late = _upload(lunge_loop, tmp_path, 9)
    with pytest.raises(InvalidInput, match="server stopped"):
        runner.submit("Ann", "knee-to-wall", "left", late, level_deg=None, keep_media=False)
    assert not late.exists()


def test_leaving_the_app_shuts_the_job_runner_down(app: App, lunge_loop: Path) -> None:
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
        runner: JobRunner = client.app.state.camera_jobs  # type: ignore[attr-defined]
        job = runner.get(str(sent.json()["id"]))
        paced.allow(2)
        _wait_running(job)

        def release_when_stopping() -> None:
            runner._stopping.wait(120)
            paced.allow(10_000)

        threading.Thread(target=release_when_stopping, daemon=True).start()
    assert job.status is JobStatus.FAILED
    assert [p.message for p in job.problems] == [STOPPED]
    assert not job.media.parent.exists()
