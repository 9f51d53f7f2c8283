"""The clinician's control over the planner in clinic mode: a step-up waits for approval (and the
client is told so), the clinician approves or declines it, and changes a dose, swaps or leaves out an
exercise with a note; the planner still applies the person's settings. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from supple.bootstrap import App
from supple.catalogue.schema import DoseKind
from supple.clinic import proposals
from supple.clinic.audit import AuditFilter, AuditLog
from supple.domain.chosen import dose_range
from supple.services import routine, sessions
from supple.services.inputs import CheckinIn, parse
from supple.web.clinic_access import DENIED
from tests import factories as f
from tests.clinic_world import World, make_world

API = "/api/v1"
WAITS = "your clinician will look at it before it changes"


@pytest.fixture
def world(any_app: App) -> World:
    world = make_world(any_app)
    for who in ("carl", "dora"):
        name = world.people[who].profile
        assert world.as_(who).post(f"{API}/profiles/{name}/screenings", json=f.screen_answers()).status_code < 300
    return world


def _good_day(world: World, clock: f.Clock, who: str) -> list[str]:
    """One easy session and the next morning's check-in; what changed, in the client's words."""
    name = world.people[who].profile
    ids = [i.exercise_id for i in routine.current(world.app, name).routine.items]
    sessions.log_session(world.app, name, f.session_log(ids, pain_during=1, pain_before=3, pain_after=2))
    clock.advance(hours=22)  # 6:00 the next morning, when the check-in opens
    done = sessions.checkin(world.app, name, parse(CheckinIn, {"pain": 2, "stiffness": 3}))
    clock.advance(hours=2)
    return done.changes


def _until_a_step_up_waits(world: World, clock: f.Clock, who: str) -> list[str]:
    said: list[str] = []
    client_id = world.people[who].account_id
    for _ in range(8):
        said += _good_day(world, clock, who)
        if proposals.view(world.app, client_id).waiting:
            return said
    raise AssertionError(f"no step-up after 8 good days: {said}")


def _doses(world: World, who: str) -> dict[str, str]:
    return {i.exercise_id: i.dose.label() for i in routine.current(world.app, world.people[who].profile).routine.items}


def _shown(world: World, who: str) -> set[str]:
    cat = world.app.catalogue
    return {f"{cat.exercises[k].name}, {v}" for k, v in _doses(world, who).items()}


def _sets(shown: str) -> int:
    """'Glute bridge, 2 × 8 slow reps' -> 2."""
    return int(shown.rsplit(", ", 1)[1].split(" × ", maxsplit=1)[0])


def _per_set(shown: str) -> str:
    return shown.split(" × ", 1)[1]


def test_a_step_up_waits_for_the_clinician_and_the_client_is_told(world: World, clock: f.Clock) -> None:
    carl = world.people["carl"]
    said = _until_a_step_up_waits(world, clock, "carl")
    assert any(WAITS in line for line in said), said
    waiting = proposals.view(world.app, carl.account_id).waiting
    held = _shown(world, "carl")
    for w in waiting:  # nothing stepped up on its own: each waits at the amount it had, or at fewer sets of it
        start, end = w.step.split(" → ")  # when the planner fits the minutes (never below the dose floor)
        assert end not in held
        now = next(h for h in held if h.startswith(f"{w.name}, "))
        assert now == start or (_sets(now) < _sets(start) and _per_set(now) == _per_set(start)), (now, start)
    page = world.as_("kim").get(f"/clinic/clients/{carl.account_id}").text
    assert "Step-ups waiting for you" in page
    assert f'data-proposal="{waiting[0].id}"' in page

    r = world.as_("kim").post(
        f"/clinic/clients/{carl.account_id}/proposals/{waiting[0].id}",
        data={"decision": "approve", "note": "Moving well."},
        follow_redirects=False,
    )
    assert r.status_code == 303
    start, end = waiting[0].step.split(" → ")
    after = _shown(world, "carl")  # (the planner may fit the others into the time again)
    assert end in after
    assert start not in after
    again = world.as_("kim").post(
        f"/clinic/clients/{carl.account_id}/proposals/{waiting[0].id}", data={"decision": "approve"}
    )
    assert again.status_code == 409
    actions = [e.action for e in AuditLog(world.app.sessions).entries(carl.clinic_id, AuditFilter())]
    assert "planner.approve" in actions


def test_a_declined_step_up_leaves_the_dose_as_it_was(world: World, clock: f.Clock) -> None:
    carl = world.people["carl"]
    _until_a_step_up_waits(world, clock, "carl")
    waiting = proposals.view(world.app, carl.account_id).waiting
    before = _doses(world, "carl")
    for w in waiting:
        r = world.as_("kim").post(
            f"/clinic/clients/{carl.account_id}/proposals/{w.id}", data={"decision": "decline", "note": "Not yet."}
        )
        assert r.status_code == 200
    assert proposals.view(world.app, carl.account_id).waiting == []
    assert _doses(world, "carl") == before
    bad = world.as_("kim").post(f"/clinic/clients/{carl.account_id}/proposals/{waiting[0].id}", data={"decision": "x"})
    assert bad.status_code == 422
    assert "Decision:" in bad.text


def test_the_clinician_changes_a_dose_swaps_and_leaves_out_exercises_with_a_note(world: World) -> None:
    carl = world.people["carl"]
    cat = world.app.catalogue
    items = routine.current(world.app, carl.profile).routine.items
    first = cat.exercises[items[0].exercise_id]
    r = dose_range(first, cat.progression.steps_for(first.kind))
    amount = {"hold_s": str(r.hold_s[0])} if first.dosage.kind is DoseKind.HOLD and r.hold_s else {"reps": "5"}
    url = f"/clinic/clients/{carl.account_id}/overrides"
    kim = world.as_("kim")
    dose = {"exercise_id": first.id, "action": "dose", "sets": str(r.sets[0]), "note": "Sore shoulder."} | amount
    assert kim.post(url, data=dose, follow_redirects=False).status_code == 303
    changed = next(i for i in routine.current(world.app, carl.profile).routine.items if i.exercise_id == first.id)
    assert changed.dose.sets == r.sets[0]
    assert "Your clinician changed this." in changed.notes

    too_many = kim.post(url, data=dose | {"sets": str(r.sets[1] + 1)})
    assert too_many.status_code == 422
    assert "Sets:" in too_many.text
    assert f"{r.sets[0]} to {r.sets[1]} sets" in too_many.text
    no_note = kim.post(url, data=dose | {"note": ""})
    assert no_note.status_code == 422
    assert "Note:" in no_note.text

    second = items[1].exercise_id
    assert kim.post(url, data={"exercise_id": second, "action": "remove", "note": "Hurts."}).status_code == 200
    assert second not in [i.exercise_id for i in routine.current(world.app, carl.profile).routine.items]
    page = kim.get(f"/clinic/clients/{carl.account_id}").text
    assert "left out" in page
    assert "Hurts." in page
    kim.post(f"{url}/undo", data={"exercise_id": second})
    assert second in [i.exercise_id for i in routine.current(world.app, carl.profile).routine.items]
    actions = [e.action for e in AuditLog(world.app.sessions).entries(carl.clinic_id, AuditFilter())]
    assert "planner.override" in actions
    assert "planner.undo" in actions


def test_a_swap_still_gives_way_to_the_persons_settings(world: World) -> None:
    carl = world.people["carl"]
    cat = world.app.catalogue
    items = routine.current(world.app, carl.profile).routine.items
    used = {i.exercise_id for i in items}

    def family(e: str) -> set[str]:
        x = cat.exercises[e]
        return {x.id} | {y for y in (x.alternative, x.progression, x.regression) if y}

    taken = set().union(*(family(e) for e in used))
    floor = next(e for e in cat.exercises.values() if e.needs_floor and not family(e.id) & taken)
    target = items[0].exercise_id
    data = {"exercise_id": target, "action": "swap", "to_exercise_id": floor.id, "note": "Try this."}
    world.as_("kim").post(f"/clinic/clients/{carl.account_id}/overrides", data=data)
    assert floor.id in [i.exercise_id for i in routine.current(world.app, carl.profile).routine.items]
    world.as_("carl").patch(f"{API}/profiles/{carl.profile}/settings", json={"no_floor": True})
    assert floor.id not in [i.exercise_id for i in routine.current(world.app, carl.profile).routine.items]


def test_proposals_and_changes_are_reached_only_through_their_own_client(world: World, clock: f.Clock) -> None:
    carl, dora = world.people["carl"].account_id, world.people["dora"].account_id
    _until_a_step_up_waits(world, clock, "carl")
    (step, *_) = proposals.view(world.app, carl).waiting
    for who, client in (("kim", dora), ("hana", carl), ("hal", carl)):
        r = world.as_(who).post(f"/clinic/clients/{client}/proposals/{step.id}", data={"decision": "approve"})
        assert r.status_code == 404
        assert DENIED in r.text
        r = world.as_(who).post(f"/clinic/clients/{client}/overrides", data={"exercise_id": "x", "action": "remove"})
        assert r.status_code == 404
    # Lee follows Dora: Carl's proposal named under Dora's address reaches nothing.
    lee = world.as_("lee").post(f"/clinic/clients/{dora}/proposals/{step.id}", data={"decision": "approve"})
    assert lee.status_code == 404
    assert proposals.view(world.app, carl).waiting[0].id == step.id
