"""Routine templates in clinic mode: made by a clinic's staff, checked against the catalogue's dose
ranges, assigned to a client as a copy that later edits never change, shown to the client as
"chosen by your clinician", and undone by going back to the planner. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from supple.bootstrap import App
from supple.catalogue.schema import DoseKind, ExerciseKind
from supple.clinic.audit import AuditFilter, AuditLog
from supple.domain.chosen import dose_range
from supple.services import routine
from supple.web.clinic_access import DENIED
from tests import factories as f
from tests.clinic_world import World, make_world


@pytest.fixture
def world(any_app: App) -> World:
    world = make_world(any_app)
    for who in ("carl", "hugo"):  # clients who answered the safety questions, so they have a routine
        name = world.people[who].profile
        r = world.as_(who).post(f"/api/v1/profiles/{name}/screenings", json=f.screen_answers())
        assert r.status_code in (200, 201), r.text
    return world


def _exercises(app: App) -> tuple[str, str]:
    """A held stretch and a repetition drill of the catalogue (mobility, no equipment needed)."""
    mobility = [e for e in app.catalogue.exercises.values() if e.kind is ExerciseKind.MOBILITY and not e.avoid_with]
    hold = next(e.id for e in mobility if e.dosage.kind is DoseKind.HOLD and not e.needs_floor)
    reps = next(e.id for e in mobility if e.dosage.kind is DoseKind.REPS and not e.needs_floor)
    return hold, reps


def _form(name: str, *rows: tuple[str, int, int | None, int | None]) -> dict[str, str]:
    data = {"name": name}
    for n, (exercise, sets, reps, hold) in enumerate(rows, start=1):
        data |= {f"exercise_id_{n}": exercise, f"sets_{n}": str(sets)}
        data |= {f"reps_{n}": "" if reps is None else str(reps), f"hold_s_{n}": "" if hold is None else str(hold)}
    return data


def _make(world: World, who: str, data: dict[str, str]) -> int:
    r = world.as_(who).post("/clinic/templates", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    found = re.match(r"/clinic/templates/(\d+)", r.headers["location"])
    assert found
    return int(found.group(1))


def test_a_template_is_assigned_as_a_copy_that_later_edits_never_change(world: World) -> None:
    hold, reps = _exercises(world.app)
    carl = world.people["carl"]
    tid = _make(world, "kim", _form("Desk workers", (hold, 2, None, 30), (reps, 2, 8, None)))
    kim = world.as_("kim")
    r = kim.post(f"/clinic/clients/{carl.account_id}/routine", data={"template": str(tid)}, follow_redirects=False)
    assert r.status_code == 303
    view = routine.current(world.app, carl.profile)
    assert [(i.exercise_id, i.dose.sets, i.dose.hold_s, i.dose.reps) for i in view.routine.items] == [
        (hold, 2, 30, None),
        (reps, 2, None, 8),
    ]
    assert all(i.plain == "Chosen by your clinician." for i in view.routine.items)
    assert "Kim" in view.routine.items[0].reason
    assert "Desk workers" in view.routine.items[0].reason

    # The template changes: the client's copy does not.
    changed = _form("Desk workers, harder", (hold, 3, None, 45))
    assert kim.post(f"/clinic/templates/{tid}", data=changed, follow_redirects=False).status_code == 303
    again = routine.current(world.app, carl.profile)
    assert [(i.exercise_id, i.dose.sets) for i in again.routine.items] == [(hold, 2), (reps, 2)]
    page = kim.get(f"/clinic/clients/{carl.account_id}").text
    assert "follows the routine &#39;Desk workers&#39;" in page or "follows the routine 'Desk workers'" in page

    # The client sees it in plain words on their routine page.
    mine = world.as_("carl").get(f"/p/{carl.profile}/routine").text
    assert "Chosen by your clinician." in mine
    assert "Your clinician chose this routine for you." in mine

    # Back to the planner: the planner's own reasons again.
    kim = world.as_("kim")  # one test client: it carries the cookie of whoever was named last
    r = kim.post(f"/clinic/clients/{carl.account_id}/routine/planner", follow_redirects=False)
    assert r.status_code == 303
    planned = routine.current(world.app, carl.profile)
    assert planned.routine.items
    assert all(i.plain != "Chosen by your clinician." for i in planned.routine.items)
    assert kim.post(f"/clinic/clients/{carl.account_id}/routine/planner").status_code == 409

    actions = [(e.action, e.client_id) for e in AuditLog(world.app.sessions).entries(carl.clinic_id, AuditFilter())]
    assert ("routine.assign", carl.account_id) in actions
    assert ("routine.planner", carl.account_id) in actions
    assert ("template.add", None) in actions
    assert ("template.change", None) in actions


def test_doses_outside_the_catalogues_range_are_refused_naming_the_field_range_and_unit(world: World) -> None:
    hold, reps = _exercises(world.app)
    ex = world.app.catalogue.exercises[hold]
    bounds = dose_range(ex, world.app.catalogue.progression.steps_for(ex.kind))
    assert bounds.hold_s is not None
    too_long = bounds.hold_s[1] + 1
    r = world.as_("kim").post("/clinic/templates", data=_form("Bad", (hold, 1, None, too_long), (reps, 99, 8, None)))
    assert r.status_code == 422
    assert f"Exercise 1, hold (seconds): {too_long} seconds given: this is too high" in r.text or (
        "Exercise 1, hold (seconds)" in r.text and f"{bounds.hold_s[0]} to {bounds.hold_s[1]} seconds" in r.text
    )
    assert "Exercise 2, sets" in r.text
    assert "sets" in r.text
    unknown = world.as_("kim").post("/clinic/templates", data=_form("Bad", ("no-such-exercise", 1, 5, None)))
    assert unknown.status_code == 422
    assert "Exercise 1, exercise" in unknown.text
    nameless = world.as_("kim").post("/clinic/templates", data=_form("", (hold, 1, None, 30)))
    assert nameless.status_code == 422
    assert "Name:" in nameless.text
    assert "1 to 120 characters" in nameless.text
    assert world.as_("kim").post("/clinic/templates", data={"name": "Empty"}).status_code == 422
    assert "None yet." in world.as_("kim").get("/clinic/templates").text  # nothing was stored


def test_templates_belong_to_their_clinic_and_assigning_reaches_only_ones_own_clients(world: World) -> None:
    hold, _ = _exercises(world.app)
    tid = _make(world, "kim", _form("Riverside basics", (hold, 2, None, 30)))
    # The same clinic's admin and other clinician see and may edit it; another clinic never does.
    assert "Riverside basics" in world.as_("lee").get("/clinic/templates").text
    assert "Riverside basics" in world.as_("ada").get(f"/clinic/templates/{tid}").text
    for who in ("hana", "hal"):
        assert "Riverside basics" not in world.as_(who).get("/clinic/templates").text
        assert world.as_(who).get(f"/clinic/templates/{tid}").status_code == 404
        r = world.as_(who).post(f"/clinic/templates/{tid}", data=_form("Taken", (hold, 1, None, 30)))
        assert r.status_code == 404
    assert world.as_("carl").get("/clinic/templates").status_code == 404  # clients never see templates
    assert "Riverside basics" in world.as_("kim").get(f"/clinic/templates/{tid}").text  # unchanged

    # Assigning: Kim cannot reach Lee's client Dora, nor Hillside's Hugo; Hana cannot use Riverside's template.
    dora, hugo = world.people["dora"].account_id, world.people["hugo"].account_id
    for who, client in (("kim", dora), ("hana", dora), ("hal", dora)):
        r = world.as_(who).post(f"/clinic/clients/{client}/routine", data={"template": str(tid)})
        assert r.status_code == 404
        assert DENIED in r.text
        r = world.as_(who).post(f"/clinic/clients/{client}/routine/planner")
        assert r.status_code == 404
        assert DENIED in r.text
    r = world.as_("hana").post(f"/clinic/clients/{hugo}/routine", data={"template": str(tid)})
    assert r.status_code == 422
    assert "Choose one of your clinic&#39;s routine templates." in r.text
    assert routine.current(world.app, world.people["hugo"].profile).routine.notes[:1] != (
        "Your clinician chose this routine for you. Message them if anything in it does not suit you.",
    )


def test_a_chosen_exercise_still_gives_way_to_the_persons_settings(world: World) -> None:
    floor = next(e for e in world.app.catalogue.exercises.values() if e.needs_floor)
    hold, _ = _exercises(world.app)
    amount = (None, floor.dosage.hold_s) if floor.dosage.kind is DoseKind.HOLD else (floor.dosage.reps, None)
    tid = _make(world, "kim", _form("Floor work", (floor.id, 1, *amount), (hold, 1, None, 30)))
    carl = world.people["carl"]
    world.as_("kim").post(f"/clinic/clients/{carl.account_id}/routine", data={"template": str(tid)})
    r = world.as_("carl").patch(f"/api/v1/profiles/{carl.profile}/settings", json={"no_floor": True})
    assert r.status_code == 200, r.text
    view = routine.current(world.app, carl.profile)
    assert [i.exercise_id for i in view.routine.items] == [hold]
    assert any(floor.name in n and "floor" in n for n in view.routine.notes)


def test_the_clients_export_holds_the_clinical_control_and_erasure_removes_it(world: World, clock: f.Clock) -> None:
    from sqlalchemy import func, select

    from supple.db.clinic_models import AssignedRoutine, PlannerOverride, ScheduledCheck

    hold, reps = _exercises(world.app)
    carl = world.people["carl"]
    tid = _make(world, "kim", _form("Desk workers", (hold, 2, None, 30)))
    kim = world.as_("kim")
    kim.post(f"/clinic/clients/{carl.account_id}/routine", data={"template": str(tid)})
    day = f"{(clock() + timedelta(days=3)).date():%Y-%m-%d}"
    kim.post(f"/clinic/clients/{carl.account_id}/schedule", data={"check": "retest:all", "due_on": day})
    change = {"exercise_id": reps, "action": "remove", "note": "Not for now."}
    assert kim.post(f"/clinic/clients/{carl.account_id}/overrides", data=change).status_code == 200
    doc = world.as_("ada").get(f"/admin/clients/{carl.account_id}/export").json()["clinic"]
    assert doc["assigned_routine"]["name"] == "Desk workers"
    assert doc["scheduled"] == [{"kind": "retest", "what": "all", "due_on": day, "by": "Kim"}]
    assert [c["action"] for c in doc["planner_changes"]] == ["remove"]
    done = world.as_("ada").post(f"/admin/clients/{carl.account_id}/erase", data={"confirm": "carl@example.org"})
    assert done.status_code < 400
    with world.app.sessions() as s:
        for table in (AssignedRoutine, PlannerOverride, ScheduledCheck):
            assert s.scalar(select(func.count()).select_from(table)) == 0, table.__tablename__
    assert "Desk workers" in world.as_("kim").get("/clinic/templates").text  # the clinic's template stays
