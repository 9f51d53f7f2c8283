"""Export → import into an empty store → export again gives the same document; bad files are
refused with a clear message and nothing written."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from supple.bootstrap import App
from supple.db import audit_models, clinic_models, job_models
from supple.db.models import Base, CalendarFeed, Profile
from supple.errors import Conflict, InvalidInput
from supple.services import export, export_format
from supple.services.import_ import import_profile
from tests.conftest import _app
from tests.factories import Clock
from tests.integration.lived_in import LivedInStore, lived_in_profile, lived_in_store_fixture  # noqa: F401 (fixture)


def _rows(app: App) -> dict[str, int]:
    with app.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar() or 0 for t in Base.metadata.sorted_tables
        }


@pytest.fixture(scope="module")
def exported(lived_in_store: LivedInStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    source, _ = lived_in_store.copy(tmp_path_factory.mktemp("export"))
    doc = export.document(source, "Ann")
    source.engine.dispose()
    return doc


def test_export_import_export_gives_the_same_document_on_each_store(any_app: App, clock: Clock, tmp_path: Path) -> None:
    source = _app(f"sqlite:///{tmp_path / 'source.db'}", tmp_path, clock)
    lived_in_profile(source, clock)
    lived_in_profile(source, clock, name="Bo")  # another person in the source store, not exported
    first = export.document(source, "Ann")
    result = import_profile(any_app, export.to_json(first))
    assert result.name == "Ann"
    again = export.document(any_app, "Ann")
    assert again == first
    data = first["data"]
    assert len(data["assessments"]) == 2
    assert len(data["sessions"]) == 3
    assert len(data["checkins"]) == 3
    assert {e["kind"] for e in data["safety_events"]} == {"block", "clearance"}
    assert data["progression_changes"]
    assert data["progression_states"]
    assert data["questionnaires"]
    assert data["calendar_feed"]["created_at"]
    assert "token" not in data["calendar_feed"]  # the subscription's secret never leaves in a file
    source.engine.dispose()


def test_every_column_of_every_table_is_in_the_export_format() -> None:
    """A new table or column must be added to the export (or listed here with the reason it is left out)."""
    left_out = {"id", "profile_id", "revision", "assessment_id", "session_id", "activity_id", "pain_rating_id"}
    left_out |= {"token"}  # the calendar subscription's secret: an import makes a new one
    renamed = {"screening_id": "screening", "recording_id": "recording"}
    exported_fields: set[str] = set()
    for model in vars(export_format).values():
        if isinstance(model, type) and issubclass(model, export_format.Record):
            exported_fields |= set(model.model_fields)
    # Clinic mode's tables (accounts, sessions, care links, notes, alerts, the access log, job results)
    # belong to the clinic, not to a person's home history: the clinic's export of a client adds its
    # part separately (supple.clinic.client_data, tested in tests/api/test_clinic_client_data.py).
    clinic_tables = {
        t.name
        for module in (clinic_models, audit_models, job_models)
        for model in vars(module).values()
        if isinstance(model, type) and (t := getattr(model, "__table__", None)) is not None
    }
    assert {"account", "client_record", "audit_log", "job_result"} <= clinic_tables
    for table in Base.metadata.sorted_tables:
        if table.name in clinic_tables:
            continue
        for column in table.columns:
            if column.name in left_out:
                continue
            assert renamed.get(column.name, column.name) in exported_fields, f"{table.name}.{column.name}"
    tables = set(Base.metadata.tables) - clinic_tables
    covered = {
        "profile",
        "screening",
        "safety_event",
        "pain_rating",
        "psfs_activity",
        "psfs_rating",
        "questionnaire_result",
        "assessment",
        "measurement",
        "exercise_session",
        "session_item",
        "checkin",
        "progression_state",
        "progression_change",
        "calendar_feed",
        "walk_recording",
        "walking_plan",
        "walk_log",
    }
    assert tables == covered


def test_the_zip_holds_the_json_its_schema_and_three_csv_tables(exported: dict[str, Any]) -> None:
    z = zipfile.ZipFile(io.BytesIO(export.to_zip(exported)))
    assert sorted(z.namelist()) == [
        "export-schema.json",
        "measurements.csv",
        "pain.csv",
        "profile.json",
        "sessions.csv",
    ]
    assert json.loads(z.read("profile.json")) == exported
    measurements = z.read("measurements.csv").decode().splitlines()
    assert measurements[0] == "taken_on,test_id,metric_id,side,trial,value,method,placement"
    assert any(",knee-to-wall,toe_to_wall_cm,right,1,6.0,tape," in line for line in measurements)
    pain = z.read("pain.csv").decode().splitlines()
    assert pain[1].split(",")[1:] == ["baseline", "5", "6", "8"]
    sessions = z.read("sessions.csv").decode().splitlines()
    assert len(sessions) - 1 == sum(len(x["items"]) for x in exported["data"]["sessions"])


def test_a_zip_export_imports_too(exported: dict[str, Any], tmp_path: Path, clock: Clock) -> None:
    other = _app(f"sqlite:///{tmp_path / 'other.db'}", tmp_path, clock)
    import_profile(other, export.to_zip(exported))
    assert export.document(other, "Ann")["data"] == exported["data"]
    other.engine.dispose()


def test_the_json_schema_document_is_current_and_describes_the_file() -> None:
    schema = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text())
    assert schema == export_format.json_schema(), "run: supple export --schema > docs/export-schema.json"
    assert schema["properties"]["schema_version"]["minimum"] == 1


def _refused(app: App, raw: bytes) -> InvalidInput:
    before = _rows(app)
    with pytest.raises(InvalidInput) as err:
        import_profile(app, raw)
    assert _rows(app) == before
    return err.value


def test_a_truncated_file_is_refused_and_nothing_is_written(exported: dict[str, Any], app: App) -> None:
    raw = export.to_json(exported)
    err = _refused(app, raw[: len(raw) // 2])
    assert "cut short" in str(err)


def test_a_file_from_a_newer_schema_is_refused(exported: dict[str, Any], app: App) -> None:
    newer = {**exported, "schema_version": export_format.SCHEMA_VERSION + 1}
    err = _refused(app, export.to_json(newer))
    assert err.problems[0].field == "schema_version"
    assert "newer Supple" in err.problems[0].message
    assert err.problems[0].allowed == f"1 to {export_format.SCHEMA_VERSION}"


def test_a_version_1_file_without_walks_still_imports(exported: dict[str, Any], app: App) -> None:
    data = {k: v for k, v in exported["data"].items() if k not in ("walk_recordings", "walking_plan", "walk_logs")}
    old = {**exported, "schema_version": 1, "data": data, "checksum": export.checksum_of(data)}
    from supple.services.import_ import import_profile

    result = import_profile(app, export.to_json(old), "Old Ann")
    assert result.records["walks"] == 0
    assert result.records["sessions"] == len(data["sessions"])


def test_walk_recordings_travel_in_the_export(exported: dict[str, Any]) -> None:
    walks = exported["data"]["walk_recordings"]
    assert [w["placement"] for w in walks] == ["lower-back", "pocket"]
    assert walks[0]["matched_impact_g"] is not None
    assert walks[0]["step_impacts"]
    assert walks[1]["no_impact_reason"] == "pocket"


def test_a_changed_value_breaks_the_checksum_and_is_refused(exported: dict[str, Any], app: App) -> None:
    damaged = json.loads(json.dumps(exported))
    damaged["data"]["pain_ratings"][0]["average_24h"] = 1
    assert "damaged or changed" in str(_refused(app, export.to_json(damaged)))


def test_a_record_pointing_at_nothing_is_refused_naming_it(exported: dict[str, Any], app: App) -> None:
    bad = json.loads(json.dumps(exported))
    bad["data"]["checkins"][0]["session"] = 99
    bad["checksum"] = export.checksum_of(bad["data"])
    err = _refused(app, export.to_json(bad))
    assert err.problems[0].field == "data.checkins.0.session"
    assert err.problems[0].allowed == "1 to 3"


def test_a_wrong_type_is_refused_naming_the_field(exported: dict[str, Any], app: App) -> None:
    bad = json.loads(json.dumps(exported))
    bad["data"]["sessions"][0]["pain_before"] = "high"
    bad["checksum"] = export.checksum_of(bad["data"])
    err = _refused(app, export.to_json(bad))
    assert err.problems[0].field == "data.sessions.0.pain_before"


def test_not_an_export_is_refused(app: App) -> None:
    assert "not a Supple profile export" in str(_refused(app, b'{"hello": 1}'))
    assert "does not hold text" in str(_refused(app, b"\xff\xfe\x00garbage"))


def test_an_existing_profile_name_is_refused_unless_imported_under_a_new_name(
    exported: dict[str, Any], app: App
) -> None:
    import_profile(app, export.to_json(exported))
    before = _rows(app)
    with pytest.raises(Conflict, match="already exists"):
        import_profile(app, export.to_json(exported))
    assert _rows(app) == before
    result = import_profile(app, export.to_json(exported), as_name="Ann copy")
    assert result.name == "Ann copy"
    copy = export.document(app, "Ann copy")
    assert copy["data"]["assessments"] == exported["data"]["assessments"]
    assert copy["data"]["calendar_feed"] == exported["data"]["calendar_feed"]
    with app.sessions() as s:
        tokens = s.scalars(select(CalendarFeed.token)).all()
    assert len(tokens) == len(set(tokens)) == 2  # each imported copy got its own new secret
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Profile)) == 2


def test_a_profile_name_that_supple_would_not_accept_is_refused(exported: dict[str, Any], app: App) -> None:
    bad = json.loads(json.dumps(exported))
    bad["data"]["profile"]["name"] = "<script>"
    bad["checksum"] = export.checksum_of(bad["data"])
    err = _refused(app, export.to_json(bad))
    assert err.problems[0].field == "data.profile.name"
    with pytest.raises(InvalidInput) as named:
        import_profile(app, export.to_json(exported), as_name="   ")
    assert named.value.problems[0].field == "name"


def test_an_export_validates_against_the_published_json_schema(exported: dict[str, Any]) -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")  # comes with schemathesis (dev tools)
    schema = json.loads((Path(__file__).parents[2] / "docs" / "export-schema.json").read_text())
    validator = jsonschema_rs.validator_for(schema)
    assert validator.is_valid(exported)
    broken = json.loads(json.dumps(exported))
    broken["data"]["assessments"][0]["measurements"][0]["value"] = "six"
    assert not validator.is_valid(broken)


def test_a_score_out_of_range_is_refused_with_the_range(exported: dict[str, Any], app: App) -> None:
    bad = json.loads(json.dumps(exported))
    bad["data"]["pain_ratings"][0]["worst_24h"] = 11
    bad["checksum"] = export.checksum_of(bad["data"])
    err = _refused(app, export.to_json(bad))
    assert err.problems[0].field == "data.pain_ratings.0.worst_24h"
    assert err.problems[0].allowed == "0 to 10 points"


def test_an_empty_new_name_is_refused_not_taken_as_no_name(exported: dict[str, Any], app: App) -> None:
    with pytest.raises(InvalidInput) as err:
        import_profile(app, export.to_json(exported), as_name="  ")
    assert [p.field for p in err.value.problems] == ["name"]
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Profile)) == 0
