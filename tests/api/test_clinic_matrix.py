"""The route × role matrix of clinic mode: every route the app serves has a line here saying who may
use it, and each line is checked by calling the route as nobody, a client, a clinician and an admin.

A new route without a line fails the first test; a rule that lets in a role the matrix does not name
(or keeps out one it names) fails the second. Object-level tests are in test_clinic_objects.py.
"""

from __future__ import annotations

import re
from typing import Any

import httpx2
import pytest
from fastapi.routing import APIRoute

from supple.bootstrap import App
from supple.web.clinic_access import DENIED
from tests.clinic_world import World, make_world

# Who may use each route: public (no login), or the roles among c (client), k (clinician), a (admin).
# "c" on a /p/{name} route means the client's own profile only; "k" and "a" there mean a linked clinician
# and the clinic's admin; nobody = no role at all (not served in clinic mode).
MATRIX_TEXT = """
GET /login public
POST /login public
POST /logout public
GET /join/{token} public
POST /join/{token} public
GET /healthz public
GET /readyz public
GET /admin/audit a
GET /account cka
POST /account/sessions/{session_id}/end cka
GET /clinic cka
GET /clinic/clients ka
POST /clinic/invites ka
GET /clinic/thresholds ka
POST /clinic/thresholds a
GET /clinic/clients/{client_id} ka
POST /clinic/clients/{client_id}/clearance ka
POST /clinic/clients/{client_id}/notes ka
POST /clinic/clients/{client_id}/messages ka
POST /clinic/clients/{client_id}/share ka
POST /clinic/clients/{client_id}/unshare ka
GET /clinic/templates ka
POST /clinic/templates ka
GET /clinic/templates/{template_id} ka
POST /clinic/templates/{template_id} ka
POST /clinic/clients/{client_id}/routine ka
POST /clinic/clients/{client_id}/routine/planner ka
POST /clinic/clients/{client_id}/schedule ka
POST /clinic/clients/{client_id}/proposals/{proposal_id} ka
POST /clinic/clients/{client_id}/overrides ka
POST /clinic/clients/{client_id}/overrides/undo ka
POST /clinic/clients/{client_id}/schedule/{check_id}/remove ka
GET /account/setup public
POST /account/setup public
GET /account/confirm cka
POST /account/confirm cka
GET /account/password cka
POST /account/password cka
GET /account/email cka
POST /account/email cka
GET /account/second-factor cka
POST /account/second-factor cka
GET /admin/accounts a
POST /admin/accounts a
POST /admin/accounts/{account_id}/{change} a
GET /admin/clients/{client_id}/export a
GET /admin/clients/{client_id}/erase a
POST /admin/clients/{client_id}/erase a
GET /clinic/messages c
GET /clinic/move-in c
POST /clinic/move-in c
POST /clinic/messages c
GET / nobody
POST /profiles nobody
GET /import nobody
POST /import nobody
GET /docs nobody
GET /p/{name} c
GET /p/{name}/stop c
GET /p/{name}/clear c
POST /p/{name}/clear c
GET /p/{name}/settings c
POST /p/{name}/settings c
GET /p/{name}/screen c
POST /p/{name}/screen c
GET /p/{name}/screen/{screening_id}/done c
GET /p/{name}/baseline c
POST /p/{name}/baseline c
GET /p/{name}/tests c
GET /p/{name}/tests/{test_id} c
POST /p/{name}/tests/{test_id} c
GET /p/{name}/results cka
GET /p/{name}/routine c
GET /p/{name}/checkin c
POST /p/{name}/checkin c
GET /p/{name}/checkin/{checkin_id}/done c
GET /p/{name}/progress cka
GET /p/{name}/session c
POST /p/{name}/session c
GET /p/{name}/session/play c
POST /p/{name}/session/log c
GET /p/{name}/session/{session_id}/done c
GET /p/{name}/records cka
POST /p/{name}/calendar-feed nobody
GET /p/{name}/report cka
GET /p/{name}/start c
POST /p/{name}/start c
GET /p/{name}/delete nobody
POST /p/{name}/delete nobody
POST /p/{name}/tests/{test_id}/camera c
GET /p/{name}/camera/{job_id} c
GET /p/{name}/camera/{job_id}/image c
POST /p/{name}/camera/{job_id}/confirm c
POST /p/{name}/camera/{job_id}/discard c
GET /p/{name}/walk c
POST /p/{name}/walk/import c
GET /p/{name}/walk/job/{job_id} c
POST /p/{name}/walk/job/{job_id}/save c
POST /p/{name}/walk/job/{job_id}/discard c
POST /p/{name}/walking/{action} c
GET /p/{name}/walk/{walk_id} cka
GET /exercises cka
GET /exercises/{exercise_id} cka
GET /learn cka
GET /learn/{topic} cka
GET /figures/{folder}/{item_id}.svg cka
GET /figures/{folder}/{item_id}.png cka
GET /manifest.webmanifest public
GET /sw.js public
GET /static/report.css public
GET /api/v1/profiles nobody
POST /api/v1/profiles nobody
GET /api/v1/profiles/{name} c
DELETE /api/v1/profiles/{name} nobody
PATCH /api/v1/profiles/{name}/settings c
POST /api/v1/profiles/{name}/clearance c
POST /api/v1/profiles/{name}/screenings c
POST /api/v1/profiles/{name}/pain c
POST /api/v1/profiles/{name}/questionnaires c
POST /api/v1/profiles/{name}/assessments c
GET /api/v1/profiles/{name}/results cka
GET /api/v1/profiles/{name}/routine c
POST /api/v1/profiles/{name}/session-screenings c
POST /api/v1/profiles/{name}/sessions c
POST /api/v1/profiles/{name}/checkins c
GET /api/v1/profiles/{name}/progress cka
GET /api/v1/exercises cka
GET /api/v1/exercises/{exercise_id} cka
GET /api/v1/tests cka
GET /api/v1/tests/{test_id} cka
GET /api/v1/screen-questions cka
GET /api/v1/education cka
GET /api/v1/profiles/{name}/export cka
GET /api/v1/profiles/{name}/export.zip cka
GET /api/v1/export-schema cka
POST /api/v1/imports nobody
GET /api/v1/profiles/{name}/fhir cka
GET /api/v1/profiles/{name}/calendar.ics c
POST /api/v1/profiles/{name}/calendar-feed nobody
GET /api/v1/calendar/{token}.ics nobody
GET /api/v1/profiles/{name}/report.pdf cka
POST /api/v1/profiles/{name}/camera/{test_id} c
GET /api/v1/camera/jobs/{job_id} nobody
POST /api/v1/camera/jobs/{job_id}/confirm nobody
POST /api/v1/profiles/{name}/walks c
GET /api/v1/profiles/{name}/walks cka
GET /api/v1/profiles/{name}/walk-jobs/{job_id} c
POST /api/v1/profiles/{name}/walk-jobs/{job_id}/save c
DELETE /api/v1/profiles/{name}/walk-jobs/{job_id} c
GET /api/v1/profiles/{name}/camera/jobs/{job_id} c
POST /api/v1/profiles/{name}/camera/jobs/{job_id}/confirm c
POST /p/{name}/report/pdf cka
GET /p/{name}/report/pdf/{job_id} cka
POST /api/v1/profiles/{name}/report-jobs cka
GET /api/v1/profiles/{name}/report-jobs/{job_id} cka
GET /api/v1/profiles/{name}/report-jobs/{job_id}/report.pdf cka
"""
MATRIX = {(m, p): who for m, p, who in (line.split() for line in MATRIX_TEXT.strip().splitlines())}
ROLES = {"c": "carl", "k": "kim", "a": "ada"}  # kim is carl's clinician; ada is their clinic's admin


def _app_routes(api: Any) -> set[tuple[str, str]]:
    contexts: list[tuple[set[str], str, object]]
    try:  # FastAPI 0.16x includes routers lazily; this walks them
        from fastapi.routing import iter_route_contexts

        contexts = [(set(rc.methods or ()), str(rc.path), rc.original_route) for rc in iter_route_contexts(api.routes)]
    except ImportError:
        contexts = [(set(getattr(r, "methods", ())), str(r.path), r) for r in api.routes]
    return {(m, path) for methods, path, route in contexts if isinstance(route, APIRoute) for m in methods}


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app, second_clinic=False)


def test_every_route_of_clinic_mode_has_a_line_in_the_matrix(world: World) -> None:
    served = _app_routes(world.client.app)
    missing = sorted(served - MATRIX.keys())
    assert not missing, f"routes with no line in the matrix (add one, and a rule in clinic_access): {missing}"
    stale = sorted(MATRIX.keys() - served)
    assert not stale, f"lines in the matrix for routes the app no longer has: {stale}"


def _address(path: str, world: World) -> str:
    carl = world.people["carl"]
    values = {"name": carl.profile or "", "client_id": str(carl.account_id), "session_id": "999999"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "nothing-here"), path)


def _denied(r: httpx2.Response, signed_in: bool) -> bool:
    if not signed_in:
        return (r.status_code == 303 and r.headers["location"] == "/login") or r.status_code == 401
    return r.status_code == 404 and DENIED in r.text


def test_each_role_reaches_exactly_the_routes_the_matrix_gives_it(world: World) -> None:
    wrong: list[str] = []
    for (method, path), who in sorted(MATRIX.items()):
        if path == "/" or (method, path) == ("POST", "/logout"):
            continue  # '/' is sent to /clinic for everyone; logging out would end the session under test
        address = _address(path, world)
        for role in ("nobody", "c", "k", "a"):
            r = world.as_(None if role == "nobody" else ROLES[role]).request(method, address, follow_redirects=False)
            expected = who == "public" or (who != "nobody" and role in who)
            denied = r.status_code == 404 and DENIED in r.text if who == "nobody" else _denied(r, role != "nobody")
            if r.status_code >= 500:
                wrong.append(f"{method} {path} as {role}: {r.status_code}")
            elif expected == denied:
                wrong.append(
                    f"{method} {path} as {role}: {r.status_code} (expected {'allowed' if expected else 'denied'})"
                )
    assert not wrong, "\n".join(wrong)


def test_the_home_address_sends_everyone_to_their_start_page(world: World) -> None:
    for who in (None, "carl", "kim"):
        r = world.as_(who).get("/", follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/clinic")
    assert world.as_("carl").get("/clinic", follow_redirects=False).headers["location"].startswith("/p/Carl")
    assert world.as_("kim").get("/clinic", follow_redirects=False).headers["location"] == "/clinic/clients"


def test_the_openapi_document_is_not_served_in_clinic_mode(world: World) -> None:
    assert world.as_("ada").get("/openapi.json").status_code == 404
