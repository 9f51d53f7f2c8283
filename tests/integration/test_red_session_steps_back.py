"""A session logged as a flare (a red traffic light) steps the next dose of every exercise in it back
(rules/progression.yaml `after_red_session: step_back`, clinical-reference §7.4), not only the red one."""

from __future__ import annotations

from supple.bootstrap import App
from supple.domain.progression import Signal, signal_for_next_dose
from supple.services import assessments, outcomes, profiles, routine, screening, sessions
from supple.services.inputs import CheckinIn, ProfileIn, parse
from tests import factories as f
from tests.factories import Clock, shared_catalogue

CALM = "half-kneeling-hip-flexor-stretch"


def _doses(app: App) -> dict[str, str]:
    return {i.exercise_id: i.dose.label() for i in routine.current(app, "Ann").routine.items}


def test_the_rule_is_in_the_progression_data_with_its_source() -> None:
    rules = shared_catalogue().progression
    assert rules.after_red_session == "step_back"
    assert "§7.4" in rules.after_red_session_source.ref
    assert signal_for_next_dose(Signal.GREEN, Signal.RED, "step_back") is Signal.RED
    assert signal_for_next_dose(Signal.AMBER, Signal.RED, "own_signal") is Signal.AMBER
    assert signal_for_next_dose(Signal.GREEN, Signal.AMBER, "step_back") is Signal.GREEN


def test_one_flared_exercise_makes_the_whole_session_red_and_every_dose_steps_back(app: App, clock: Clock) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    outcomes.record_pain_and_function(app, "Ann", f.baseline_in())
    assessments.record(app, "Ann", f.stiff_person_tests())
    before = _doses(app)
    assert before[CALM] == "2 × 30 s hold each side"
    flared = next(e for e in before if e != CALM)
    log = f.session_log(list(before), pain_during=1, pain_before=3)
    for item in log["items"]:
        item["pain_during"] = 7 if item["exercise"] == flared else 1
    clock.advance(hours=10)
    sessions.log_session(app, "Ann", log)
    clock.advance(hours=14)
    result = sessions.checkin(app, "Ann", parse(CheckinIn, {"pain": 3}))
    assert result.session_signal == "red"
    assert result.signals[CALM] != "red"  # its own light was not red ...
    screening.run_full_screen(app, "Ann", f.screen_answers())  # a red session asks the full screen again
    after = _doses(app)
    assert after[CALM] == "2 × 15 s hold each side"  # ... yet its dose stepped back with the session
    assert any("flare" in c and "Half-kneeling" in c for c in result.changes)
