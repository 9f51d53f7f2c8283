"""Scheduled re-tests and questionnaires: a clinician sets a date, the client's home shows it from that
day, the dashboard alerts when it is late by the clinic's threshold, and doing it clears both. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from supple.bootstrap import App
from supple.clinic.alert_service import evaluate_alerts
from supple.clinic.audit import AuditFilter, AuditLog
from supple.web.clinic_access import DENIED
from tests import factories as f
from tests.clinic_world import World, make_world

API = "/api/v1"


@pytest.fixture
def world(any_app: App) -> World:
    world = make_world(any_app)
    name = world.people["carl"].profile
    assert world.as_("carl").post(f"{API}/profiles/{name}/screenings", json=f.screen_answers()).status_code < 300
    return world


def _day(clock: f.Clock, days: int) -> str:
    return f"{(clock() + timedelta(days=days)).date():%Y-%m-%d}"


def _home(world: World) -> str:
    return world.as_("carl").get(f"/p/{world.people['carl'].profile}").text


def _alerts(world: World) -> str:
    evaluate_alerts(world.app, client_id=world.people["carl"].account_id)  # as the job worker does every 30 s
    return world.as_("kim").get("/clinic/clients").text


def test_a_scheduled_hip_re_test_shows_when_due_alerts_when_late_and_clears_when_done(
    world: World, clock: f.Clock
) -> None:
    carl = world.people["carl"]
    kim = world.as_("kim")
    r = kim.post(
        f"/clinic/clients/{carl.account_id}/schedule",
        data={"check": "retest:hip", "due_on": _day(clock, 5)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    page = world.as_("kim").get(f"/clinic/clients/{carl.account_id}").text
    assert "re-test: the hip tests" in page
    assert "planned" in page
    assert "do the hip tests again" not in _home(world)  # not yet due

    clock.advance(days=5)
    assert "Your clinician asks you to do the hip tests again." in _home(world)
    assert 'data-alert="check-overdue"' not in _alerts(world)  # due today, not late yet
    clock.advance(days=3)  # the default threshold: 3 days late
    assert 'data-alert="check-overdue"' in _alerts(world)
    assert "re-test: the hip tests (due" in world.as_("kim").get("/clinic/clients").text

    # An ankle test is not the hip re-test; the hip test is.
    ankle = {"tests": {"knee-to-wall": f.stiff_person_tests()["tests"]["knee-to-wall"]}}
    assert world.as_("carl").post(f"{API}/profiles/{carl.profile}/assessments", json=ankle).status_code < 300
    assert 'data-alert="check-overdue"' in _alerts(world)
    hips = {"tests": {"modified-thomas": f.stiff_person_tests()["tests"]["modified-thomas"]}}
    assert world.as_("carl").post(f"{API}/profiles/{carl.profile}/assessments", json=hips).status_code < 300
    assert 'data-alert="check-overdue"' not in _alerts(world)
    assert "do the hip tests again" not in _home(world)
    assert "done on" in world.as_("kim").get(f"/clinic/clients/{carl.account_id}").text

    actions = [e.action for e in AuditLog(world.app.sessions).entries(carl.clinic_id, AuditFilter())]
    assert "schedule.set" in actions


def test_a_new_date_replaces_the_old_one_and_a_check_can_be_taken_off(world: World, clock: f.Clock) -> None:
    carl = world.people["carl"]
    for days in (2, 9):
        world.as_("kim").post(
            f"/clinic/clients/{carl.account_id}/schedule",
            data={"check": "questionnaire:odi", "due_on": _day(clock, days)},
        )
    page = world.as_("kim").get(f"/clinic/clients/{carl.account_id}").text
    assert page.count('data-check="questionnaire:odi"') == 1
    assert _day(clock, 9) in page
    assert _day(clock, 2) not in page
    clock.advance(days=9)
    assert "Oswestry (ODI) questionnaire" in _home(world)
    from supple.clinic import schedule

    (check,) = schedule.checks(world.app, carl.account_id)
    r = world.as_("kim").post(f"/clinic/clients/{carl.account_id}/schedule/{check.id}/remove", follow_redirects=False)
    assert r.status_code == 303
    assert schedule.checks(world.app, carl.account_id) == []
    assert "Oswestry" not in _home(world)


def test_bad_dates_and_choices_are_refused_naming_the_field_and_the_range(world: World, clock: f.Clock) -> None:
    carl = world.people["carl"].account_id
    kim = world.as_("kim")
    past = kim.post(f"/clinic/clients/{carl}/schedule", data={"check": "retest:all", "due_on": _day(clock, -1)})
    assert past.status_code == 422
    assert "Date:" in past.text
    assert f"{_day(clock, 0)} to {_day(clock, 365)}" in past.text
    far = kim.post(f"/clinic/clients/{carl}/schedule", data={"check": "retest:all", "due_on": _day(clock, 400)})
    assert far.status_code == 422
    garbled = kim.post(f"/clinic/clients/{carl}/schedule", data={"check": "retest:all", "due_on": "next week"})
    assert garbled.status_code == 422
    assert "not a date" in garbled.text
    unknown = kim.post(f"/clinic/clients/{carl}/schedule", data={"check": "retest:knees", "due_on": _day(clock, 3)})
    assert unknown.status_code == 422
    assert "What to schedule:" in unknown.text
    assert "thoracic" in unknown.text
    assert "Nothing scheduled." in kim.get(f"/clinic/clients/{carl}").text


def test_only_the_clients_own_clinicians_schedule_and_a_check_is_reached_only_through_its_client(
    world: World, clock: f.Clock
) -> None:
    carl, dora = world.people["carl"].account_id, world.people["dora"].account_id
    data = {"check": "retest:all", "due_on": _day(clock, 3)}
    for who in ("kim", "hana", "hal"):
        r = world.as_(who).post(f"/clinic/clients/{dora}/schedule", data=data)
        assert r.status_code == 404
        assert DENIED in r.text
    assert world.as_("kim").post(f"/clinic/clients/{carl}/schedule", data=data).status_code == 200
    from supple.clinic import schedule

    (check,) = schedule.checks(world.app, carl)
    # Lee follows Dora: naming Carl's check under Dora's address reaches nothing.
    r = world.as_("lee").post(f"/clinic/clients/{dora}/schedule/{check.id}/remove")
    assert r.status_code == 404
    assert world.as_("hana").post(f"/clinic/clients/{carl}/schedule/{check.id}/remove").status_code == 404
    assert [c.id for c in schedule.checks(world.app, carl)] == [check.id]
