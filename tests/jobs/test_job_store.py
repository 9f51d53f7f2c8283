"""The job table on SQLite and PostgreSQL: a result is stored once; a job with a result is not run again;
the home runner behind the same interface runs a job to its stored result."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from supple.bootstrap import App
from supple.jobs import kinds
from supple.jobs.queue import InProcessJobs
from supple.jobs.store import JobStore


def test_a_final_result_is_stored_once_and_a_second_finish_changes_nothing(any_app: App) -> None:
    store = JobStore(any_app.sessions)
    store.add("k1", kinds.WALK_ANALYSIS, "ann")
    assert store.start("k1")
    store.progress("k1", 3, 10)
    assert (store.get("k1").done, store.get("k1").total) == (3, 10)  # type: ignore[union-attr]
    assert store.finish("k1", "done", {"steps": 12})
    assert not store.finish("k1", "done", {"steps": 99})
    assert store.get("k1").result == {"steps": 12}  # type: ignore[union-attr]


def test_a_job_whose_result_is_stored_is_not_run_again(any_app: App, tmp_path: Path) -> None:
    upload = tmp_path / "walk.csv"
    upload.write_text("kept, because the job does not run again\n")
    store = JobStore(any_app.sessions)
    store.add("k2", kinds.WALK_ANALYSIS, "ann")
    store.start("k2")
    store.finish("k2", "done", {"steps": 12})
    payload = {"file": str(upload), "filename": "walk.csv", "placement": "lower-back"}
    kinds.run_job(any_app, store, "k2", kinds.WALK_ANALYSIS, payload)
    view = store.get("k2")
    assert view is not None
    assert (view.attempts, view.result) == (1, {"steps": 12})
    assert upload.exists()


def test_the_home_runner_analyses_a_walk_file_and_a_bad_file_becomes_plain_problems(app: App, tmp_path: Path) -> None:
    jobs = InProcessJobs(app)
    bad = tmp_path / "walk.csv"
    bad.write_text("not,a,recording\n1,2,3\n")
    try:
        key = jobs.submit(kinds.WALK_ANALYSIS, {"file": str(bad), "filename": "walk.csv", "placement": "lower-back"})
    finally:
        jobs.close()  # waits for the job
    view = jobs.get(key)
    assert view is not None
    assert view.status == "failed"
    assert view.result is not None
    assert view.result["problems"]
    assert not bad.exists()  # the upload goes once the result is stored


def test_an_unknown_kind_of_job_is_refused_before_anything_is_stored(app: App) -> None:
    jobs = InProcessJobs(app)
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.submit("mine-bitcoin", {})
    jobs.close()


def test_a_second_alert_evaluation_for_a_client_waiting_in_the_queue_is_merged_into_it(pg_app: App) -> None:
    from supple.jobs.procrastinate_jobs import ProcrastinateJobs

    jobs = ProcrastinateJobs(pg_app)  # the shared queue of clinic mode runs on PostgreSQL
    try:
        first = jobs.submit(kinds.ALERT_EVALUATION, {"client_id": 7}, owner="ann", once="alerts-7")
        second = jobs.submit(kinds.ALERT_EVALUATION, {"client_id": 7}, owner="ann", once="alerts-7")
        other = jobs.submit(kinds.ALERT_EVALUATION, {"client_id": 8}, owner="bo", once="alerts-8")
    finally:
        jobs.close()
    assert jobs.get(first).status == "queued"  # type: ignore[union-attr]
    assert jobs.get(other).status == "queued"  # type: ignore[union-attr]
    merged = jobs.get(second)
    assert merged is not None
    assert merged.status == "done"
    assert merged.result is not None
    assert "alerts-7" in merged.result["merged"]


def test_a_job_key_chosen_by_the_caller_is_added_once_and_a_claim_has_one_winner(any_app: App) -> None:
    store = JobStore(any_app.sessions)
    assert store.add_new("walk-abc", kinds.WALK_ANALYSIS, "ann", {"filename": "a.csv"})
    assert not store.add_new("walk-abc", kinds.WALK_ANALYSIS, "ann", {"filename": "b.csv"})
    assert store.get("walk-abc").about == {"filename": "a.csv"}  # type: ignore[union-attr]
    assert store.claim("walk-abc", "done", "saved") is None  # still queued: nothing to save
    store.start("walk-abc")
    store.finish("walk-abc", "done", {"steps": 12})
    won = store.claim("walk-abc", "done", "saved")
    assert won is not None
    assert won.status == "saved"
    assert store.claim("walk-abc", "done", "saved") is None  # the second click loses
    assert not store.start("walk-abc")  # a saved job is final: a retried worker does not run it again
    store.annotate("walk-abc", {"saved_walk": 5})
    assert store.get("walk-abc").result == {"steps": 12, "about": {"filename": "a.csv"}, "saved_walk": 5}  # type: ignore[union-attr]


def _wait_final(jobs: InProcessJobs, key: str, within: float = 120.0) -> None:
    """Wait (polling, up to ``within`` seconds) until the job has ended; closing the runner earlier would
    fail a job still waiting instead of running it."""
    deadline = time.monotonic() + within
    while (view := jobs.get(key)) is None or view.status not in ("done", "failed"):
        assert time.monotonic() < deadline, f"job {key} not finished within {within} s: {view}"
        time.sleep(0.05)


def test_a_job_submitted_twice_with_the_same_key_runs_once_and_the_second_upload_is_dropped(
    app: App, tmp_path: Path
) -> None:
    first, second = tmp_path / "a" / "walk.csv", tmp_path / "b" / "walk.csv"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("not,a,recording\n1,2,3\n")
    jobs = InProcessJobs(app)
    try:
        one = jobs.submit(kinds.WALK_ANALYSIS, {"file": str(first), "filename": "w.csv", "placement": "lower-back"},
                          owner="ann", key="walk-same")  # fmt: skip
        two = jobs.submit(kinds.WALK_ANALYSIS, {"file": str(second), "filename": "w.csv", "placement": "lower-back"},
                          owner="ann", key="walk-same")  # fmt: skip
        _wait_final(jobs, "walk-same")  # on a busy machine the worker may not have started it yet
    finally:
        jobs.close()
    assert one == two == "walk-same"
    assert not second.exists()  # the repeated upload is not kept
    view = jobs.get("walk-same")
    assert view is not None
    assert (view.status, view.attempts) == ("failed", 1)


def test_the_clinic_queue_takes_a_job_key_once(pg_app: App, tmp_path: Path) -> None:
    from supple.jobs.procrastinate_jobs import ProcrastinateJobs

    upload = tmp_path / "x" / "walk.csv"
    upload.parent.mkdir()
    upload.write_text("t,x,y,z\n")
    jobs = ProcrastinateJobs(pg_app)
    try:
        one = jobs.submit(kinds.WALK_ANALYSIS, {"file": "/nonexistent", "filename": "w.csv", "placement": "lower-back"},
                          owner="ann", key="walk-pg")  # fmt: skip
        two = jobs.submit(kinds.WALK_ANALYSIS, {"file": str(upload), "filename": "w.csv", "placement": "lower-back"},
                          owner="ann", key="walk-pg")  # fmt: skip
        with pg_app.engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT count(*) FROM procrastinate_jobs WHERE args->>'key' = 'walk-pg'")
            queued = found.scalar()
    finally:
        jobs.close()
    assert one == two == "walk-pg"
    assert queued == 1
    assert not upload.exists()
