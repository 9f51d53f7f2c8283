"""Imports that would break a profile for good (issue 11, medium 2-4): edited files with a recomputed
checksum, bombs and absurd values are refused with a problem naming the field; nothing is written, and a
profile that was imported opens on every page."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from supple.services import export
from supple.services.import_ import MAX_BYTES
from supple.web.app import create_app
from tests.conftest import _app
from tests.factories import SAME_ORIGIN, Clock
from tests.integration.lived_in import LivedInStore, lived_in_store_fixture  # noqa: F401 (fixture)

API = "/api/v1"
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def exported(lived_in_store: LivedInStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    source, _ = lived_in_store.copy(tmp_path_factory.mktemp("export"))
    doc = export.document(source, "Ann")
    source.engine.dispose()
    return doc


@pytest.fixture
def empty(lived_in_store: LivedInStore, tmp_path: Path) -> Iterator[TestClient]:
    other = _app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path, Clock(lived_in_store.now))
    with TestClient(create_app(other), headers=SAME_ORIGIN) as c:
        yield c
    other.engine.dispose()


def resealed(doc: dict[str, Any], change: Callable[[dict[str, Any]], Any]) -> bytes:
    """The document with one change and a recomputed checksum (what an attacker can always do)."""
    copy = json.loads(json.dumps(doc))
    change(copy["data"])
    copy["checksum"] = export.checksum_of(copy["data"])
    return json.dumps(copy).encode()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


CASES = [
    ("assessments.0.taken_on", "9999-12-31", "data.assessments.0.taken_on"),
    ("assessments.0.taken_on", "0001-01-01", "data.assessments.0.taken_on"),
    ("sessions.0.started_at", "9999-12-31T23:59:59", "data.sessions.0.started_at"),
    ("pain_ratings.0.at", "2026-03-01T10:00:00+05:00", "data.pain_ratings.0.at"),
    ("assessments.0.measurements.0.value", 1e308, "data.assessments.0.measurements.0.value"),
    ("assessments.0.measurements.0.trial", 2**70, "data.assessments.0.measurements.0.trial"),
    ("assessments.0.measurements.0.test_id", "no-such-test", "data.assessments.0.measurements.0"),
    ("assessments.0.measurements.0.side", "middle", "data.assessments.0.measurements.0.side"),
    ("safety_events.0.action", "dance", "data.safety_events.0.action"),
    ("safety_events.0.kind", "party", "data.safety_events.0.kind"),
    ("sessions.0.signal", "purple", "data.sessions.0.signal"),
    ("sessions.0.items.0.exercise_id", "no-such-exercise", "data.sessions.0.items.0.exercise_id"),
    ("sessions.0.items.0.note", "5 \u202e7", "data.sessions.0.items.0.note"),
    ("progression_changes.0.move", "teleport", "data.progression_changes.0.move"),
    ("progression_states.0.level", 2**40, "data.progression_states.0.level"),
    ("profile.name", "..", "data.profile.name"),
    ("profile.birth_year", 1066, "data.profile.birth_year"),
    ("questionnaires.0.total", 1e300, "data.questionnaires.0.total"),
    ("screenings.0.answers", {"a": {"b": [1, 2, 3]}}, "data.screenings.0.answers"),
]


@pytest.mark.parametrize(("path", "value", "field"), CASES, ids=[c[0] + "=" + str(c[1])[:12] for c in CASES])
def test_an_edited_file_with_a_recomputed_checksum_is_refused_naming_the_field(
    exported: dict[str, Any], empty: TestClient, path: str, value: Any, field: str
) -> None:
    r = empty.post(f"{API}/imports", content=resealed(exported, _set(path, value)), headers=JSON)
    assert r.status_code == 422, r.text[:300]
    fields = [e["field"] for e in r.json()["errors"]]
    assert any(f.startswith(field) for f in fields), fields
    assert empty.get(f"{API}/profiles").json() == []


@pytest.mark.parametrize("literal", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_infinity_and_nan_in_the_file_are_refused(exported: dict[str, Any], empty: TestClient, literal: str) -> None:
    raw = resealed(exported, _set("assessments.0.measurements.0.value", 12345.5))
    raw = raw.replace(b"12345.5", literal.encode(), 1)
    r = empty.post(f"{API}/imports", content=raw, headers=JSON)
    assert r.status_code == 422
    assert "finite" in r.text or "number" in r.text
    assert empty.get(f"{API}/profiles").json() == []


def test_deeply_nested_json_is_a_problem_not_a_server_error(empty: TestClient) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    r = empty.post(f"{API}/imports", content=deep, headers=JSON)
    assert r.status_code == 422
    assert "laid out differently" in r.json()["errors"][0]["message"]
    for path in (f"{API}/profiles", f"{API}/profiles/x/screenings"):
        nested = b'{"name": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        assert empty.post(path, content=nested, headers=JSON).status_code in (400, 404, 422)


def test_a_zip_bomb_is_refused_while_unpacking(empty: TestClient) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("profile.json", b" " * (MAX_BYTES + 1024 * 1024))
    packed = buf.getvalue()
    assert len(packed) < 200_000  # 51 MB of spaces pack into a small file
    started = time.monotonic()
    r = empty.post(f"{API}/imports", content=packed, headers={"content-type": "application/zip"})
    assert r.status_code == 422
    assert "unpacks to more than 50 MB" in r.json()["errors"][0]["message"]
    assert time.monotonic() - started < 30


def test_a_zip_that_lies_about_its_size_is_cut_off_at_the_limit(exported: dict[str, Any], empty: TestClient) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("profile.json", b" " * (MAX_BYTES + 1024 * 1024))
    packed = bytearray(buf.getvalue())
    # Make both headers claim 10 bytes unpacked: the reader must count what it really unpacks.
    size = (MAX_BYTES + 1024 * 1024).to_bytes(4, "little")
    for at in [i for i in range(len(packed) - 3) if packed[i : i + 4] == size]:
        packed[at : at + 4] = (10).to_bytes(4, "little")
    r = empty.post(f"{API}/imports", content=bytes(packed), headers={"content-type": "application/zip"})
    assert r.status_code == 422
    assert empty.get(f"{API}/profiles").json() == []


def test_an_imported_profile_opens_on_every_page(exported: dict[str, Any], empty: TestClient) -> None:
    r = empty.post(f"{API}/imports", content=export.to_json(exported), headers=JSON)
    assert r.status_code == 201
    for page in (
        "/p/Ann",
        "/p/Ann/routine",
        "/p/Ann/progress",
        "/p/Ann/records",
        "/p/Ann/report",
        f"{API}/profiles/Ann/calendar.ics",
        f"{API}/profiles/Ann/fhir",
        f"{API}/profiles/Ann/progress",
    ):
        assert empty.get(page).status_code == 200, page
