"""A self-entered clearance keeps who cleared the person and on which day, in the store, the export and
the progress report (on SQLite and on PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest

from supple.bootstrap import App
from supple.db.models import SafetyEvent
from supple.errors import InvalidInput
from supple.report.document import context
from supple.services import export, profiles, report, screening
from supple.services.inputs import ProfileIn, parse
from tests import factories as f


@pytest.fixture
def stopped(any_app: App) -> App:
    profiles.create(any_app, parse(ProfileIn, {"name": "Ann", "birth_year": 1950, "sex": "female"}))
    screening.run_full_screen(any_app, "Ann", f.screen_answers(yes=("leg-symptoms", "calf-clot")))
    return any_app


def test_the_clinician_and_the_day_seen_are_stored_and_exported(stopped: App) -> None:
    seen = stopped.clock().date()
    view = profiles.record_clearance(stopped, "Ann", "  Dr Jo Park ", seen_on=seen.isoformat())
    assert view.locked is False
    with stopped.sessions() as s:
        event = s.query(SafetyEvent).filter_by(kind="clearance").one()
        assert (event.clinician, event.seen_on) == ("Dr Jo Park", seen)
    [exported] = [e for e in export.document(stopped, "Ann")["data"]["safety_events"] if e["kind"] == "clearance"]
    assert (exported["clinician"], exported["seen_on"]) == ("Dr Jo Park", seen.isoformat())


def test_the_report_names_who_cleared_and_the_day_they_saw_the_person(stopped: App) -> None:
    profiles.record_clearance(stopped, "Ann", "Dr Jo Park", seen_on=date(2026, 3, 1))
    page = context(report.gather(stopped, "Ann"), stopped.catalogue, "link")
    [line] = [e for e in page.safety if "Cleared" in e.what]
    assert "Dr Jo Park" in line.what
    assert "seen on" in line.what
    assert "1 Mar 2026" in line.what


@pytest.mark.parametrize(
    ("clinician", "seen_on", "field", "code"),
    [
        ("Jo", "2026-03-01", "clinician", "too_short"),
        ("J" * 121, "2026-03-01", "clinician", "too_long"),
        ("", "2026-03-01", "clinician", "required"),
        ("Dr Jo Park", "", "seen_on", "required"),
        ("Dr Jo Park", "1 March", "seen_on", "bad_date"),
        ("Dr Jo Park", "2026-03-03", "seen_on", "out_of_range"),  # the clock says 2 March 2026
    ],
)
def test_a_bad_name_or_day_is_refused_naming_the_field_and_nothing_is_stored(
    stopped: App, clinician: str, seen_on: str, field: str, code: str
) -> None:
    with pytest.raises(InvalidInput) as err:
        profiles.record_clearance(stopped, "Ann", clinician, seen_on=seen_on)
    [problem] = err.value.problems
    assert (problem.field, problem.code.value) == (field, code)
    assert problem.allowed
    assert profiles.get(stopped, "Ann").locked is True
