"""Property-based fuzzing of the clearance and walk-job routes against a real profile and real jobs.

The whole-API fuzz (test_schemathesis.py) mostly meets "no such profile" on these routes, because it
makes up the profile's name. Here every generated request names a profile that exists: for a clearance,
one paused by a red flag (so a clearance can be recorded); for the walks, one that may exercise, and the
job routes name a walk job of it that exists: one whose walk was found and waits to be saved, and fresh
ones for DELETE. Each answer must be documented in the
OpenAPI document (status code and content type), errors are problem details, and none is a 5xx.
"""

from __future__ import annotations

import time
from pathlib import Path
from tempfile import mkdtemp
from typing import Any
from urllib.parse import quote

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, status_code_conformance
from schemathesis.core.result import Ok

from supple.bootstrap import App
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.web.app import create_app
from tests.factories import SAME_ORIGIN, Clock, screen_answers, shared_catalogue
from tests.gait_files import generic_csv, walk

PAUSED = "Fuzz Paused"
WALKER = "Fuzz Walker"
API = "/api/v1/profiles/"


def _make() -> Any:
    folder = Path(mkdtemp(prefix="supple-fuzz-doors-"))
    engine = make_engine(f"sqlite:///{folder / 's.db'}")
    migrate(engine)
    app = App(Settings(data_dir=folder), engine, session_factory(engine), shared_catalogue(), Clock())
    return create_app(app)


asgi = _make()
seed = TestClient(asgi, headers=SAME_ORIGIN)  # no `with`: the app stays open for the fuzzer's requests


def _profile(name: str) -> str:
    """The profile's API address (made the first time)."""
    url = API + quote(name)
    if seed.get(url).status_code == 404:
        created = seed.post("/api/v1/profiles", json={"name": name, "birth_year": 1960, "sex": "female"})
        assert created.status_code == 201, created.text
    return url


def _paused() -> None:
    """The paused profile exists and a red flag paused it (a clearance is what it waits for)."""
    url = _profile(PAUSED)
    if not seed.get(url).json()["locked"]:
        seed.post(f"{url}/screenings", json=screen_answers(yes=("saddle-numbness",)))
    assert seed.get(url).json()["locked"] is True


def _job(seconds: float, done: bool) -> str:
    """A walk job of the walker (its analysis finished when ``done``)."""
    url = _profile(WALKER)
    sent = seed.post(f"{url}/walks", content=generic_csv(*walk(seconds)), headers={"content-type": "text/csv"})
    assert sent.status_code == 202, sent.text
    job_id = str(sent.json()["id"])
    deadline = time.monotonic() + 120
    while done and seed.get(f"{url}/walk-jobs/{job_id}").json()["status"] not in ("done", "failed"):
        assert time.monotonic() < deadline, "the walk analysis did not finish"
        time.sleep(0.05)
    return job_id


_paused()
FOUND = _job(40, done=True)  # a walk waiting to be saved (saving it twice answers 200)

schema = schemathesis.openapi.from_asgi("/openapi.json", asgi).include(path_regex=r"/(clearance|walks|walk-jobs/)")


def test_the_fuzzed_routes_include_clearance_and_every_walk_job_route() -> None:
    found = list(schema.get_all_operations())
    assert all(isinstance(r, Ok) for r in found)  # every operation's schema could be read
    operations = {f"{r.ok().method.upper()} {r.ok().path}" for r in found if isinstance(r, Ok)}
    assert operations >= {
        "POST /api/v1/profiles/{name}/clearance",
        "POST /api/v1/profiles/{name}/walks",
        "GET /api/v1/profiles/{name}/walks",
        "GET /api/v1/profiles/{name}/walk-jobs/{job_id}",
        "POST /api/v1/profiles/{name}/walk-jobs/{job_id}/save",
        "DELETE /api/v1/profiles/{name}/walk-jobs/{job_id}",
    }


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_clearance_and_walk_job_routes_answer_documented_statuses_and_never_a_server_error(
    case: schemathesis.Case[Any],
) -> None:
    _paused()  # a clearance that went through unlocks it: pause it again, so each example can clear
    clearance = case.path.endswith("/clearance")
    case.path_parameters = {**(case.path_parameters or {}), "name": PAUSED if clearance else WALKER}
    if "job_id" in case.path_parameters:
        case.path_parameters["job_id"] = _job(5, done=False) if case.method.upper() == "DELETE" else FOUND
    response = case.call(headers=SAME_ORIGIN)
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance, content_type_conformance])
    if response.status_code >= 400:
        assert response.headers["content-type"][0].startswith("application/problem+json"), response.text[:300]
