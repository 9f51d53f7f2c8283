"""`supple report`, `export`, `import` and `calendar` through the installed command."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.runner import output, run
from tests.conftest import _app
from tests.factories import Clock
from tests.integration.lived_in import lived_in_profile


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store at tmp_path/s.db holding Ann's weeks, built through the services (fast)."""
    clock = Clock()
    app = _app(f"sqlite:///{tmp_path / 's.db'}", tmp_path, clock)
    lived_in_profile(app, clock)
    app.engine.dispose()
    return tmp_path


def test_report_writes_a_pdf_and_refuses_an_unknown_suffix(store: Path):
    done = run(store, "--profile", "Ann", "report", "--out", "ann.pdf")
    assert done.returncode == 0, done.stderr
    assert (store / "ann.pdf").read_bytes().startswith(b"%PDF")
    wrong = run(store, "--profile", "Ann", "report", "--out", "ann.txt")
    assert wrong.returncode == 2
    assert "--out: 'ann.txt' has no known file type — allowed: .pdf, .html, .htm" in output(wrong)
    assert not (store / "ann.txt").exists()


def test_export_then_import_into_another_store_and_refusals(store: Path, tmp_path_factory: pytest.TempPathFactory):
    assert run(store, "export", "--out", "ann.json").returncode == 0  # the only profile is chosen
    assert run(store, "export", "--out", "ann.zip").returncode == 0
    assert "sessions.csv" in zipfile.ZipFile(store / "ann.zip").namelist()
    other = tmp_path_factory.mktemp("other")
    first = run(other, "import", str(store / "ann.json"))
    assert first.returncode == 0, first.stderr
    assert "Imported 'Ann'" in first.stdout
    again = run(other, "import", str(store / "ann.zip"))
    assert again.returncode == 2
    assert "already exists" in output(again)
    raw = (store / "ann.json").read_bytes()
    (other / "cut.json").write_bytes(raw[: len(raw) // 3])
    cut = run(other, "import", "cut.json", "--as", "Cut")
    assert cut.returncode == 2
    assert "cut short" in output(cut)
    assert run(other, "export", "--out", "again.json").returncode == 0
    assert json.loads((other / "again.json").read_bytes())["data"] == json.loads(raw)["data"]


def test_fhir_and_calendar_files(store: Path):
    fhir = run(store, "export", "--fhir", "--out", "ann-fhir.json")
    assert fhir.returncode == 0, fhir.stderr
    assert json.loads((store / "ann-fhir.json").read_text())["resourceType"] == "Bundle"
    cal = run(store, "calendar", "--out", "ann.ics", "--at", "07:15", "--feed")
    assert cal.returncode == 0, cal.stderr
    assert "/api/v1/calendar/" in cal.stdout
    events = Calendar.from_ical((store / "ann.ics").read_bytes()).walk("VEVENT")
    assert any(e.decoded("dtstart").strftime("%H:%M") == "07:15" for e in events)
    bad = run(store, "calendar", "--out", "x.ics", "--at", "noon")
    assert bad.returncode == 2
    assert "at: 'noon' is not a time of day — allowed: 00:00 to 23:59 (HH:MM)" in output(bad)
