"""The clinician's dashboard: alerts computed from the client's own records against the clinic's
thresholds, clients needing attention first; the clinician's review lifts a stop."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from supple.bootstrap import App
from supple.clinic.alert_service import evaluate_alerts
from supple.db.clinic_models import ClientAlert
from supple.services import profiles
from tests import factories as f
from tests.clinic_world import BAD_THRESHOLDS, World, make_world

API = "/api/v1"


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app, second_clinic=False)


def _rows(world: World, who: str) -> list[str]:
    page = world.as_(who).get("/clinic/clients").text
    return [n for n in sorted(("Carl", "Dora"), key=lambda n: page.find(f">{n}</a>")) if f">{n}</a>" in page]


def _stop_carl(world: World) -> str:
    name = world.people["carl"].profile
    assert name
    r = world.as_("carl").post(f"{API}/profiles/{name}/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    assert r.json()["blocks"] is True
    return name


def test_a_red_flag_stop_puts_the_client_first_with_an_alert_until_a_clinician_reviews_it(world: World) -> None:
    name = _stop_carl(world)
    page = world.as_("ada").get("/clinic/clients").text
    assert 'data-alert="stopped"' in page
    assert _rows(world, "ada") == ["Carl", "Dora"]
    carl = world.people["carl"].account_id
    for empty in ("", "   ", "ok"):  # a clearance lifts a safety stop: it must say what was checked
        refused = world.as_("kim").post(f"/clinic/clients/{carl}/clearance", data={"note": empty})
        assert refused.status_code == 422
        assert "Write what you checked" in refused.text
        assert "at least 20 characters" in refused.text or "20" in refused.text
        assert profiles.get(world.app, name).locked is True
    review = world.as_("kim").post(
        f"/clinic/clients/{carl}/clearance", data={"note": "Seen today; no neurological signs."}, follow_redirects=False
    )
    assert review.status_code == 303
    assert profiles.get(world.app, name).locked is False
    after = world.as_("kim").get(f"/clinic/clients/{carl}").text
    assert "Seen today; no neurological signs." in after
    assert 'data-alert="stopped"' not in after
    assert "Kim" in after  # the clearance names the clinician who gave it


def test_high_pain_entered_by_the_client_raises_an_alert_at_once(world: World) -> None:
    name = world.people["carl"].profile
    world.as_("carl").post(f"{API}/profiles/{name}/screenings", json=f.screen_answers())
    r = world.as_("carl").post(f"{API}/profiles/{name}/pain", json=f.baseline(now=8, average=6, worst=8))
    assert r.status_code < 300, r.text
    page = world.as_("kim").get("/clinic/clients").text
    assert 'data-alert="pain-high"' in page
    assert "Pain 8/10" in page


def test_no_session_for_the_clinics_number_of_days_raises_an_alert(world: World, clock: f.Clock) -> None:
    clock.advance(days=6)
    assert evaluate_alerts(world.app) == 2
    assert 'data-alert="no-session"' not in world.as_("kim").get("/clinic/clients").text
    clock.advance(days=1)
    evaluate_alerts(world.app)
    assert 'data-alert="no-session"' in world.as_("kim").get("/clinic/clients").text


def test_evaluating_again_replaces_the_alerts_and_never_adds_duplicates(world: World, clock: f.Clock) -> None:
    clock.advance(days=8)
    evaluate_alerts(world.app)
    evaluate_alerts(world.app)
    with world.app.sessions() as s:
        kinds = [(a.client_id, a.kind) for a in s.scalars(select(ClientAlert))]
    assert sorted(kinds) == sorted({(world.people[p].account_id, "no-session") for p in ("carl", "dora")})


def test_an_unchanged_alert_keeps_its_row_and_gets_the_new_time_and_a_changed_one_is_replaced(
    world: World, clock: f.Clock
) -> None:
    clock.advance(days=8)
    evaluate_alerts(world.app)
    with world.app.sessions() as s:
        before = {a.client_id: a.id for a in s.scalars(select(ClientAlert))}
    clock.advance(minutes=1)
    carl = world.people["carl"]
    r = world.as_("carl").post(f"{API}/profiles/{carl.profile}/pain", json=f.baseline(now=8, average=8, worst=9))
    assert r.status_code < 400, r.text
    evaluate_alerts(world.app)  # as the periodic job does, for every client
    with world.app.sessions() as s:
        after = list(s.scalars(select(ClientAlert)))
    dora = world.people["dora"].account_id
    [kept] = [a for a in after if a.client_id == dora]
    assert kept.id == before[dora]  # nothing about Dora changed: the same row...
    assert kept.evaluated_at == clock()  # ...evaluated now
    carls = {a.kind for a in after if a.client_id == carl.account_id}
    assert "pain-high" in carls  # Carl's alerts were replaced by what holds now
    assert all(a.evaluated_at == clock() for a in after)


def test_an_admin_edits_the_thresholds_and_the_alerts_follow(world: World, clock: f.Clock) -> None:
    clock.advance(days=3)
    values = {
        "no_session_days": "3",
        "pain_rising_from": "5",
        "pain_high_from": "7",
        "retests_without_improvement": "2",
        "check_overdue_days": "3",
    }
    assert "thresholds-form" not in world.as_("kim").get("/clinic/thresholds").text  # clinicians see them only
    assert world.as_("kim").post("/clinic/thresholds", data=values).status_code == 404
    saved = world.as_("ada").post("/clinic/thresholds", data=values)
    assert saved.status_code == 200
    assert 'value="3"' in saved.text
    assert 'data-alert="no-session"' in world.as_("kim").get("/clinic/clients").text


def test_a_threshold_out_of_range_is_refused_naming_the_field_the_range_and_the_unit(world: World) -> None:
    r = world.as_("ada").post("/clinic/thresholds", data=BAD_THRESHOLDS)
    assert r.status_code == 422
    assert "2 to 60" in r.text or "2 and 60" in r.text
    assert "days" in r.text
    assert "not a number" in r.text
    assert 'value="7"' in world.as_("ada").get("/clinic/thresholds").text  # nothing was written


def test_two_re_tests_without_a_real_improvement_raise_an_alert_and_an_improvement_clears_it(
    world: World, clock: f.Clock
) -> None:
    name = world.people["carl"].profile
    carl = world.as_("carl")
    carl.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers())
    for _ in range(3):  # the baseline, then two re-tests with the same numbers
        r = carl.post(f"{API}/profiles/{name}/assessments", json=f.stiff_person_tests())
        assert r.status_code < 300, r.text
        clock.advance(days=14)
        carl.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers())
    assert 'data-alert="no-improvement"' in world.as_("kim").get("/clinic/clients").text
    better = {"knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": [11]}, "right": {"toe_to_wall_cm": [11]}}}
    assert world.as_("carl").post(f"{API}/profiles/{name}/assessments", json={"tests": better}).status_code < 300
    assert 'data-alert="no-improvement"' not in world.as_("kim").get("/clinic/clients").text


def test_the_clinicians_review_records_a_known_stable_symptom_that_the_next_screen_asks_about(world: World) -> None:
    name = world.people["carl"].profile
    assert name
    r = world.as_("carl").post(
        f"{API}/profiles/{name}/screenings", json=f.screen_answers(yes=("leg-symptoms", "both-legs"))
    )
    assert r.json()["blocks"] is True
    carl = world.people["carl"].account_id
    review = {"note": "Seen today; long-standing numbness in both feet, unchanged."}
    missing = world.as_("kim").post(f"/clinic/clients/{carl}/clearance", data=review | {"known_question": "both-legs"})
    assert missing.status_code == 422  # a known symptom needs what it is and since when, each named
    assert "Say what the symptom is (2 to 120 characters)" in missing.text
    assert "Say since when" in missing.text
    assert profiles.get(world.app, name).locked is True
    known = {"known_question": "both-legs", "known_what": "numbness in both feet", "known_since": "2019"}
    done = world.as_("kim").post(f"/clinic/clients/{carl}/clearance", data=review | known, follow_redirects=False)
    assert done.status_code == 303
    assert profiles.get(world.app, name).locked is False
    screen = world.as_("carl").get(f"/p/{name}/screen").text
    assert "numbness in both feet (since 2019; checked by Kim)" in screen  # under the clinician's account name
    assert "new, or worse than usual" in screen


def test_a_program_pause_after_a_nerve_symptom_stays_until_a_clinician_reviews_it(world: World) -> None:
    from supple.services import routine

    name = world.people["carl"].profile
    assert name
    carl = world.as_("carl")
    assert carl.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers()).status_code < 300
    ids = [i.exercise_id for i in routine.current(world.app, name).routine.items]
    logged = carl.post(f"{API}/profiles/{name}/sessions", json=f.session_log(ids, nerve=(ids[0],)))
    assert logged.status_code < 300, logged.text
    assert profiles.get(world.app, name).locked is True  # a nerve symptom during a session pauses the program
    assert 'data-alert="stopped"' in world.as_("kim").get("/clinic/clients").text
    refused = world.as_("carl").post(f"{API}/profiles/{name}/clearance", json={"clinician": "Dr Self"})
    assert refused.status_code == 403  # the client cannot lift it...
    assert 'data-alert="stopped"' in world.as_("kim").get("/clinic/clients").text
    cleared = world.as_("kim").post(
        f"/clinic/clients/{world.people['carl'].account_id}/clearance",
        data={"note": "Phoned: tingling gone within the hour, no weakness."},
        follow_redirects=False,
    )
    assert cleared.status_code == 303  # ...their clinician's review does
    assert profiles.get(world.app, name).locked is False
    assert 'data-alert="stopped"' not in world.as_("kim").get("/clinic/clients").text
