"""The walking target follows the same traffic light as the exercises, session by session."""

from __future__ import annotations

import pytest

from supple.bootstrap import App
from supple.errors import InvalidInput, PreconditionMissing
from supple.services import assessments, outcomes, profiles, routine, screening, sessions, walking
from supple.services.inputs import CheckinIn, ProfileIn, WalkingPlanIn, WalkLogIn, parse
from tests import factories as f
from tests.factories import Clock


@pytest.fixture
def ann(app: App) -> App:
    profiles.create(app, parse(ProfileIn, {"name": "Ann"}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    outcomes.record_pain_and_function(app, "Ann", f.baseline_in(**{"Walking to the shop": 4, "Gardening": 6}))
    assessments.record(app, "Ann", f.stiff_person_tests())
    return app


def _session(app: App, clock: Clock, pain_during: int, morning: int) -> list[str]:
    ids = [i.exercise_id for i in routine.current(app, "Ann").routine.items]
    clock.advance(hours=10)
    sessions.log_session(app, "Ann", f.session_log(ids, pain_during=pain_during, pain_before=3, pain_after=3))
    clock.advance(hours=14)
    return sessions.checkin(app, "Ann", parse(CheckinIn, {"pain": morning})).changes


def test_the_target_starts_from_what_the_person_manages_and_aims_at_their_own_activity(ann: App) -> None:
    view = walking.set_plan(ann, "Ann", parse(WalkingPlanIn, {"manages_minutes": 20, "manages_days": 2}))
    assert (view.minutes, view.days_per_week) == (16, 3)
    assert view.goal == "Walking to the shop"
    assert "Walking to the shop" in view.text


def test_two_green_sessions_raise_the_target_amber_holds_and_red_steps_back(ann: App, clock: Clock) -> None:
    walking.set_plan(ann, "Ann", parse(WalkingPlanIn, {"manages_minutes": 20, "manages_days": 3}))
    clock.advance(minutes=1)
    changes = _session(ann, clock, pain_during=1, morning=3)
    assert "Walking stays at 16 minutes on 3 days a week." in changes
    changes = _session(ann, clock, pain_during=1, morning=3)
    assert "Walking goes up to 18 minutes on 3 days a week." in changes
    assert walking.current(ann, "Ann").minutes == 18  # type: ignore[union-attr]
    changes = _session(ann, clock, pain_during=4, morning=3)  # amber during the exercises
    assert walking.current(ann, "Ann").minutes == 18  # type: ignore[union-attr]
    changes = _session(ann, clock, pain_during=1, morning=7)  # red: not settled by the morning
    assert walking.current(ann, "Ann").minutes == 14  # type: ignore[union-attr]
    assert any("Walking steps back to 14 minutes" in c for c in changes)


def test_minutes_are_logged_alone_or_with_todays_session_and_bad_values_are_refused(ann: App, clock: Clock) -> None:
    with pytest.raises(PreconditionMissing):
        walking.log(ann, "Ann", parse(WalkLogIn, {"minutes": 10}))
    walking.set_plan(ann, "Ann", parse(WalkingPlanIn, {"manages_minutes": 10}))
    view = walking.log(ann, "Ann", parse(WalkLogIn, {"minutes": 12, "steps": 1400}))
    assert (view.week_minutes, view.week_days) == (12, 1)
    with pytest.raises(InvalidInput) as err:
        walking.log(ann, "Ann", parse(WalkLogIn, {"minutes": 12, "with_session": True}))
    assert err.value.problems[0].field == "with_session"
    ids = [i.exercise_id for i in routine.current(ann, "Ann").routine.items]
    sessions.log_session(ann, "Ann", f.session_log(ids))
    assert walking.log(ann, "Ann", parse(WalkLogIn, {"minutes": 8, "with_session": True})).week_minutes == 20
    for bad, field in (
        ({"minutes": 0}, "minutes"),
        ({"minutes": "ten"}, "minutes"),
        ({"minutes": 700}, "minutes"),
        ({"minutes": True}, "minutes"),  # a yes/no is not a number of minutes
        ({"minutes": 5, "steps": -1}, "steps"),
    ):
        with pytest.raises(InvalidInput) as err:
            parse(WalkLogIn, bad)  # refused by the input shape, naming the field and its range
        assert err.value.problems[0].field == field
        assert err.value.problems[0].limits is not None
    with pytest.raises(InvalidInput) as err:
        walking.set_plan(ann, "Ann", parse(WalkingPlanIn, {"manages_minutes": 10, "goal": "Skydiving"}))
    assert "not one of your activities" in err.value.problems[0].message
