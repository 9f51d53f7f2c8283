"""`supple report`, `export`, `import` and `calendar`. The report runs through the installed
command; the others run the same click commands in this process (starting the CLI costs seconds)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from supple.cli.main import cli
from tests.cli.runner import flat, output, run
from tests.integration.lived_in import LivedInStore, lived_in_store_fixture  # noqa: F401 (fixture)


@pytest.fixture
def store(lived_in_store: LivedInStore, tmp_path: Path) -> Path:
    """A store at tmp_path/s.db holding Ann's weeks."""
    shutil.copyfile(lived_in_store.path, tmp_path / "s.db")
    return tmp_path


@pytest.fixture
def supple(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Callable[..., Result]]:
    """`supple --db FOLDER/s.db ARGS...` in this process, fenced off from the real user's data."""
    for key in [k for k in __import__("os").environ if k.startswith("SUPPLE_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def invoke(folder: Path, *args: str) -> Result:
        monkeypatch.chdir(folder)
        result = CliRunner().invoke(cli, ["--db", str(folder / "s.db"), *args])
        assert "Traceback" not in result.output
        return result

    yield invoke
    # click caches each command's --help option on first use, with the names of that run's context;
    # forget them so later in-process users (the docs generator) see the commands as new.
    stack: list[click.Command] = [cli]
    while stack:
        command = stack.pop()
        command._help_option = None
        if isinstance(command, click.Group):
            stack.extend(command.commands.values())


def test_report_writes_a_pdf_and_refuses_an_unknown_suffix(store: Path) -> None:
    done = run(store, "report", "--profile", "Ann", "--out", "ann.pdf")
    assert done.returncode == 0, done.stderr
    assert (store / "ann.pdf").read_bytes().startswith(b"%PDF")
    wrong = run(store, "--profile", "Ann", "report", "--out", "ann.txt")
    assert wrong.returncode == 2
    assert "--out: 'ann.txt' has the wrong file type. Allowed: .pdf, .html, .htm." in output(wrong)
    assert not (store / "ann.txt").exists()


def test_an_output_folder_that_is_missing_or_unwritable_is_refused_with_exit_2(
    store: Path, supple: Callable[..., Result]
) -> None:
    missing = supple(store, "report", "--out", str(store / "nowhere" / "r.pdf"))
    assert missing.exit_code == 2
    assert f"--out: the folder {store / 'nowhere'} does not exist" in flat(missing.output)
    proc = supple(store, "export", "--out", "/proc/ann.zip")
    assert proc.exit_code == 2
    assert "--out: cannot write in the folder /proc" in flat(proc.output)
    folder = supple(store, "calendar", "--out", str(store))
    assert folder.exit_code == 2
    assert "is a directory" in flat(folder.output)  # click itself refuses a folder, naming --out
    assert not (store / "nowhere").exists()


def test_export_then_import_into_another_store_and_refusals(
    store: Path, supple: Callable[..., Result], tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert supple(store, "export", "--out", "ann.json").exit_code == 0  # the only profile is chosen
    other = tmp_path_factory.mktemp("other")
    first = supple(other, "import", str(store / "ann.json"))
    assert first.exit_code == 0, first.output
    assert "Imported 'Ann'" in first.output
    again = supple(other, "import", str(store / "ann.json"))
    assert again.exit_code == 2
    assert "already exists" in flat(again.output)
    raw = (store / "ann.json").read_bytes()
    (other / "cut.json").write_bytes(raw[: len(raw) // 3])
    cut = supple(other, "import", "cut.json", "--as", "Cut")
    assert cut.exit_code == 2
    assert "cut short" in flat(cut.output)
    assert "Nothing was imported." in flat(cut.output)
    from supple.services.export import checksum_of

    edited = json.loads(raw)
    edited["data"]["sessions"][0]["pain_before"] = "a lot"
    edited["data"]["sessions"][0].pop("started_at")
    edited["checksum"] = checksum_of(edited["data"])
    (other / "edited.json").write_text(json.dumps(edited), encoding="utf-8")
    damaged = supple(other, "import", "edited.json", "--as", "Edited")
    assert damaged.exit_code == 2
    said = flat(damaged.output)
    assert "The file is damaged or was changed by hand" in said
    assert "2 problems, in record 1 of the sessions" in said
    assert "Nothing was imported." in said
    assert "pain_before" not in said
    assert "started_at" not in said
    assert "Data," not in said
    assert supple(other, "export", "--out", "again.json").exit_code == 0
    assert json.loads((other / "again.json").read_bytes())["data"] == json.loads(raw)["data"]
    assert not list(other.glob(".*.part"))  # no temporary files left behind


def test_an_export_of_someone_under_18_is_refused_with_exit_2_and_nothing_is_written(
    store: Path, supple: Callable[..., Result], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from supple.services.export import checksum_of

    assert supple(store, "export", "--out", "ann.json").exit_code == 0
    year = date.today().year  # the command's clock is the real one
    edited = json.loads((store / "ann.json").read_bytes())
    edited["data"]["profile"]["birth_year"] = year - 10
    edited["checksum"] = checksum_of(edited["data"])
    other = tmp_path_factory.mktemp("other")
    (other / "young.json").write_text(json.dumps(edited), encoding="utf-8")
    young = supple(other, "import", "young.json")
    assert young.exit_code == 2
    said = flat(young.output)
    assert "The profile's birth year in the file cannot be imported." in said
    assert f"Born in {year - 10} makes the person under 18: Supple is made for adults." in said
    assert f"Allowed: a year from {year - 120} to {year - 18}, that is an age of 18 to 120 years." in said
    assert "Nothing was imported." in said
    assert "damaged" not in said
    listed = supple(other, "profile", "list")
    assert "Ann" not in listed.output
    created = supple(other, "profile", "create", "Young", "--birth-year", str(year - 10))
    assert created.exit_code == 2  # the same rule as for a new profile, in the same words
    assert f"a year from {year - 120} to {year - 18}, that is an age of 18 to 120 years" in flat(created.output)


def test_fhir_and_calendar_files(store: Path, supple: Callable[..., Result]) -> None:
    fhir = supple(store, "export", "--fhir", "--out", "ann-fhir.json")
    assert fhir.exit_code == 0, fhir.output
    assert json.loads((store / "ann-fhir.json").read_text())["resourceType"] == "Bundle"
    cal = supple(store, "calendar", "--out", "ann.ics", "--at", "07:15", "--feed")
    assert cal.exit_code == 0, cal.output
    assert "/api/v1/calendar/" in cal.output
    assert "http://localhost:8765/api/v1/calendar/" in cal.output
    assert "?at=07:15" in cal.output
    events = Calendar.from_ical((store / "ann.ics").read_bytes()).walk("VEVENT")
    assert any(e.decoded("dtstart").strftime("%H:%M") == "07:15" for e in events)
    bad = supple(store, "calendar", "--out", "x.ics", "--at", "noon")
    assert bad.exit_code == 2
    assert "--at: ‘noon’ is not a time of day. Allowed: 00:00 to 23:59 (HH:MM)." in flat(bad.output)
    schema = supple(store, "export", "--schema")
    assert json.loads(schema.output)["title"] == "Supple profile export"
