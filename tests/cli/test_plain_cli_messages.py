"""Plain messages at the terminal: typed answers are refused in Supple's own words (naming the question,
what is allowed and the unit) and asked again, never click's; a step not possible yet says why, with exit 1."""

from __future__ import annotations

from pathlib import Path

from tests.cli.runner import output, run, write_answers
from tests.factories import screen_answers

CLICK_WORDS = ("not a valid integer", "is not in the range", "invalid input", "0<=x<=10")


def _screened(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1980").returncode == 0
    screened = run(tmp_path, "screen", "--answers", write_answers(tmp_path / "screen.yaml", screen_answers()))
    assert screened.returncode == 0, output(screened)


def test_a_word_or_a_score_over_ten_at_the_baseline_prompt_names_the_question_the_range_and_the_unit(
    tmp_path: Path,
) -> None:
    _screened(tmp_path)
    typed = "eleven\n11\n-1\n4\n5\n7\nPutting on socks\n\n4\n\n"
    result = run(tmp_path, "baseline", input=typed)
    seen = output(result)
    assert result.returncode == 0, seen
    assert "Right now: ‘eleven’ is not a whole number. Allowed: 0 to 10 points." in seen
    assert "Right now: 11 is too high. Allowed: 0 to 10 points." in seen
    assert "Right now: -1 is too low. Allowed: 0 to 10 points." in seen
    assert "How well can you do 'Putting on socks': please fill this in. Allowed: 0 to 10 points." in seen
    assert not [w for w in CLICK_WORDS if w in seen], seen
    # the answers given after the refusals are the ones kept
    assert "Saved as your baseline: pain now 4, 24-hour average 5, worst 7; 1 activity rated." in seen


def test_maybe_to_a_safety_question_asks_for_yes_or_no_in_plain_words(tmp_path: Path) -> None:
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1980").returncode == 0
    result = run(tmp_path, "screen", input="maybe\n" + "n\n" * 80)
    seen = output(result)
    assert result.returncode == 0, seen
    assert "Your answer: ‘maybe’ is not yes or no. Allowed: y for yes, n for no." in seen
    assert not [w for w in CLICK_WORDS if w in seen], seen


def test_a_typed_test_value_out_of_range_names_the_measurement_and_its_unit(tmp_path: Path) -> None:
    _screened(tmp_path)
    # seated rotation is the first test asked: a word, then 120 degrees, then nothing; later tests skipped
    result = run(tmp_path, "assess", input="y\n\ntape\nestimate\nabc\n120\n\n\n" + "n\n" * 40)
    seen = output(result)
    # no method is chosen for the person: Enter and a method this test has not are refused by name
    assert "How did you measure?: please fill this in. Allowed: estimate, goniometer, phone." in seen, seen
    assert "How did you measure?: ‘tape’ is not one of the choices. Allowed: estimate, goniometer, phone." in seen
    assert "Rotation, left — try 1: ‘abc’ is not a number. Allowed: 0 to 100 degrees." in seen, seen
    assert "Rotation, left — try 1: 120 is outside the possible range. Allowed: 0 to 100 degrees." in seen, seen


def test_checkin_with_no_session_yet_says_there_is_nothing_to_check_in_on_before_asking_anything(
    tmp_path: Path,
) -> None:
    _screened(tmp_path)
    result = run(tmp_path, "checkin", input="3\n3\nn\n")
    seen = output(result)
    assert result.returncode == 1, seen
    assert "There is nothing to check in on yet" in seen
    assert "Next: supple session" in seen
    assert "Back pain this morning" not in seen


def test_plan_before_the_safety_questions_is_something_supple_cannot_do_yet_not_invalid_input(
    tmp_path: Path,
) -> None:
    assert run(tmp_path, "profile", "create", "Ann", "--birth-year", "1980").returncode == 0
    result = run(tmp_path, "plan")
    assert result.returncode == 1, output(result)  # README: 1 = could not do it, 2 = invalid input
    assert "safety questions" in output(result)


def test_an_oswestry_with_three_sections_asks_for_exactly_ten(tmp_path: Path) -> None:
    _screened(tmp_path)
    result = run(tmp_path, "score", "odi", "1", "2", "3")
    seen = output(result)
    assert result.returncode == 2, seen
    assert "Allowed: exactly 10 sections" in seen
    assert "10 to 10" not in seen
