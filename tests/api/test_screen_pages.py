"""The safety screen pages (issue 12 §1): adaptive without JavaScript, known stable symptoms, clear words."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.catalogue.loader import default_catalogue
from tests import factories as f

CAT = default_catalogue()


def _form(yes: tuple[str, ...] = (), skip_follow_ups: bool = True, sex: str = "female") -> dict[str, str]:
    data: dict[str, str] = {}
    for q in CAT.safety.questions:
        if (skip_follow_ups and q.follows and q.id not in yes) or sex in q.not_for:
            continue
        data[f"red_flags.{q.id}"] = "yes" if q.id in yes else "no"
    data |= {f"conditions.{c.id.value}": "no" for c in CAT.safety.condition_questions}
    data |= {f"yellow_flags.{q.id}": "no" for q in CAT.yellow_flags.questions}
    return data


def _wrapper(html: str, qid: str) -> str:
    """The opening tag of the box around a question (where `hidden` sits)."""
    at = html.index(f'id="red_flags.{qid}"') if f'id="red_flags.{qid}"' in html else html.index(f"q-{qid}-yes")
    start = html.rindex('<div class="red-flag', 0, at)
    return html[start : html.index(">", start)]


def _ann(client: TestClient, sex: str = "female") -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970, "sex": sex}).status_code == 201


SHORT = [q.id for q in CAT.safety.questions if q.every_session]
LEG_FOLLOW_UPS = [q.id for q in CAT.safety.questions if q.every_session and q.follows == "leg-symptoms"]


def _ready_for_a_session(client: TestClient) -> None:
    """Ann, screened, with her baseline and tests: the short screen before a session is open to her."""
    _ann(client)
    assert client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post("/api/v1/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post("/api/v1/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201


def test_follow_ups_wait_hidden_until_their_question_is_answered_yes(client: TestClient) -> None:
    _ann(client)
    page = client.get("/p/Ann/screen").text
    assert "hidden" in _wrapper(page, "both-legs")
    assert "hidden" not in _wrapper(page, "leg-symptoms")
    assert "/static/screen-follow-ups.js" in page
    assert "new or worse" in page


def test_without_javascript_a_yes_brings_its_follow_ups_on_a_second_step(client: TestClient) -> None:
    _ann(client)
    step = client.post("/p/Ann/screen", data=_form(yes=("leg-symptoms",)), follow_redirects=False)
    assert step.status_code == 200
    assert 'data-testid="screen-step-two"' in step.text
    assert 'data-testid="error-summary"' not in step.text
    assert "hidden" not in _wrapper(step.text, "both-legs")
    assert "hidden" in _wrapper(step.text, "bladder-difficulty")  # its parent was a no
    both = _form(yes=("leg-symptoms", "both-legs")) | {
        "red_flags.weakness-worsening": "no",
        "red_flags.foot-drop": "no",
        "red_flags.numbness-spreading": "no",
        "red_flags.calf-clot": "no",
    }
    stop = client.post("/p/Ann/screen", data=both, follow_redirects=False)
    assert stop.status_code == 303
    assert stop.headers["location"].endswith("/stop")


def test_a_follow_up_shown_beside_its_yes_and_left_blank_is_named_at_once(client: TestClient) -> None:
    # With JavaScript the follow-up shows beside the "yes" and sends its marker: blank, it is a missing answer.
    _ann(client)
    data = _form(yes=("leg-symptoms",)) | {
        "shown.red_flags.both-legs": "1",
        "red_flags.weakness-worsening": "no",
        "red_flags.foot-drop": "no",
        "red_flags.numbness-spreading": "no",
        "red_flags.calf-clot": "no",
    }
    r = client.post("/p/Ann/screen", data=data, follow_redirects=False)
    assert r.status_code == 422
    assert 'data-testid="screen-step-two"' not in r.text
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#f-red_flags-both-legs">Is it in both legs?' in summary
    assert summary.count("<li>") == 1  # only the blank follow-up: the others were answered
    assert 'id="f-red_flags-both-legs-error"' in r.text


def test_without_javascript_a_follow_up_left_blank_on_the_second_step_is_named(client: TestClient) -> None:
    _ann(client)
    step = client.post("/p/Ann/screen", data=_form(yes=("leg-symptoms",)), follow_redirects=False)
    assert step.status_code == 200
    # the second step's follow-ups send their marker; a hidden one (its question was a no) does not
    assert re.search(r'<input type="hidden" name="shown\.red_flags\.both-legs" value="1" data-shown>', step.text)
    assert re.search(r'name="shown\.red_flags\.bladder-difficulty" value="1" data-shown disabled>', step.text)
    again = _form(yes=("leg-symptoms",)) | {
        f"shown.red_flags.{q}": "1"
        for q in ("both-legs", "weakness-worsening", "foot-drop", "numbness-spreading", "calf-clot")
    }
    r = client.post("/p/Ann/screen", data=again, follow_redirects=False)
    assert r.status_code == 422  # not a third step: they were asked
    assert 'data-testid="screen-step-two"' not in r.text
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "5 questions still need an answer" in summary


def test_the_short_screen_names_a_follow_up_shown_beside_its_yes_and_left_blank(client: TestClient) -> None:
    _ready_for_a_session(client)
    answers = {f"q-{q}": "no" for q in SHORT if q not in LEG_FOLLOW_UPS} | {"q-leg-symptoms": "yes", "pain": "3"}
    step = client.post("/p/Ann/session", data=answers, follow_redirects=False)
    assert step.status_code == 200  # without JavaScript: the follow-ups come on a second step
    assert 'data-testid="screen-step-two"' in step.text
    shown = {f"shown.q-{q}": "1" for q in LEG_FOLLOW_UPS}
    r = client.post(
        "/p/Ann/session", data=answers | shown | {"q-foot-drop": "no", "q-calf-clot": "no"}, follow_redirects=False
    )
    assert r.status_code == 422
    assert 'data-testid="screen-step-two"' not in r.text
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    assert summary.count("<li>") == 3  # the three blank follow-ups, one by one
    assert '<a href="#f-q-both-legs">Is it in both legs?' in summary


def test_a_partial_answer_counts_only_the_questions_shown_and_keeps_hidden_follow_ups_hidden(
    client: TestClient,
) -> None:
    _ann(client)
    shown = [k for k in _form() if k.startswith(("red_flags.", "conditions.", "yellow_flags."))]
    answered = dict.fromkeys(shown[:5], "no")
    r = client.post("/p/Ann/screen", data=answered)
    assert r.status_code == 422
    summary = r.text.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
    missing = len(shown) - len(answered)  # the main questions: no follow-up of an unanswered question
    assert f"{missing} questions still need an answer. Go to the first one." in summary
    assert "hidden" in _wrapper(r.text, "both-legs")  # its question (leg-symptoms) has no answer yet
    assert 'id="f-red_flags-both-legs-error"' not in r.text


def test_a_clearance_with_a_known_stable_symptom_is_shown_beside_its_question(client: TestClient) -> None:
    _ann(client)
    stopped = client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers(yes=("leg-symptoms", "both-legs")))
    assert stopped.status_code in (200, 403, 409)
    clear = client.post(
        "/p/Ann/clear",
        data={
            "clinician": "Dr Shah",
            "seen_on": "2026-03-01",
            "known_question": "both-legs",
            "known_what": "numbness in both feet",
            "known_since": "2019",
        },
        follow_redirects=False,
    )
    assert clear.status_code == 303, clear.text[:300]
    page = client.get("/p/Ann/screen").text
    assert "numbness in both feet (since 2019; checked by Dr Shah)" in page
    assert "new, or worse than usual" in page
    done = client.post("/p/Ann/screen", data=_form(), follow_redirects=False)
    assert done.status_code == 303
    assert "/stop" not in done.headers["location"]


def test_a_known_symptom_without_its_words_is_refused_naming_the_field(client: TestClient) -> None:
    _ann(client)
    client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    r = client.post(
        "/p/Ann/clear", data={"clinician": "Dr Shah", "seen_on": "2026-03-01", "known_question": "both-legs"}
    )
    assert r.status_code == 422
    assert "What the symptom is" in r.text
    assert "Since when" in r.text


def test_the_pregnancy_question_is_not_shown_to_a_man(client: TestClient) -> None:
    _ann(client, sex="male")
    assert "red_flags.pregnant" not in client.get("/p/Ann/screen").text
    _ = client.post("/api/v1/profiles", json={"name": "Bea", "birth_year": 1990, "sex": "female"})
    assert "red_flags.pregnant" in client.get("/p/Bea/screen").text


def test_the_clearance_api_takes_known_stable_symptoms(client: TestClient) -> None:
    _ann(client)
    client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    bad = client.post(
        "/api/v1/profiles/Ann/clearance",
        json={
            "clinician": "Dr Shah",
            "seen_on": "2026-03-01",
            "known": [{"question": "fever", "what": "hot", "since": "2020"}],
        },
    )
    assert bad.status_code == 422
    ok = client.post(
        "/api/v1/profiles/Ann/clearance",
        json={
            "clinician": "Dr Shah",
            "seen_on": "2026-03-01",
            "known": [{"question": "saddle-numbness", "what": "numb left buttock", "since": "2018"}],
        },
    )
    assert ok.status_code == 200


def test_the_emergency_stop_page_gives_112_beside_the_uk_and_us_numbers_as_call_links(client: TestClient) -> None:
    _ann(client)
    stop = client.post("/p/Ann/screen", data=_form(yes=("saddle-numbness",)), follow_redirects=False)
    assert stop.status_code == 303
    page = client.get(stop.headers["location"]).text
    assert "Get emergency medical care now" in page
    for number in ("999", "911", "112"):
        assert f'href="tel:{number}"' in page
    assert "in Europe call" in page
