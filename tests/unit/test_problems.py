"""Problems are values (a location, a code, the given value, the limits) and each door renders them:
pydantic's errors are mapped to our codes in one place; the CLI line, the page text and the API entry
are built from the fields, never from parsing a sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from supple.catalogue.catalogue import Catalogue
from supple.errors import InvalidInput
from supple.problems import GIVEN_MAX, Code, Limits, Problem, first_per_place, with_allowed
from supple.services.inputs import (
    AssessmentIn,
    BaselineIn,
    ProfileIn,
    ScreenIn,
    SessionLogIn,
    SettingsIn,
    collect,
    problems_from,
)
from supple.services.problem_words import field_label, line
from supple.web.pages.forms import labelled_text, problem_text, state_with
from supple.web.problems import FieldProblem

SRC = Path(__file__).resolve().parents[2] / "src" / "supple"


def _problems(model: type[BaseModel], data: Any) -> list[Problem]:
    with pytest.raises(ValidationError) as err:
        model.model_validate(data)
    return problems_from(err.value.errors(), model, data)


def test_a_number_out_of_range_carries_its_place_code_value_and_the_declared_range_and_unit() -> None:
    [p] = _problems(SettingsIn, {"minutes": 45})
    assert (p.loc, p.code, p.given) == (("minutes",), Code.TOO_HIGH, "45")
    assert p.limits == Limits(5, 30, "minutes")


def test_a_word_where_a_score_goes_gets_the_scores_range_although_pydantic_gives_no_bounds_for_it() -> None:
    [p] = _problems(BaselineIn, {"pain": {"now": "four", "average_24h": 3, "worst_24h": 5}})
    assert (p.loc, p.code, p.given) == (("pain", "now"), Code.NOT_A_WHOLE_NUMBER, "four")
    assert p.limits == Limits(0, 10, "points")


def test_scores_inside_a_mapping_or_a_list_get_their_range_too() -> None:
    [activity] = _problems(
        BaselineIn, {"pain": {"now": 1, "average_24h": 1, "worst_24h": 1}, "activities": {"Golf": 11}}
    )
    assert activity.loc == ("activities", "Golf")
    assert activity.allowed == "0 to 10 points"
    log = {"pain_before": 1, "pain_after": 1, "items": [{"exercise": "x", "pain_during": "lots"}]}
    [during] = _problems(SessionLogIn, log)
    assert during.loc == ("items", 0, "pain_during")
    assert during.allowed == "0 to 10 points"


def test_no_union_member_tag_of_the_validation_library_stays_in_a_location() -> None:
    data = {"tests": {"knee-to-wall": {"method": 5, "left": {"toe_to_wall_cm": [True, "x"]}}}}
    problems = _problems(AssessmentIn, data)
    for p in problems:
        assert not [part for part in p.loc if isinstance(part, str) and ("[" in part or part in ("str", "bool"))]
    locs = {p.loc for p in problems}
    assert ("tests", "knee-to-wall", "left", "toe_to_wall_cm", 0) in locs  # yes/no is not a number
    assert ("tests", "knee-to-wall", "left", "toe_to_wall_cm", 1) in locs
    assert ("tests", "knee-to-wall", "method") in locs


def test_an_enum_or_literal_lists_its_choices_and_an_unknown_key_names_itself() -> None:
    [sex] = _problems(ProfileIn, {"name": "Ann", "sex": "x"})
    assert (sex.code, sex.limits) == (Code.NOT_A_CHOICE, Limits(allowed=("female", "male", "unspecified")))
    [extra] = _problems(ProfileIn, {"name": "Ann", "colour": "red"})
    assert (extra.loc, extra.code, extra.given) == (("colour",), Code.UNKNOWN_FIELD, "colour")


def test_a_bad_date_is_a_bad_date_and_an_empty_name_is_required() -> None:
    [date] = _problems(AssessmentIn, {"taken_on": "2026-02-30", "tests": {"x": {"method": "tape"}}})
    assert (date.loc, date.code, date.given) == (("taken_on",), Code.BAD_DATE, "2026-02-30")
    [name] = _problems(ProfileIn, {"name": ""})
    assert name.code is Code.REQUIRED


def test_collect_keeps_the_rest_of_the_input_checkable_after_taking_out_what_was_refused() -> None:
    data = {"pain_before": 11, "pain_after": 2, "items": [{"exercise": "a", "pain_during": "x"}, {"exercise": "b"}]}
    read, problems = collect(SessionLogIn, data)
    assert read is not None  # so the exercise ids can still be checked against the library
    assert [p.loc for p in problems] == [("pain_before",), ("items", 0, "pain_during")]
    assert data["pain_before"] == 11  # the caller's data is not changed


def test_a_stand_in_for_a_refused_value_never_causes_a_problem_of_its_own() -> None:
    # worst 11 is taken out and stood in for by 0, which is below "now"; that is not the person's problem
    _, problems = collect(BaselineIn, {"pain": {"now": 5, "average_24h": 5, "worst_24h": 11}})
    assert [(p.loc, p.code) for p in problems] == [(("pain", "worst_24h"), Code.TOO_HIGH)]


def test_screen_answers_that_are_numbers_are_read_as_text_so_the_answer_check_names_them() -> None:
    read, problems = collect(ScreenIn, {"red_flags": {"fever": 5}})
    assert problems == []
    assert read is not None
    assert read.red_flags == {"fever": "5"}


def test_the_given_value_is_cut_to_a_hundred_characters() -> None:
    p = Problem.of(("note",), Code.TOO_LONG, "x" * 500)
    assert p.given is not None
    assert len(p.given) == GIVEN_MAX


@pytest.mark.parametrize(
    ("limits", "text"),
    [
        (Limits(0, 30, "cm"), "0 to 30 cm"),
        (Limits(max=5, unit="activities"), "at most 5 activities"),
        (Limits(min=1), "at least 1"),
        (Limits(-90, 90, "degrees"), "-90 to 90 degrees"),
        (Limits(allowed=("tape", "phone")), "tape, phone"),
        (Limits(text="00:00 to 23:59 (HH:MM)"), "00:00 to 23:59 (HH:MM)"),
        (Limits(0.5, 2.5), "0.5 to 2.5"),
        (Limits(10, 10, "sections"), "exactly 10 sections"),
    ],
)
def test_limits_read_as_plain_words(limits: Limits, text: str) -> None:
    assert limits.describe() == text


def test_the_cli_line_names_the_field_in_words_its_place_in_the_file_the_problem_the_range_and_unit(
    catalogue: Catalogue,
) -> None:
    p = Problem.of(("tests", "knee-to-wall", "left", "toe_to_wall_cm", 1), Code.OUT_OF_RANGE, 40.0, Limits(0, 30, "cm"))
    assert line(p, catalogue) == (
        "Knee-to-wall (weight-bearing lunge), left side, Toe-to-wall distance, try 2 "
        "[tests.knee-to-wall.left.toe_to_wall_cm.1]: 40 is outside the possible range. Allowed: 0 to 30 cm."
    )


def test_field_labels_use_the_catalogue_and_fall_back_to_the_written_key(catalogue: Catalogue) -> None:
    question = catalogue.safety.questions[0]
    assert field_label(("red_flags", question.id), catalogue).startswith("the question ‘")
    assert field_label(("tests", "toe-touch"), catalogue) == "test ‘toe-touch’"
    assert field_label(("items", 2, "pain_during")) == "exercise 3, pain during the exercise"
    assert field_label(("pain", "worst_24h")) == "worst pain over the last 24 hours"
    assert field_label(("days_per_week",)) == "days per week"


def test_the_page_text_says_the_problem_and_what_is_allowed_but_not_the_yes_no_the_buttons_show() -> None:
    assert problem_text(Problem.of(("x",), Code.NOT_A_NUMBER, "ten", Limits(0, 30, "cm"))) == (
        "‘ten’ is not a number. Allowed: 0 to 30 cm."
    )
    assert problem_text(Problem.of(("q",), Code.REQUIRED, limits=Limits(allowed=("yes", "no")))) == (
        "Please answer yes or no."
    )


@pytest.mark.parametrize(
    ("note", "allowed"),
    [
        ("the file is empty", "CSV or zip"),
        ("the file is empty.", "CSV or zip."),
        ("the file is empty. ", "CSV or zip. "),
        ("the file is empty..", "CSV or zip.."),
        ("the file is empty. .", "CSV or zip. ."),
    ],
)
def test_every_door_puts_one_full_stop_before_allowed_and_one_at_the_end(note: str, allowed: str) -> None:
    p = Problem.saying("file", note, limits=Limits(text=allowed))
    texts = [line(p), problem_text(p), labelled_text(p), str(p), str(InvalidInput([p]))]
    for text in texts:
        assert "file is empty. Allowed: CSV or zip." in text, text
        assert ".." not in text, text
        assert ". ." not in text, text
        assert not text.endswith(" "), text
    assert with_allowed("Too high!", "at most 10.") == "Too high! Allowed: at most 10."
    assert with_allowed("nothing else.", None) == "nothing else."
    assert with_allowed("nothing else", "  ") == "nothing else."


def test_a_page_places_each_problem_by_its_location_or_at_the_top_of_the_form() -> None:
    problems = [
        Problem.of(("pain", "now"), Code.TOO_HIGH, 11, Limits(0, 10, "points")),
        Problem.of(("items", 0, "pain_during"), Code.REQUIRED),
        Problem.saying((), "Your safety check cannot be used."),
    ]
    state = state_with(
        {}, problems, ["pain.now", "item-0-pain"], lambda loc: "item-0-pain" if loc[:1] == ("items",) else None
    )
    assert state.errors == {
        "pain.now": ["11 is too high. Allowed: 0 to 10 points."],
        "item-0-pain": ["Please fill this in."],
    }
    assert state.general == ["Your safety check cannot be used."]


def test_the_api_entry_has_the_location_code_given_value_limits_and_the_words(catalogue: Catalogue) -> None:
    p = Problem.of(("pain_before",), Code.TOO_HIGH, 11, Limits(0, 10, "points"))
    entry = FieldProblem.of(p, catalogue).model_dump(exclude_none=True)
    assert entry == {
        "location": ["pain_before"],
        "field": "pain_before",
        "code": "too_high",
        "message": "11 is too high",
        "label": "pain before the session",
        "given": "11",
        "limits": {"min": 0, "max": 10, "unit": "points", "allowed": []},
        "allowed": "0 to 10 points",
    }


def test_one_problem_per_place_keeps_the_first_found() -> None:
    first = Problem.of(("a", 0), Code.NOT_A_NUMBER, "x")
    again = Problem.of(("a", 0), Code.NOT_A_NUMBER)
    other = Problem.of(("a", 1), Code.OUT_OF_RANGE, 40)
    assert first_per_place([first, again, other]) == [first, other]


def test_no_door_parses_a_problems_words_or_a_field_path_back() -> None:
    # The old page code rewrote service messages with regular expressions and split paths such as
    # "tests.X.left.m trial 2"; problems now arrive as values, so none of that may come back.
    web = (SRC / "web").rglob("*.py")
    offenders = []
    for path in [*web, SRC / "cli" / "state.py"]:
        text = path.read_text(encoding="utf-8")
        for needle in (
            "_REWRITES",
            "(?P<v>",
            " trial (?P<n>",
            "_TRIAL",
            'field.split(".")',
            'removeprefix("red_flags.")',
        ):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


def test_a_missing_required_number_does_not_hide_the_other_checks() -> None:
    read, problems = collect(SessionLogIn, {"pain_after": 2, "items": [{"exercise": "nope", "pain_during": 1}]})
    assert [(p.loc, p.code) for p in problems] == [(("pain_before",), Code.REQUIRED)]
    assert read is not None  # a stand-in let the rest be read, so the exercise id can still be checked
    assert read.items[0].exercise == "nope"
