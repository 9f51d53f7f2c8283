"""Property-based fuzzing of POST /api/v1/imports past the checksum: hypothesis changes any value of a
real export (any type, any size, any date) and the checksum is recomputed, so every case reaches the
import code. Never a 5xx; and whatever is accepted opens on every page afterwards (issue 11)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tests.factories as f
from supple.bootstrap import App
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.services import export
from supple.web.app import create_app
from tests.factories import SAME_ORIGIN, Clock

API = "/api/v1"
PAGES: tuple[str, ...] = ("/p/Fuzz", "/p/Fuzz/routine", "/p/Fuzz/progress", "/p/Fuzz/records", "/p/Fuzz/report")
PAGES += (f"{API}/profiles/Fuzz/calendar.ics", f"{API}/profiles/Fuzz/fhir", f"{API}/profiles/Fuzz/progress")


def _client() -> TestClient:
    folder = Path(tempfile.mkdtemp(prefix="supple-import-fuzz-"))
    engine = make_engine(f"sqlite:///{folder / 's.db'}")
    migrate(engine)
    app = App(Settings(data_dir=folder), engine, session_factory(engine), default_catalogue(), Clock())
    return TestClient(create_app(app), headers=SAME_ORIGIN)


CLIENT = _client()


def _document() -> dict[str, Any]:
    """A real export with a record in every list that the API can make in a few calls."""
    c = CLIENT
    c.post(f"{API}/profiles", json={"name": "Seed", "birth_year": 1970, "sex": "female"})
    c.post(f"{API}/profiles/Seed/screenings", json=f.screen_answers())
    c.post(f"{API}/profiles/Seed/pain", json=f.baseline(walking=6))
    c.post(f"{API}/profiles/Seed/assessments", json=f.stiff_person_tests())
    items = [i["exercise_id"] for i in c.get(f"{API}/profiles/Seed/routine").json()["routine"]["items"]]
    c.post(f"{API}/profiles/Seed/sessions", json=f.session_log(items, client_id="seed-session-1"))
    c.post(f"{API}/profiles/Seed/checkins", json={"pain": 2})
    c.post(f"{API}/profiles/Seed/calendar-feed")
    doc: dict[str, Any] = c.get(f"{API}/profiles/Seed/export").json()
    return doc


SEED = _document()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [prefix] + [p for k, v in node.items() for p in _paths(v, (*prefix, k))]
    if isinstance(node, list):
        return [prefix] + [p for i, v in enumerate(node) for p in _paths(v, (*prefix, i))]
    return [prefix]


PATHS = [p for p in _paths(SEED["data"]) if p]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**31, max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-03-01T10:00:00+05:00", "1999-12-31T23:59:59", "\u202e5", ".."]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_any_edited_export_with_a_valid_checksum_is_refused_or_opens_everywhere(
    changes: list[tuple[tuple[str, ...], Any]],
) -> None:
    doc = json.loads(json.dumps(SEED))
    doc["data"]["profile"]["name"] = "Fuzz"
    for path, value in changes:
        try:
            _replace(doc["data"], path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place this one points at
    doc["checksum"] = export.checksum_of(doc["data"])
    r = CLIENT.post(f"{API}/imports", content=json.dumps(doc).encode(), headers={"content-type": "application/json"})
    assert r.status_code < 500, r.text[:500]
    if r.status_code != 201:
        assert r.headers["content-type"] == "application/problem+json"
        return
    name = r.json()["name"]
    try:
        for page in PAGES:
            answer = CLIENT.get(page.replace("Fuzz", name))
            assert answer.status_code < 500, (page, changes, answer.text[:300])
    finally:
        CLIENT.delete(f"{API}/profiles/{name}", params={"confirm": name})
