"""The whole loop through the services: screen, baseline, tests, routine, sessions, progression, re-test."""

from __future__ import annotations

import pytest

from supple.bootstrap import App
from supple.domain.outcomes import Verdict
from supple.errors import InvalidInput, PreconditionMissing, SafetyStop
from supple.services import assessments, outcomes, profiles, progress, routine, screening, sessions
from supple.services.inputs import CheckinIn, ProfileIn, parse
from tests import factories as f
from tests.factories import Clock


def _start(app: App) -> list[str]:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    outcomes.record_pain_and_function(app, "Ann", f.baseline_in())
    assessments.record(app, "Ann", f.stiff_person_tests())
    return [i.exercise_id for i in routine.current(app, "Ann").routine.items]


def _dose(app: App, exercise_id: str) -> str:
    items = {i.exercise_id: i for i in routine.current(app, "Ann").routine.items}
    return items[exercise_id].dose.label()


def test_a_routine_needs_the_safety_screen_first(app: App) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann"}))
    with pytest.raises(PreconditionMissing, match="safety questions"):
        routine.current(app, "Ann")


def test_two_good_sessions_with_good_mornings_step_the_routine_up(any_app: App, clock: Clock) -> None:
    ids = _start(any_app)
    target = "half-kneeling-hip-flexor-stretch"
    assert target in ids
    before = _dose(any_app, target)
    for _ in range(2):
        clock.advance(hours=10)
        sessions.log_session(any_app, "Ann", f.session_log(ids, pain_during=1, pain_before=2, pain_after=2))
        clock.advance(hours=14)
        result = sessions.checkin(any_app, "Ann", parse(CheckinIn, {"pain": 2}))
    assert result.session_signal == "green"
    after = _dose(any_app, target)
    assert before != after
    assert "45 s hold" in after
    assert any("steps up" in c for c in result.changes)


def test_without_a_check_in_a_session_never_counts_as_green(any_app: App, clock: Clock) -> None:
    ids = _start(any_app)
    for _ in range(3):
        clock.advance(days=1)
        result = sessions.log_session(any_app, "Ann", f.session_log(ids, pain_during=0, pain_before=2))
    assert result.provisional
    assert all(s == "amber" for s in result.signals.values())
    assert _dose(any_app, "half-kneeling-hip-flexor-stretch") == "2 × 30 s hold each side"


def test_a_flare_steps_back_and_two_in_a_row_pause_the_program(any_app: App, clock: Clock) -> None:
    ids = _start(any_app)
    clock.advance(hours=10)
    sessions.log_session(any_app, "Ann", f.session_log(ids, pain_during=7, pain_before=3))
    clock.advance(hours=14)
    first = sessions.checkin(any_app, "Ann", parse(CheckinIn, {"pain": 6}))
    assert first.session_signal == "red"
    assert first.paused is None
    assert any("flared" in c for c in first.changes)
    clock.advance(hours=10)
    # After a red session the full safety screen comes first (issue 12 §1).
    with pytest.raises(PreconditionMissing, match="red one"):
        sessions.log_session(any_app, "Ann", f.session_log(ids, pain_during=7, pain_before=3))
    screening.run_full_screen(any_app, "Ann", f.screen_answers())
    sessions.log_session(any_app, "Ann", f.session_log(ids, pain_during=7, pain_before=3))
    clock.advance(hours=14)
    second = sessions.checkin(any_app, "Ann", parse(CheckinIn, {"pain": 6}))
    assert second.paused
    with pytest.raises(SafetyStop) as stop:
        routine.current(any_app, "Ann")
    assert "clinician" in stop.value.detail.heading
    profiles.record_clearance(any_app, "Ann", "Physio Jo", seen_on=any_app.clock().date())
    screening.run_full_screen(any_app, "Ann", f.screen_answers())
    assert routine.current(any_app, "Ann").routine.items


def test_a_nerve_symptom_pauses_the_program_at_once(any_app: App) -> None:
    ids = _start(any_app)
    result = sessions.log_session(any_app, "Ann", f.session_log(ids, nerve=(ids[0],)))
    assert result.paused
    assert not result.provisional
    with pytest.raises(SafetyStop):
        sessions.log_session(any_app, "Ann", f.session_log(ids))


def test_progress_compares_the_retest_with_baseline_beyond_measurement_error(any_app: App, clock: Clock) -> None:
    _start(any_app)
    clock.advance(days=29)
    assert progress.report(any_app, "Ann").retest.is_due
    retest = f.stiff_person_tests(
        **{
            "knee-to-wall": {
                "method": "tape",
                "left": {"toe_to_wall_cm": [11.5]},
                "right": {"toe_to_wall_cm": [9, 9, 9.5]},
            },
        }
    )
    # The 4-weekly re-test comes with the full safety screen again (issue 12 §1).
    with pytest.raises(PreconditionMissing, match="weeks or more since your last full safety questions"):
        assessments.record(any_app, "Ann", retest)
    screening.run_full_screen(any_app, "Ann", f.screen_answers())
    assessments.record(any_app, "Ann", retest)
    outcomes.record_pain_and_function(
        any_app, "Ann", f.baseline_in(now=2, average=2, worst=4, **{"Putting on socks": 7, "Gardening": 6})
    )
    rep = progress.report(any_app, "Ann")
    by_key = {(t.test_id, t.metric_id, t.side): t for t in rep.tests}
    right = by_key[("knee-to-wall", "toe_to_wall_cm", "right")]
    left = by_key[("knee-to-wall", "toe_to_wall_cm", "left")]
    assert right.change is not None
    assert right.change.verdict is Verdict.REAL_IMPROVEMENT  # 6.17 -> 9.17 cm, MDC 2 cm
    assert left.change is not None
    assert left.change.verdict is Verdict.WITHIN_ERROR
    assert rep.pain is not None
    assert rep.pain.verdict is Verdict.REAL_IMPROVEMENT
    assert rep.function is not None
    assert rep.function.verdict is Verdict.REAL_IMPROVEMENT
    assert not rep.retest.is_due
    assert [p.value for p in right.history] == [pytest.approx(6.17, abs=0.01), pytest.approx(9.17, abs=0.01)]
    assert not right.confirmed  # one re-test past the MDC is not yet confirmed

    clock.advance(days=29)
    screening.run_full_screen(any_app, "Ann", f.screen_answers())
    assessments.record(any_app, "Ann", retest)
    again = {(t.test_id, t.metric_id, t.side): t for t in progress.report(any_app, "Ann").tests}
    assert again[("knee-to-wall", "toe_to_wall_cm", "right")].confirmed
    assert not again[("knee-to-wall", "toe_to_wall_cm", "left")].confirmed


def test_a_broken_log_names_its_screen_and_item_problems_together(app: App) -> None:
    ids = _start(app)
    log = f.session_log(ids[:1])
    del log["screen"]["fever"]
    del log["items"][0]["pain_during"]
    with pytest.raises(InvalidInput) as err:
        sessions.log_session(app, "Ann", log)
    fields = {p.field for p in err.value.problems}
    assert {"screen.fever", "items.0.pain_during"} <= fields
    assert progress.report(app, "Ann").adherence.sessions == 0
