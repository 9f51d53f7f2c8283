"""The JSON API: the same use cases as the CLI, problem details for every error, never a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1"


def _ready(client: TestClient, name: str = "Ann") -> None:
    assert client.post(f"{API}/profiles", json={"name": name, "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers()).json()["blocks"] is False


def test_the_whole_program_runs_through_the_api(client: TestClient, clock: f.Clock) -> None:
    _ready(client)
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).json()["context"] == "baseline"
    rec = client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests())
    assert rec.status_code == 201
    assert rec.json()["result"]["regions"]["ankle"]["level"] == "restricted"
    routine = client.get(f"{API}/profiles/Ann/routine").json()["routine"]
    assert routine["total_seconds"] <= routine["budget_seconds"]
    assert any("below the 9 cm threshold" in i["reason"] for i in routine["items"])
    short = client.post(f"{API}/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    assert short["outcome"]["blocks"] is False
    items = [{"exercise": i["exercise_id"], "pain_during": 1} for i in routine["items"]]
    logged = client.post(
        f"{API}/profiles/Ann/sessions",
        json={"screening_id": short["screening_id"], "pain_before": 2, "pain_after": 2, "items": items},
    )
    assert logged.status_code == 201
    assert logged.json()["provisional"] is True
    clock.advance(hours=22)  # 6:00 the next morning, when the check-in opens
    checked = client.post(f"{API}/profiles/Ann/checkins", json={"pain": 2})
    assert checked.json()["session_signal"] == "green"
    progress = client.get(f"{API}/profiles/Ann/progress").json()
    assert progress["adherence"]["sessions"] == 1
    assert client.get(f"{API}/profiles/Ann/results").json()["regions"]["hip"]["level"] == "restricted"


def test_invalid_input_is_a_problem_detail_naming_the_field_range_and_unit(client: TestClient) -> None:
    _ready(client)
    bad = {"tests": {"knee-to-wall": {"method": "tape", "right": {"toe_to_wall_cm": [6, 41]}}}}
    r = client.post(f"{API}/profiles/Ann/assessments", json=bad)
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    err = r.json()["errors"][0]
    assert err == {
        "location": ["tests", "knee-to-wall", "right", "toe_to_wall_cm", 1],
        "field": "tests.knee-to-wall.right.toe_to_wall_cm.1",
        "code": "out_of_range",
        "message": "41 is outside the possible range",
        "label": "Knee-to-wall (weight-bearing lunge), right side, Toe-to-wall distance, try 2",
        "given": "41",
        "limits": {"min": 0, "max": 30, "unit": "cm", "allowed": []},
        "allowed": "0 to 30 cm",
    }
    assert client.get(f"{API}/profiles/Ann/results").json() is None


def test_body_validation_errors_name_the_allowed_range(client: TestClient) -> None:
    _ready(client)
    r = client.patch(f"{API}/profiles/Ann/settings", json={"minutes": 45})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "minutes"
    assert r.json()["errors"][0]["allowed"] == "5 to 30 minutes"
    r = client.post(f"{API}/profiles/Ann/pain", json={"pain": {"now": 11, "average_24h": 3, "worst_24h": 3}})
    assert r.json()["errors"][0]["allowed"] == "0 to 10 points"


def test_an_emergency_answer_locks_the_profile_and_later_calls_are_refused_with_403(client: TestClient) -> None:
    client.post(f"{API}/profiles", json={"name": "Ann"})
    r = client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    assert r.status_code == 200
    assert r.json()["action"] == "emergency"
    assert r.json()["blocks"] is True
    refused = client.get(f"{API}/profiles/Ann/routine")
    assert refused.status_code == 403
    assert "emergency" in refused.json()["heading"].lower()
    assert client.get(f"{API}/profiles/Ann").json()["locked"] is True
    assert (
        client.post(f"{API}/profiles/Ann/clearance", json={"clinician": "Dr Shah", "seen_on": "2026-03-01"}).json()[
            "locked"
        ]
        is False
    )


def test_missing_things_are_404_and_conflicts_409(client: TestClient) -> None:
    assert client.get(f"{API}/profiles/Nobody").status_code == 404
    assert client.get(f"{API}/exercises/no-such").status_code == 404
    client.post(f"{API}/profiles", json={"name": "Ann"})
    assert client.post(f"{API}/profiles", json={"name": "Ann"}).status_code == 409
    assert client.get(f"{API}/profiles/Ann/routine").status_code == 409  # no safety screen yet


def test_the_exercise_library_filters(client: TestClient) -> None:
    all_ = client.get(f"{API}/exercises").json()
    assert len(all_) >= 18
    no_floor_hip = client.get(f"{API}/exercises", params={"region": "hip", "floor": "false"}).json()
    assert no_floor_hip
    assert all(e["region"] == "hip" and not e["needs_floor"] for e in no_floor_hip)
    rollers = client.get(f"{API}/exercises", params={"equipment": "foam_roller"}).json()
    assert {e["id"] for e in rollers} >= {"foam-roller-thoracic-extension", "foam-roller-thoracic-rotation"}
    found = client.get(f"{API}/exercises", params={"q": "calf"}).json()
    assert found
    assert all("calf" in (e["name"] + e["summary"] + e["id"] + e["target"]).lower() for e in found)


def test_every_route_declares_a_response_model_and_problem_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = [c for c in op["responses"] if c.startswith("2")]
            assert ok, (method, path)
            assert "content" in op["responses"][ok[0]], (method, path)
            assert "422" in op["responses"], (method, path)


def test_every_error_answer_is_documented_as_the_problem_detail_the_api_sends(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    errors = [
        (method, path, code, answer)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        for code, answer in op["responses"].items()
        if code[0] in "45"
    ]
    assert len(errors) > 100
    for method, path, code, answer in errors:
        assert list(answer.get("content", {})) == ["application/problem+json"], (method, path, code)
        schema = answer["content"]["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ProblemDetail"}, (method, path, code)
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # a shape the API never sends


def test_pages_and_api_send_a_same_origin_content_security_policy(client: TestClient) -> None:
    r = client.get(f"{API}/exercises")
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_the_api_docs_are_served_from_this_machine(client: TestClient) -> None:
    import re

    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text) + re.findall(r"url: ?['\"]([^'\"]+)", page.text)
    assert urls
    assert all(u.startswith("/") for u in urls), urls
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_unknown_routes_wrong_methods_and_unreadable_bodies_are_problem_details(client: TestClient) -> None:
    for response, status in (
        (client.get(f"{API}/no-such-thing"), 404),
        (client.delete(f"{API}/exercises"), 405),
        (
            client.post(f"{API}/profiles", content=b"\x00\xff not json", headers={"content-type": "application/json"}),
            400,
        ),
    ):
        assert response.status_code == status
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == status


def test_a_short_safety_check_serves_one_session_only(client: TestClient) -> None:
    _ready(client)
    short = client.post(f"{API}/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    routine = client.get(f"{API}/profiles/Ann/routine").json()["routine"]
    body = {
        "screening_id": short["screening_id"],
        "pain_before": 2,
        "pain_after": 2,
        "items": [{"exercise": routine["items"][0]["exercise_id"], "pain_during": 1}],
    }
    assert client.post(f"{API}/profiles/Ann/sessions", json=body).status_code == 201
    again = client.post(f"{API}/profiles/Ann/sessions", json=body)
    assert again.status_code == 422
    assert "already used" in again.json()["detail"]
    huge = client.post(f"{API}/profiles/Ann/sessions", json={**body, "screening_id": 10**30})
    assert huge.status_code == 422


def test_a_session_sent_twice_with_the_same_client_id_is_stored_once(client: TestClient) -> None:
    _ready(client)
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    short = client.post(f"{API}/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    routine = client.get(f"{API}/profiles/Ann/routine").json()["routine"]
    body = {
        "screening_id": short["screening_id"],
        "pain_before": 2,
        "pain_after": 2,
        "items": [{"exercise": routine["items"][0]["exercise_id"], "pain_during": 1}],
        "client_id": "a1b2c3d4-offline-queue",
    }
    first = client.post(f"{API}/profiles/Ann/sessions", json=body)
    again = client.post(f"{API}/profiles/Ann/sessions", json=body)  # the answer was lost: sent again
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["session_id"] == first.json()["session_id"]
    assert client.get(f"{API}/profiles/Ann/progress").json()["adherence"]["sessions"] == 1
    bad = client.post(f"{API}/profiles/Ann/sessions", json={**body, "client_id": "no spaces allowed"})
    assert bad.status_code == 422
    assert "client_id" in bad.text
