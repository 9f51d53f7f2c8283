"""The low findings of issue 11: idempotent session logging, download names in any script, CSV cells
that are not formulas, no caching of health data, hidden characters refused, and a calendar feed that
tells an unpaired calendar app only what it needs."""

from __future__ import annotations

import csv
import io
import zipfile
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

import tests.factories as f
from supple.services.export import safe_cell

API = "/api/v1"


@pytest.fixture
def ann(client: TestClient) -> TestClient:
    client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"})
    client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers())
    client.post(f"{API}/profiles/Ann/pain", json=f.baseline())
    client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests())
    return client


def _exercises(c: TestClient) -> list[str]:
    return [i["exercise_id"] for i in c.get(f"{API}/profiles/Ann/routine").json()["routine"]["items"]]


def test_the_same_session_sent_twice_with_its_client_id_is_stored_once(ann: TestClient) -> None:
    log = f.session_log(_exercises(ann), client_id="3f2b8c1e-7d4a-4b9e-9c0a-5e6f7a8b9c0d")
    first = ann.post(f"{API}/profiles/Ann/sessions", json=log)
    again = ann.post(f"{API}/profiles/Ann/sessions", json=log)
    assert first.status_code == again.status_code
    assert first.json()["session_id"] == again.json()["session_id"]
    data = ann.get(f"{API}/profiles/Ann/export").json()["data"]
    assert len(data["sessions"]) == 1
    assert len([s for s in data["screenings"] if s["kind"] == "session"]) == 1  # the repeat wrote nothing at all
    other = ann.post(f"{API}/profiles/Ann/sessions", json=f.session_log(_exercises(ann), client_id="another-id-1"))
    assert other.json()["session_id"] != first.json()["session_id"]
    without = ann.post(f"{API}/profiles/Ann/sessions", json=f.session_log(_exercises(ann)))
    assert without.status_code == 201
    bad = ann.post(f"{API}/profiles/Ann/sessions", json=f.session_log(_exercises(ann), client_id="x y"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "client_id"


def test_a_name_in_any_script_downloads_under_its_own_name(client: TestClient) -> None:
    client.post(f"{API}/profiles", json={"name": "Zoë Ōkubo"})
    disposition = client.get(f"{API}/profiles/Zo%C3%AB%20%C5%8Ckubo/export.zip").headers["content-disposition"]
    assert 'filename="supple-zo---kubo.zip"' in disposition
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "supple-Zoë-Ōkubo.zip"
    only_other_script = client.post(f"{API}/profiles", json={"name": "Ёлка"})
    assert only_other_script.status_code == 201
    assert (
        'filename="supple-profile.json"'
        in client.get(f"{API}/profiles/%D0%81%D0%BB%D0%BA%D0%B0/export").headers["content-disposition"]
    )


def test_csv_cells_that_a_spreadsheet_would_run_are_written_as_text(ann: TestClient) -> None:
    answers = f.stiff_person_tests()
    first = next(iter(answers["tests"].values()))
    first["placement"] = '=HYPERLINK("http://evil.example","click")'
    assert ann.post(f"{API}/profiles/Ann/assessments", json=answers).status_code == 201
    zipped = zipfile.ZipFile(io.BytesIO(ann.get(f"{API}/profiles/Ann/export.zip").content))
    rows = list(csv.DictReader(io.StringIO(zipped.read("measurements.csv").decode())))
    placements = {r["placement"] for r in rows if r["placement"]}
    assert '\'=HYPERLINK("http://evil.example","click")' in placements
    assert not any(p.startswith(("=", "+", "-", "@")) for p in placements)
    assert [safe_cell(v) for v in ("+1+1", "@SUM(A1)", "-2", -2, 3.5, None, "plain")] == [
        "'+1+1",
        "'@SUM(A1)",
        "'-2",
        -2,
        3.5,
        "",
        "plain",
    ]


def test_health_pages_and_the_api_are_never_cached_but_the_sites_files_may_be(ann: TestClient) -> None:
    for path in ("/", "/p/Ann", "/p/Ann/progress", f"{API}/profiles/Ann", f"{API}/profiles/Ann/export"):
        assert ann.get(path).headers.get("cache-control") == "no-store", path
    assert ann.get("/static/style.css").headers.get("cache-control") != "no-store"


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\x00", "\u2066"])
def test_hidden_and_control_characters_are_refused_in_names_and_free_text(ann: TestClient, hidden: str) -> None:
    assert ann.post(f"{API}/profiles", json={"name": f"Bo{hidden}b"}).status_code == 422
    log = f.session_log(_exercises(ann))
    log["items"][0]["note"] = f"pain 5 {hidden}7"
    r = ann.post(f"{API}/profiles/Ann/sessions", json=log)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "items.0.note"
    assert ann.post(f"{API}/profiles/Ann/pain", json=f.baseline(**{f"walk{hidden}ing": 5})).status_code == 422


@pytest.mark.parametrize("name", [".", "..", "...", " . "])
def test_names_made_only_of_dots_are_refused(client: TestClient, name: str) -> None:
    r = client.post(f"{API}/profiles", json={"name": name})
    assert r.status_code == 422
    assert "letter or digit" in r.json()["errors"][0]["message"]


def test_the_subscription_feed_shows_no_name_no_exercises_and_no_stop_reason(ann: TestClient) -> None:
    path = ann.post(f"{API}/profiles/Ann/calendar-feed").json()["path"]
    feed = ann.get(path).text
    assert "Ann" not in feed
    cal = Calendar.from_ical(feed)
    assert str(cal["x-wr-calname"]) == "Supple routine"
    routine = next(e for e in cal.walk("VEVENT") if "routine" in str(e["summary"]))
    assert all(x not in str(routine["description"]) for x in _exercises(ann))
    own_file = ann.get(f"{API}/profiles/Ann/calendar.ics").text  # the person's own download keeps the details
    assert "Ann" in own_file
    ann.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    stopped = Calendar.from_ical(ann.get(path).text)
    assert str(stopped["x-wr-caldesc"]) == "No sessions for now"
