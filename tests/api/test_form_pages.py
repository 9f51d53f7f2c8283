"""Server-rendered forms: every problem of a submission is shown at once, next to its field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f


def test_the_check_in_form_lists_every_problem_at_once(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    r = client.post("/p/Ann/checkin", data={"pain": "11", "stiffness": "-1"})
    assert r.status_code == 422
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "Pain this morning" in summary
    assert "Stiffness" in summary
    assert "Nerve symptoms" in summary
    assert "0 to 10" in summary or "0-10" in summary


def test_the_player_refuses_an_unknown_safety_check_before_the_session_not_at_save(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post("/api/v1/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post("/api/v1/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    r = client.get("/p/Ann/session/play?screening=9999&pain=2")
    assert r.status_code == 409
    assert "safety check cannot be used" in r.text
    assert 'data-testid="session-screen-form"' in r.text  # the way to answer again is on the same page

    short = client.post("/api/v1/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    ok = client.get(f"/p/Ann/session/play?screening={short['screening_id']}&pain=2")
    assert ok.status_code == 200


def _summary(html: str) -> str:
    return html.split('data-testid="error-summary"', 1)[1].split("</ul>", 1)[0]


def test_the_test_form_lists_a_word_and_a_value_out_of_range_together_each_at_its_field(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    form = {"toe_to_wall_cm.method": "tape", "left.toe_to_wall_cm.1": "ten", "right.toe_to_wall_cm.2": "40"}
    r = client.post("/p/Ann/tests/knee-to-wall", data=form)
    assert r.status_code == 422
    summary = _summary(r.text)
    assert "There is a problem" in summary
    assert 'href="#f-left-toe_to_wall_cm-1"' in summary
    assert "‘ten’ is not a number. Allowed: 0 to 30 cm." in summary
    assert 'href="#f-right-toe_to_wall_cm-2"' in summary  # the box it was typed in, not the trial count
    assert "40 is outside the possible range. Allowed: 0 to 30 cm." in summary
    assert 'id="f-left-toe_to_wall_cm-1-error"' in r.text  # the message at the field too
    assert 'value="ten"' in r.text
    assert 'value="40"' in r.text


def test_the_baseline_form_lists_every_kind_of_problem_in_one_round(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    form = {
        "pain.now": "four",
        "pain.average_24h": "3",
        "pain.worst_24h": "11",
        "activity.1.name": "Gardening",
        "activity.1.score": "12",
        "activity.2.score": "3",
    }
    r = client.post("/p/Ann/baseline", data=form)
    assert r.status_code == 422
    summary = _summary(r.text)
    assert "Pain right now — ‘four’ is not a whole number. Allowed: 0 to 10 points." in summary
    assert "Pain at its worst in 24 hours — 11 is too high. Allowed: 0 to 10 points." in summary
    assert "Activity 1 score — 12 is too high. Allowed: 0 to 10 points." in summary
    assert "Activity 2 — please name the activity" in summary
    for text in ("function-before", "Input should", "[type=", "Value error"):
        assert text not in r.text


def test_the_short_safety_check_lists_a_word_for_the_pain_and_every_unanswered_question_together(
    client: TestClient,
) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post("/api/v1/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post("/api/v1/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    answers = {f"q-{qid}": "no" for qid in list(f.short_screen())[1:]}  # the first question left out
    r = client.post("/p/Ann/session", data={"pain": "lots", **answers})
    assert r.status_code == 422
    summary = _summary(r.text)
    assert "Your back pain right now — ‘lots’ is not a whole number. Allowed: 0 to 10 points." in summary
    first = next(iter(f.short_screen()))
    assert f'href="#f-q-{first}"' in summary
    assert "please answer yes or no" in summary


def test_an_activity_typed_without_a_score_is_asked_for_its_score_by_name(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    form = {"pain.now": "4", "pain.average_24h": "3", "pain.worst_24h": "6", "activity.1.name": "Gardening"}
    r = client.post("/p/Ann/baseline", data=form)
    assert r.status_code == 422
    summary = _summary(r.text)
    assert "Activity 1 score — please give ‘Gardening’ a score. Allowed: 0 to 10 points." in summary
    assert 'href="#f-activity-1-score"' in summary
    assert "‘’" not in r.text  # never "‘’ is not a whole number"
    assert 'value="Gardening"' in r.text  # kept for the second try
    assert client.get("/api/v1/profiles/Ann/progress").json()["activities"] in ([], None, {})


def test_the_api_calls_an_empty_score_missing_rather_than_not_a_number(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    body = f.baseline() | {"activities": {"Gardening": ""}}
    r = client.post("/api/v1/profiles/Ann/pain", json=body)
    assert r.status_code == 422
    [problem] = r.json()["errors"]
    assert problem["code"] == "required"
    assert problem["location"] == ["activities", "Gardening"]
    assert problem["allowed"] == "0 to 10 points"


def test_the_profile_form_lists_a_bad_year_of_birth_with_every_other_problem_and_what_is_allowed(
    client: TestClient,
) -> None:
    r = client.post("/profiles", data={"name": "!!", "birth_year": "1800", "sex": "robot"})
    assert r.status_code == 422
    summary = _summary(r.text)
    assert "Name — ‘!!’ has characters that cannot be used. Allowed: letters, digits, spaces, . ' and -; 1 to 80" in (
        summary.replace("&#39;", "'")
    )
    assert "Year of birth — 1800 is outside the possible range. Allowed: a year from " in summary
    assert "Sex — ‘robot’ is not one of the choices. Allowed: female, male, unspecified." in summary
    word = _summary(client.post("/profiles", data={"name": "", "birth_year": "old"}).text)
    assert "Name — please fill this in" in word
    assert "Year of birth — ‘old’ is not a whole number. Allowed: a year from " in word
    assert client.get("/api/v1/profiles").json() == []


def test_the_api_lists_a_year_of_birth_out_of_range_with_a_bad_name_in_one_answer(client: TestClient) -> None:
    r = client.post("/api/v1/profiles", json={"name": "!!", "birth_year": 1800})
    assert r.status_code == 422
    errors = {tuple(e["location"]): e for e in r.json()["errors"]}
    assert set(errors) == {("name",), ("birth_year",)}
    assert errors[("name",)]["limits"]["unit"] == "characters"
    year = errors[("birth_year",)]
    # 120 years back to 18 years back (Supple is for adults)
    assert (year["code"], year["given"], year["limits"]["min"] + 120) == (
        "out_of_range",
        "1800",
        year["limits"]["max"] + 18,
    )
    assert year["allowed"].startswith("a year from ")


def test_the_error_summary_lists_the_problems_in_the_order_the_fields_stand_on_the_form() -> None:
    from supple.problems import Problem
    from supple.web.pages.forms import state_with

    found = [  # the order a service might find them in: not the form's
        Problem.saying("nerve_symptoms", "please answer yes or no"),
        Problem.saying("pain", "11 is too high"),
        Problem.saying("stiffness", "-1 is too low"),
    ]
    state = state_with({}, found, ["pain", "stiffness", "nerve_symptoms"])
    state.labels = {"pain": "Pain this morning", "stiffness": "Stiffness", "nerve_symptoms": "Nerve symptoms"}
    assert [anchor for anchor, _ in state.summary] == ["f-pain", "f-stiffness", "f-nerve_symptoms"]


def test_many_fields_with_one_problem_are_one_summary_line_at_the_place_of_the_first() -> None:
    from supple.problems import Code, Problem
    from supple.web.pages.forms import state_with

    keys = ["pain", *(f"q{n}" for n in range(5)), "note"]
    found = [Problem.saying("note", "too long"), *(Problem.of((f"q{n}",), Code.REQUIRED) for n in range(5))]
    found.append(Problem.saying("pain", "11 is too high"))
    summary = state_with({}, found, keys).summary
    assert [anchor for anchor, _ in summary] == ["f-pain", "f-q0", "f-note"]
    assert summary[1][1].startswith("5 fields still need an answer")


def test_the_check_in_page_summary_reads_top_to_bottom(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    summary = _summary(client.post("/p/Ann/checkin", data={"pain": "11", "stiffness": "-1"}).text)
    assert summary.index("Pain this morning") < summary.index("Stiffness") < summary.index("Nerve symptoms")
