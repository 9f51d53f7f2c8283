"""A calf that may hold a clot (clinical-reference §8.1): 'get seen today' through the API and the pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f

CALF = ("leg-symptoms", "calf-clot")
TODAY = "Stop. Please get seen by a doctor today."


def _ann(client: TestClient) -> None:
    assert client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"}).status_code == 201


def test_the_api_answers_a_calf_yes_with_the_get_seen_today_level_and_stops_the_program(client: TestClient) -> None:
    _ann(client)
    r = client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers(yes=CALF))
    assert r.status_code == 200
    body = r.json()
    assert body["action"] == "urgent_today"
    assert body["blocks"] is True
    assert body["heading"] == TODAY
    assert [t["rule_id"] for t in body["triggered"]] == ["calf-clot"]
    assert "calf_swelling" in body["conditions"]
    routine = client.get("/api/v1/profiles/Ann/routine")
    assert routine.status_code == 403
    assert routine.json()["heading"] == TODAY


def test_the_openapi_document_lists_the_get_seen_today_level(client: TestClient) -> None:
    spec = client.get("/openapi.json").text
    assert '"urgent_today"' in spec


def test_the_old_calf_health_question_is_refused_as_unknown(client: TestClient) -> None:
    _ann(client)
    answers = f.screen_answers()
    answers["conditions"]["calf_swelling"] = True
    r = client.post("/api/v1/profiles/Ann/screenings", json=answers)
    assert r.status_code == 422
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [("conditions.calf_swelling", "unknown_question")]


def test_the_stop_page_says_get_seen_today_and_where_to_go(client: TestClient) -> None:
    _ann(client)
    answers = f.screen_answers(yes=CALF)
    form = {f"red_flags.{q}": "yes" if v else "no" for q, v in answers["red_flags"].items()}
    form |= {f"conditions.{c}": "no" for c in answers["conditions"]}
    form |= {f"yellow_flags.{q}": "no" for q in answers["yellow_flags"]}
    stop = client.post("/p/Ann/screen", data=form, follow_redirects=False)
    assert stop.status_code == 303
    page = client.get(stop.headers["location"]).text
    assert TODAY in page
    assert "urgent same-day appointment" in page
    assert 'href="tel:111"' in page
    assert "blood clot" in page


def test_the_screen_page_asks_the_calf_question_after_the_leg_question(client: TestClient) -> None:
    _ann(client)
    page = client.get("/p/Ann/screen").text
    assert "Is one calf newly swollen, red, warm or painful?" in page
    assert page.index("q-leg-symptoms-yes") < page.index("q-calf-clot-yes")
    assert "conditions.calf_swelling" not in page
