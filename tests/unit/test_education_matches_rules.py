"""What the pain education promises is what the progression rules do (issue 12 §3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from supple.catalogue.catalogue import Catalogue
from supple.domain.progression import Signal, exercise_signal, should_pause, worse_week_on_week

NOW = datetime(2026, 12, 1, 9, 0)


def _text(catalogue: Catalogue) -> str:
    return " ".join(catalogue.education["pain-during-exercise"].standard)


def test_the_pain_numbers_in_the_education_are_the_traffic_light_numbers(catalogue: Catalogue) -> None:
    rule = catalogue.progression.traffic_light
    text = _text(catalogue)
    assert f"{rule.green_during_max:g} out of 10 or less" in text
    assert f"at most {rule.green_during_max:g} out of 10" in text  # the aim is green, not amber
    assert f"pain of {rule.green_during_max + 1:g} or {rule.amber_during_max:g}" in text
    assert f"pain above {rule.amber_during_max:g}" in text
    assert f"{rule.red_next_morning_rise_min:g} or more points above your usual" in text
    assert f"after {catalogue.progression.progress_after_green:g} green" in text.replace("two", "2")
    assert f"{catalogue.progression.pause_after_red_sessions:g} red sessions".replace("2", "Two") in text


def test_each_light_the_education_describes_is_what_the_code_gives(catalogue: Catalogue) -> None:
    rule = catalogue.progression.traffic_light

    def signal(during: float, before: float = 2, morning: float | None = 2, nerve: bool = False) -> Signal:
        return exercise_signal(
            pain_before=before, pain_during=during, usual=2, next_morning=morning, nerve_symptoms=nerve, rule=rule
        )

    assert signal(3) is Signal.GREEN  # 3 or less, one point above the start, back to usual
    assert signal(4) is Signal.AMBER  # pain of 4 or 5
    assert signal(5) is Signal.AMBER
    assert signal(3, before=1) is Signal.AMBER  # a bigger rise that is gone by the morning
    assert signal(6) is Signal.RED  # above 5
    assert signal(2, morning=4) is Signal.RED  # next morning 2 above usual
    assert signal(1, nerve=True) is Signal.RED  # a nerve symptom, whatever the score


def test_pain_getting_worse_week_by_week_is_red_as_the_education_says(catalogue: Catalogue) -> None:
    rule = catalogue.progression.traffic_light
    assert "from one week to the next" in _text(catalogue)
    last_week = [(NOW - timedelta(days=d), 2.0) for d in (8, 10, 12)]
    rising = [*last_week, (NOW - timedelta(days=1), 3.0), (NOW, 3.0)]
    steady = [*last_week, (NOW - timedelta(days=1), 2.0), (NOW, 2.5)]
    assert worse_week_on_week(rising, NOW, rule)
    assert not worse_week_on_week(steady, NOW, rule)
    assert not worse_week_on_week([(NOW, 9.0)], NOW, rule)  # one week alone shows no trend


def test_a_nerve_symptom_pauses_the_program_and_says_it_was_a_nerve_symptom(catalogue: Catalogue) -> None:
    text = _text(catalogue)
    assert "pause the program whatever your pain score" in text
    reason = should_pause([Signal.GREEN], True, catalogue.progression.pause_after_red_sessions)
    assert reason is not None
    assert "nerve symptom" in reason
    assert "flared" not in reason
