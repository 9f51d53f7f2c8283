"""The records over HTTP: export and import, FHIR, the calendar file and its secret feed, the PDF."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from icalendar import Calendar

from supple.services.export import checksum_of
from supple.web.app import create_app
from tests.conftest import _app
from tests.factories import SAME_ORIGIN, Clock
from tests.integration.lived_in import LivedInStore, lived_in_store_fixture  # noqa: F401 (fixture)


@pytest.fixture
def ann(lived_in_store: LivedInStore, tmp_path: Path) -> Iterator[TestClient]:
    app, _ = lived_in_store.copy(tmp_path)
    with TestClient(create_app(app), headers=SAME_ORIGIN) as c:
        yield c
    app.engine.dispose()


@pytest.fixture
def empty(lived_in_store: LivedInStore, tmp_path: Path) -> Iterator[TestClient]:
    other = _app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path, Clock(lived_in_store.now))
    with TestClient(create_app(other), headers=SAME_ORIGIN) as c:
        yield c
    other.engine.dispose()


JSON = {"content-type": "application/json"}


def _problem(response: httpx2.Response, status: int) -> dict[str, Any]:
    """`response` is what FastAPI's test client answers (it uses httpx2 when that is installed)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_an_export_downloaded_from_one_server_imports_into_another_unchanged(
    ann: TestClient, empty: TestClient
) -> None:
    exported = ann.get("/api/v1/profiles/Ann/export")
    assert exported.status_code == 200
    assert 'filename="supple-ann.json"' in exported.headers["content-disposition"]
    created = empty.post("/api/v1/imports", content=exported.content, headers={"content-type": "application/json"})
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Ann"
    assert created.json()["records"]["sessions"] == 3
    assert empty.get("/api/v1/profiles/Ann/export").json() == exported.json()
    zipped = empty.get("/api/v1/profiles/Ann/export.zip")
    assert zipped.headers["content-type"] == "application/zip"
    assert zipped.content.startswith(b"PK")


def test_bad_imports_are_problems_and_write_nothing(ann: TestClient, empty: TestClient) -> None:
    raw = ann.get("/api/v1/profiles/Ann/export").content
    cut = _problem(empty.post("/api/v1/imports", content=raw[:-200], headers=JSON), 422)
    assert cut["errors"][0]["field"] == "file"
    assert "cut short" in cut["errors"][0]["message"]
    newer = json.loads(raw)
    newer["schema_version"] = 99
    wrong = _problem(empty.post("/api/v1/imports", content=json.dumps(newer).encode(), headers=JSON), 422)
    assert wrong["errors"][0]["field"] == "schema_version"
    assert "newer Supple" in wrong["errors"][0]["message"]
    assert empty.get("/api/v1/profiles").json() == []
    taken = _problem(ann.post("/api/v1/imports", content=raw, headers=JSON), 409)
    assert "already exists" in taken["detail"]
    renamed = ann.post("/api/v1/imports?name=Ann%20two", content=raw, headers=JSON)
    assert renamed.status_code == 201
    assert renamed.json()["name"] == "Ann two"


def test_the_fhir_endpoint_gives_a_valid_bundle(ann: TestClient) -> None:
    response = ann.get("/api/v1/profiles/Ann/fhir")
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(response.json())
    assert bundle.type == "collection"
    assert {e.resource.get_resource_type() for e in bundle.entry or [] if e.resource} == {
        "Patient",
        "Observation",
        "QuestionnaireResponse",
    }


def test_the_calendar_feed_answers_its_token_and_refuses_a_wrong_or_replaced_one(ann: TestClient) -> None:
    path = ann.post("/api/v1/profiles/Ann/calendar-feed").json()["path"]
    feed = ann.get(path + "?at=06:45")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    event = next(e for e in Calendar.from_ical(feed.content).walk("VEVENT") if "routine" in str(e["summary"]))
    assert event.decoded("dtstart").strftime("%H:%M") == "06:45"
    wrong = _problem(ann.get("/api/v1/calendar/not-the-token.ics"), 404)
    assert "No calendar at this address" in wrong["detail"]
    replaced = ann.post("/api/v1/profiles/Ann/calendar-feed").json()["path"]
    assert replaced != path
    _problem(ann.get(path), 404)
    assert ann.get(replaced).status_code == 200
    bad_time = _problem(ann.get(replaced + "?at=7pm"), 422)
    assert bad_time["errors"][0]["field"] == "at"


def test_the_calendar_file_and_the_schema_download(ann: TestClient) -> None:
    ics = ann.get("/api/v1/profiles/Ann/calendar.ics")
    assert 'filename="supple-ann.ics"' in ics.headers["content-disposition"]
    assert Calendar.from_ical(ics.content).walk("VALARM")
    schema = ann.get("/api/v1/export-schema").json()
    assert schema["title"] == "Supple profile export"


def test_the_report_as_pdf_and_as_a_page(ann: TestClient) -> None:
    pdf = ann.get("/api/v1/profiles/Ann/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    page = ann.get("/p/Ann/report")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "Supple progress report: Ann" in page.text
    before = ann.get("/p/Ann/records").text
    assert 'data-testid="rotate-feed"' in before
    assert ann.post("/p/Ann/calendar-feed", follow_redirects=False).status_code == 303
    after = ann.get("/p/Ann/records").text
    found = [re.search(r'data-testid="feed-url">([^<]+)<', text) for text in (before, after)]
    feed_urls = [m.group(1) for m in found if m]
    assert len(feed_urls) == 2
    assert feed_urls[0] != feed_urls[1]
    assert "/api/v1/calendar/" in feed_urls[1]


def test_the_records_page_offers_to_make_a_feed_when_there_is_none(client: TestClient) -> None:
    client.post("/api/v1/profiles", json={"name": "Bo"})
    page = client.get("/p/Bo/records")
    assert page.status_code == 200
    assert 'data-testid="make-feed"' in page.text
    assert 'data-testid="feed-url"' not in page.text


def _born(raw: bytes, year: int) -> bytes:
    """The export with another year of birth and its checksum made to match (as anyone can)."""
    edited = json.loads(raw)
    edited["data"]["profile"]["birth_year"] = year
    edited["checksum"] = checksum_of(edited["data"])
    return json.dumps(edited).encode()


def test_an_export_of_someone_under_18_is_refused_on_the_api_and_the_page_as_a_new_profile_would_be(
    ann: TestClient, empty: TestClient
) -> None:
    raw = ann.get("/api/v1/profiles/Ann/export").content  # the store's clock says 2026: under 18 is after 2008
    young = _problem(empty.post("/api/v1/imports", content=_born(raw, 2010), headers=JSON), 422)
    assert [e["field"] for e in young["errors"]] == ["data.profile.birth_year"]
    error = young["errors"][0]
    assert error["message"] == "born in 2010 makes the person under 18: Supple is made for adults"
    assert error["allowed"] == "a year from 1906 to 2008, that is an age of 18 to 120 years"
    assert (error["limits"]["min"], error["limits"]["max"], error["given"]) == (1906, 2008, "2010")
    created = empty.post("/api/v1/profiles", json={"name": "Young", "birth_year": 2010, "sex": "female"})
    assert created.json()["errors"][0]["allowed"] == error["allowed"]  # the same rule as a new profile's
    assert empty.get("/api/v1/profiles").json() == []
    page = empty.post("/import", files={"file": ("ann.json", _born(raw, 2010), "application/json")})
    assert page.status_code == 422
    said = page.text.split('data-testid="import-problems"', 1)[1].split("</div>", 1)[0]
    assert "The profile&#39;s birth year in the file cannot be imported." in said
    assert "Born in 2010 makes the person under 18: Supple is made for adults." in said
    assert "Allowed: a year from 1906 to 2008, that is an age of 18 to 120 years." in said
    assert "Nothing was imported." in said
    assert "damaged" not in said
    assert empty.get("/api/v1/profiles").json() == []
    adult = empty.post("/api/v1/imports", content=_born(raw, 2008), headers=JSON)  # 18 this year: allowed
    assert adult.status_code == 201, adult.text


def test_the_import_page_says_what_is_wrong_and_writes_nothing(ann: TestClient) -> None:
    raw = ann.get("/api/v1/profiles/Ann/export").content
    taken = ann.post("/import", files={"file": ("ann.json", raw, "application/json")})
    assert taken.status_code == 409
    assert "already exists" in taken.text
    cut = ann.post("/import", files={"file": ("ann.json", raw[:100], "application/json")})
    assert cut.status_code == 422
    assert "cut short" in cut.text
    edited = json.loads(raw)
    edited["data"]["profile"]["birth_year"] = "old"
    edited["checksum"] = checksum_of(edited["data"])
    damaged = ann.post("/import", files={"file": ("x.json", json.dumps(edited).encode(), "application/json")})
    assert damaged.status_code == 422
    problems = damaged.text.split('data-testid="import-problems"', 1)[1].split("</div>", 1)[0]
    assert "The file is damaged or was changed by hand" in problems
    assert "in the profile" in problems
    assert "Nothing was imported." in problems
    assert "birth_year" not in problems
    assert "Data, profile" not in problems
    nothing = ann.post("/import", data={"name": ""})
    assert nothing.status_code == 422
    done = ann.post(
        "/import", files={"file": ("ann.json", raw, "application/json")}, data={"name": "Ann B"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/p/Ann%20B"
    assert [p["name"] for p in ann.get("/api/v1/profiles").json()] == ["Ann", "Ann B"]


def test_a_name_in_any_script_still_downloads_with_a_plain_file_name(client: TestClient) -> None:
    # (lower case: SQLite's lower() leaves non-ASCII letters alone, so 'Ž' would not be found by name)
    assert client.post("/api/v1/profiles", json={"name": "žofie ōta"}).status_code == 201
    response = client.get("/api/v1/profiles/%C5%BEofie%20%C5%8Dta/export")
    assert response.status_code == 200
    assert 'filename="supple-ofie--ta.json"' in response.headers["content-disposition"]
    assert response.json()["data"]["profile"]["name"] == "žofie ōta"


def test_a_plain_text_file_given_to_import_is_called_not_an_export_not_damaged(client: TestClient) -> None:
    r = client.post("/import", files={"file": ("notes.txt", b"my back felt better today\n", "text/plain")})
    assert r.status_code == 422
    problems = r.text.split('data-testid="import-problems"', 1)[1].split("</div>", 1)[0]
    assert "not a Supple export file" in problems
    assert "damaged" not in problems
