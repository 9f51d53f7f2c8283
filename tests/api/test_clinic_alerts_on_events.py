"""Clinic mode: a change to a client's record queues an alert evaluation for that client, so the
dashboard follows events; a refused change queues nothing. On SQLite the job runs in the web process."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

import tests.factories as f
from supple.bootstrap import App
from supple.db.job_models import JobResult
from supple.jobs.kinds import ALERT_EVALUATION
from tests.clinic_world import World, make_world


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app, second_clinic=False)


def _alert_jobs(app: App, owner: str) -> list[JobResult]:
    with app.sessions() as s:
        query = select(JobResult).where(JobResult.kind == ALERT_EVALUATION, JobResult.owner == owner)
        return list(s.scalars(query))


def test_a_clients_new_pain_record_queues_their_alert_evaluation(world: World) -> None:
    carl = world.people["carl"]
    assert carl.profile
    r = world.as_("carl").post(f"/api/v1/profiles/{carl.profile}/pain", json=f.baseline(now=8, worst=9))
    assert r.status_code < 400, r.text
    [job] = _alert_jobs(world.app, carl.profile)
    if world.app.engine.dialect.name == "sqlite":  # the in-process runner: wait for its one thread
        deadline = time.monotonic() + 60
        while _alert_jobs(world.app, carl.profile)[0].status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.05)
        [job] = _alert_jobs(world.app, carl.profile)
        assert job.status == "done", job.result
        assert job.result == {"alerts": 1}  # one client evaluated
    else:
        assert job.status == "queued"  # a worker takes it (tests/jobs/test_worker_kill.py runs one)


def test_a_refused_change_queues_nothing(world: World) -> None:
    carl = world.people["carl"]
    r = world.as_("carl").post(f"/api/v1/profiles/{carl.profile}/pain", json={"pain": {"now": 42}})
    assert r.status_code == 422
    assert _alert_jobs(world.app, str(carl.profile)) == []


def test_making_the_pdf_report_changes_nothing_so_queues_no_alert_evaluation(world: World) -> None:
    carl = world.people["carl"]
    assert carl.profile
    page = world.as_("kim").post(f"/p/{carl.profile}/report/pdf", follow_redirects=False)
    assert page.status_code == 303, page.text
    api = world.as_("carl").post(f"/api/v1/profiles/{carl.profile}/report-jobs")
    assert api.status_code < 400, api.text
    assert _alert_jobs(world.app, carl.profile) == []
