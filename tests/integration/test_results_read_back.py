"""What the services answer when a screen, a session or a check-in is recorded is the same as what they
read back later from the store (the pages after a form show the read-back, at the record's address)."""

from __future__ import annotations

import pytest

from supple.bootstrap import App
from supple.domain.screening import CLEAR_HEADING, ScreenOutcome
from supple.errors import NotFound
from supple.services import assessments, outcomes, profiles, routine, screening, sessions, walking
from supple.services.inputs import CheckinIn, ProfileIn, WalkingPlanIn, parse
from tests import factories as f
from tests.factories import Clock

INFLAMMATORY = (
    "pain-over-3-months",
    "onset-before-40",
    "gradual-onset",
    "better-with-exercise",
    "not-better-with-rest",
)


def _said(o: ScreenOutcome) -> tuple[object, ...]:
    return (o.heading, o.advice, o.blocks, o.action, o.triggered, o.notices, o.conditions, o.yellow_flags)


@pytest.fixture
def ann(any_app: App) -> App:
    """On SQLite and on PostgreSQL."""
    profiles.create(any_app, parse(ProfileIn, {"name": "Ann", "birth_year": 1950, "sex": "female"}))
    return any_app


def test_a_full_screen_reads_back_as_it_was_answered(ann: App) -> None:
    yellow = tuple(q.id for q in ann.catalogue.yellow_flags.questions)
    for answers in (
        f.screen_answers(),
        f.screen_answers(yes=INFLAMMATORY, conditions=("osteoporosis", "hypermobility"), yellow=yellow),
        f.screen_answers(yes=("pregnant",)),
    ):
        said, number = screening.record_full_screen(ann, "Ann", answers)
        assert _said(screening.full_screen_result(ann, "Ann", number)) == _said(said)


def test_a_screen_answered_while_stopped_never_reads_back_as_go_ahead(ann: App, clock: Clock) -> None:
    stop, _ = screening.record_full_screen(ann, "Ann", f.screen_answers(yes=("saddle-numbness",)))
    assert stop.blocks
    clock.advance(minutes=5)
    still, number = screening.record_full_screen(ann, "Ann", f.screen_answers())  # all "no", but still stopped
    assert still.blocks
    assert still.heading != CLEAR_HEADING
    clock.advance(days=2)
    profiles.record_clearance(
        ann, "Ann", "Dr Jo Park", seen_on=ann.clock().date()
    )  # cleared afterwards: that screen said what it said
    clock.advance(minutes=5)
    assert _said(screening.full_screen_result(ann, "Ann", number)) == _said(still)
    clear, after = screening.record_full_screen(ann, "Ann", f.screen_answers())
    assert screening.full_screen_result(ann, "Ann", after).heading == clear.heading == CLEAR_HEADING


def test_another_profiles_records_are_not_found(ann: App) -> None:
    profiles.create(ann, parse(ProfileIn, {"name": "Bob"}))
    _, number = screening.record_full_screen(ann, "Ann", f.screen_answers())
    with pytest.raises(NotFound):
        screening.full_screen_result(ann, "Bob", number)
    with pytest.raises(NotFound):
        sessions.session_result(ann, "Ann", 424242)
    with pytest.raises(NotFound):
        sessions.checkin_result(ann, "Ann", 424242)


def _fields(r: sessions.SessionResult) -> tuple[object, ...]:
    return (r.session_id, r.signals, r.session_signal, r.provisional, r.changes, r.paused)


def test_sessions_and_check_ins_read_back_with_every_change_they_settled(ann: App, clock: Clock) -> None:
    screening.run_full_screen(ann, "Ann", f.screen_answers())
    outcomes.record_pain_and_function(ann, "Ann", f.baseline_in(**{"Walking to the shop": 4}))
    assessments.record(ann, "Ann", f.stiff_person_tests())
    walking.set_plan(ann, "Ann", parse(WalkingPlanIn, {"manages_minutes": 20, "manages_days": 3}))
    ids = [i.exercise_id for i in routine.current(ann, "Ann").routine.items]
    logged: list[sessions.SessionResult] = []
    said: list[str] = []
    for pain_during, morning in ((1, 3), (1, 3), (2, None), (1, 8), (1, 8)):
        clock.advance(hours=10)
        result = sessions.log_session(ann, "Ann", f.session_log(ids, pain_during=pain_during))
        logged.append(result)
        assert _fields(sessions.session_result(ann, "Ann", result.session_id or 0)) == _fields(result)
        clock.advance(hours=14)  # the next morning
        if morning is None:
            continue  # no check-in: the next log settles this session, and its page says so
        checked = sessions.checkin(ann, "Ann", parse(CheckinIn, {"pain": morning}))
        assert checked.checkin_id is not None
        assert _fields(sessions.checkin_result(ann, "Ann", checked.checkin_id)) == _fields(checked)
        said += checked.changes
        if checked.session_signal == "red" and not checked.paused:
            screening.run_full_screen(ann, "Ann", f.screen_answers())  # asked again after a red session
    said += [c for r in logged for c in r.changes]
    assert logged[3].changes  # the session logged without a check-in before it: settled by this log
    assert any(c.startswith("Walking") for c in said)  # the walking target's move is among them
    assert checked.paused  # two red sessions in a row
    assert checked.changes[-1].startswith("Program paused")


def test_a_nerve_symptom_settles_at_once_and_reads_back_with_its_pause(ann: App, clock: Clock) -> None:
    screening.run_full_screen(ann, "Ann", f.screen_answers())
    assessments.record(ann, "Ann", f.stiff_person_tests())
    ids = [i.exercise_id for i in routine.current(ann, "Ann").routine.items]
    result = sessions.log_session(ann, "Ann", f.session_log(ids, nerve=(ids[0],)))
    assert result.paused
    assert any(c.startswith("Program paused") for c in result.changes)
    assert _fields(sessions.session_result(ann, "Ann", result.session_id or 0)) == _fields(result)
