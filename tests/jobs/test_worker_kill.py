"""Killing a real `supple worker` process mid-job loses nothing: the job goes back in the PostgreSQL queue,
a second worker runs it, and its result is stored once. Waits on the job's own progress, never on time."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from supple.bootstrap import App
from supple.jobs.kinds import CAMERA_ANALYSIS
from supple.jobs.procrastinate_jobs import ProcrastinateJobs
from supple.jobs.store import JobView
from tests.jobs.conftest import Workers

CLIP = Path(__file__).parents[1] / "data" / "pose" / "pose2sim-cam01.mp4"  # 100 frames: a few seconds of pose work


def _wait(
    proc: subprocess.Popen[bytes], jobs: ProcrastinateJobs, key: str, until: Callable[[JobView], bool]
) -> JobView:
    """Poll the job's row; between polls wait on the worker itself, so a worker that dies is seen at once."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        view = jobs.get(key)
        if view is not None and until(view):
            return view
        assert proc.poll() is None, f"the worker stopped with code {proc.returncode}"
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.1)
    raise AssertionError(f"the job did not get there in time: {jobs.get(key)}")


def test_a_worker_killed_mid_job_loses_nothing_and_the_result_is_stored_once(
    pg_app: App, tmp_path: Path, workers: Workers
) -> None:
    media = tmp_path / "upload.mp4"
    shutil.copy(CLIP, media)
    jobs = ProcrastinateJobs(pg_app)
    try:
        key = jobs.submit(
            CAMERA_ANALYSIS, {"media": str(media), "test_id": "knee-to-wall", "side": "left"}, owner="ann"
        )
        first = workers(tmp_path / "data")
        mid = _wait(first, jobs, key, lambda v: v.status == "running" and v.done > 0)
        assert mid.done < mid.total  # really mid-job
        first.kill()  # SIGKILL: no clean-up, no goodbye
        first.wait()
        assert jobs.get(key).status == "running"  # type: ignore[union-attr]
        assert media.exists()  # the upload stays until a result is stored

        second = workers(tmp_path / "data")
        done = _wait(second, jobs, key, lambda v: v.finished)
    finally:
        jobs.close()
    assert done.attempts == 2
    assert done.status in ("done", "failed")
    assert done.result is not None
    assert not media.exists()
    with pg_app.engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM job_result WHERE key = :k"), {"k": key}).scalar()
        queue = conn.execute(
            text("SELECT status, attempts FROM procrastinate_jobs WHERE args->>'key' = :k"), {"k": key}
        ).all()
    assert rows == 1
    assert [tuple(r) for r in queue] == [("succeeded", 2)]  # one queue job: the killed attempt and the retry
