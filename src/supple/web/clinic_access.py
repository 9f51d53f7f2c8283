"""Authorization in clinic mode: one rule per route, checked by a dependency on every route.

``RULES`` says, for each route the app serves in clinic mode, which roles may use it and whose data
it touches (``supple.clinic.access``). The dependency :func:`authorize` runs before every route
handler: a route with no rule answers 404 (deny by default), a stranger is sent to the login page
(401 for the API), and a role or object that does not fit answers 404, so a guessed address or
number tells nothing. Self-clearance is refused with its own message: in a clinic the clinician
records it. The route × role matrix test (tests/api/test_clinic_matrix.py) fails when a route of the
app has no rule here or its behaviour differs from the matrix written in the test.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import partial

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from supple.clinic import door
from supple.clinic.access import ANYONE, PUBLIC, STAFF, Actor, ClientFacts, Rule, Target, rule
from supple.clinic.accounts import Accounts
from supple.clinic.domain import Role
from supple.clinic.door import Outcome
from supple.clinic.login_sessions import Current
from supple.errors import NotFound, SuppleError
from supple.services.context import Held, hold, release, share, unshare

COOKIE = "__Host-supple_session"
# Set in the request's scope when the route is an export (``Rule.export``): nothing of the client's
# changed, so no alert evaluation follows it (``supple.web.clinic_events``).
EXPORT_SCOPE_KEY = "supple.clinic_export"

C, K, A = Role.CLIENT, Role.CLINICIAN, Role.ADMIN
OWN = rule(C, target=Target.OWN_PROFILE)  # the signed-in client's own profile only
SEEN = rule(C, K, A, target=Target.CLIENT_PROFILE)  # the client, their clinicians, the clinic's admin
EXPORT = rule(C, K, A, target=Target.CLIENT_PROFILE, export=True)  # the same people; logged 'client.export'
CLIENT_OF = rule(K, A, target=Target.CLIENT)  # /clinic/clients/{client_id}: clinicians who may see the client
ADMIN = rule(A)

_OWN_GETS = (
    "", "/stop", "/settings", "/screen", "/screen/{screening_id}/done", "/baseline", "/tests", "/tests/{test_id}",
    "/routine", "/checkin", "/checkin/{checkin_id}/done", "/session", "/session/play", "/session/{session_id}/done",
    "/start", "/camera/{job_id}",
    "/camera/{job_id}/image", "/walk", "/walk/job/{job_id}",
)  # fmt: skip
_OWN_POSTS = (
    "/settings", "/screen", "/baseline", "/tests/{test_id}", "/checkin", "/session", "/session/log", "/start",
    "/tests/{test_id}/camera", "/camera/{job_id}/confirm", "/camera/{job_id}/discard", "/walk/import",
    "/walk/job/{job_id}/save", "/walk/job/{job_id}/discard", "/walking/{action}",
)  # fmt: skip
_OWN_API = (
    ("GET", "/api/v1/profiles/{name}"), ("PATCH", "/api/v1/profiles/{name}/settings"),
    ("POST", "/api/v1/profiles/{name}/screenings"), ("POST", "/api/v1/profiles/{name}/pain"),
    ("POST", "/api/v1/profiles/{name}/questionnaires"), ("POST", "/api/v1/profiles/{name}/assessments"),
    ("GET", "/api/v1/profiles/{name}/routine"), ("POST", "/api/v1/profiles/{name}/session-screenings"),
    ("POST", "/api/v1/profiles/{name}/sessions"), ("POST", "/api/v1/profiles/{name}/checkins"),
    ("GET", "/api/v1/profiles/{name}/calendar.ics"), ("POST", "/api/v1/profiles/{name}/camera/{test_id}"),
    ("POST", "/api/v1/profiles/{name}/walks"), ("GET", "/api/v1/profiles/{name}/walk-jobs/{job_id}"),
    ("POST", "/api/v1/profiles/{name}/walk-jobs/{job_id}/save"),
    ("DELETE", "/api/v1/profiles/{name}/walk-jobs/{job_id}"),
)  # fmt: skip
_SEEN_READS = (
    "/p/{name}/progress", "/p/{name}/results", "/p/{name}/records", "/p/{name}/report", "/p/{name}/walk/{walk_id}",
    "/api/v1/profiles/{name}/results", "/api/v1/profiles/{name}/progress", "/api/v1/profiles/{name}/walks",
)  # fmt: skip
_SEEN_EXPORTS = (
    ("GET", "/api/v1/profiles/{name}/export"), ("GET", "/api/v1/profiles/{name}/export.zip"),
    ("GET", "/api/v1/profiles/{name}/fhir"), ("GET", "/api/v1/profiles/{name}/report.pdf"),
    # the PDF report as a job: making it is a POST, but it reads the client's data and changes none of it
    ("POST", "/p/{name}/report/pdf"), ("POST", "/api/v1/profiles/{name}/report-jobs"),
    ("GET", "/api/v1/profiles/{name}/report-jobs/{job_id}/report.pdf"),
)  # fmt: skip
_LIBRARY = (
    "/exercises", "/exercises/{exercise_id}", "/learn", "/learn/{topic}", "/figures/{folder}/{item_id}.svg",
    "/figures/{folder}/{item_id}.png", "/api/v1/exercises",
    "/api/v1/exercises/{exercise_id}", "/api/v1/tests", "/api/v1/tests/{test_id}", "/api/v1/screen-questions",
    "/api/v1/education", "/api/v1/export-schema",
)  # fmt: skip

#: Every route clinic mode serves, by (method, path). Anything else: 404.
RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/join/{token}"): PUBLIC,
    ("POST", "/join/{token}"): PUBLIC,
    ("GET", "/manifest.webmanifest"): PUBLIC,  # the site's own files, no one's data
    ("GET", "/sw.js"): PUBLIC,
    ("GET", "/static/report.css"): PUBLIC,  # the report's stylesheet (packaged with supple.report)
    ("GET", "/healthz"): PUBLIC,  # for load balancers: says nothing about anyone
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/admin/audit"): ADMIN,
    ("GET", "/account"): ANYONE,
    ("POST", "/account/sessions/{session_id}/end"): ANYONE,
    ("GET", "/clinic"): ANYONE,  # sends each role to its start page
    ("GET", "/clinic/clients"): STAFF,
    ("POST", "/clinic/invites"): STAFF,
    ("GET", "/clinic/thresholds"): STAFF,
    ("POST", "/clinic/thresholds"): ADMIN,
    ("GET", "/clinic/clients/{client_id}"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/clearance"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/notes"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/messages"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/share"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/unshare"): CLIENT_OF,
    # clinical control (w-care: web/clinic_control, clinic_care): templates are the clinic's own (the
    # service refuses another clinic's template with 404); assigning concerns one client
    ("GET", "/clinic/templates"): STAFF,
    ("POST", "/clinic/templates"): STAFF,
    ("GET", "/clinic/templates/{template_id}"): STAFF,
    ("POST", "/clinic/templates/{template_id}"): STAFF,
    ("POST", "/clinic/clients/{client_id}/routine"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/routine/planner"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/schedule"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/proposals/{proposal_id}"): CLIENT_OF,  # the proposal: the client's own
    ("POST", "/clinic/clients/{client_id}/overrides"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/overrides/undo"): CLIENT_OF,
    ("POST", "/clinic/clients/{client_id}/schedule/{check_id}/remove"): CLIENT_OF,  # the check: the client's own
    ("GET", "/clinic/move-in"): rule(C),
    ("POST", "/clinic/move-in"): rule(C),
    # account security, the admin's pages, health (w-clinicb: web/clinic_security, clinic_members, clinic_admin, health)
    ("GET", "/account/setup"): PUBLIC,  # a setup session is not a signed-in one: the page checks it itself
    ("POST", "/account/setup"): PUBLIC,
    **{
        (m, "/account/" + p): ANYONE for m in ("GET", "POST") for p in ("confirm", "password", "email", "second-factor")
    },
    ("GET", "/admin/accounts"): ADMIN,
    ("POST", "/admin/accounts"): ADMIN,
    ("POST", "/admin/accounts/{account_id}/{change}"): ADMIN,
    ("GET", "/admin/clients/{client_id}/export"): rule(A, target=Target.CLIENT),
    ("GET", "/admin/clients/{client_id}/erase"): rule(A, target=Target.CLIENT),
    ("POST", "/admin/clients/{client_id}/erase"): rule(A, target=Target.CLIENT),
    ("GET", "/clinic/messages"): rule(C),
    ("POST", "/clinic/messages"): rule(C),
    ("GET", "/p/{name}/clear"): OWN,  # refused below with its own message
    ("POST", "/p/{name}/clear"): OWN,
    ("POST", "/api/v1/profiles/{name}/clearance"): OWN,
    **{("GET", "/p/{name}" + p): OWN for p in _OWN_GETS},
    **{("POST", "/p/{name}" + p): OWN for p in _OWN_POSTS},
    **dict.fromkeys(_OWN_API, OWN),
    **{("GET", p): SEEN for p in _SEEN_READS},
    **dict.fromkeys(_SEEN_EXPORTS, EXPORT),
    **{("GET", p): ANYONE for p in _LIBRARY},
    # jobs (w-jobs3: web/camera, web/report_jobs): a profile's camera jobs, and its report as PDF
    ("GET", "/api/v1/profiles/{name}/camera/jobs/{job_id}"): OWN,
    ("POST", "/api/v1/profiles/{name}/camera/jobs/{job_id}/confirm"): OWN,
    ("GET", "/p/{name}/report/pdf/{job_id}"): SEEN,
    ("GET", "/api/v1/profiles/{name}/report-jobs/{job_id}"): SEEN,
}
# Not in clinic mode (no rule, so 404): choosing or creating a profile (/, /profiles), deleting one
# (erasure goes through the clinic), importing (moving in is not built yet), the calendar feed's secret
# address, the camera API's job numbers (not tied to a profile in the address), the API docs.
REFUSED = {
    ("GET", "/p/{name}/clear"),
    ("POST", "/p/{name}/clear"),
    ("POST", "/api/v1/profiles/{name}/clearance"),
}
DENIED = "There is nothing at this address for your account."
SELF_CLEARANCE = (
    "In a clinic, your clinician records a clearance after reviewing you. "
    "Send them a message from 'Messages', and they will review your program."
)


class SignInNeeded(Exception):
    """No valid session: pages go to the login page, the API answers 401."""


class SelfClearanceRefused(SuppleError):
    code = "clearance-by-clinician"
    http_status = 403

    def __init__(self) -> None:
        super().__init__(SELF_CLEARANCE)


@dataclass(frozen=True)
class _Compiled:
    method: str
    path: str
    regex: re.Pattern[str]


def _compile(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", re.escape(path).replace(r"\{", "{").replace(r"\}", "}"))
    return re.compile(f"^{pattern}$")


_TABLE = [_Compiled(m, p, _compile(p)) for (m, p) in RULES]
_REGEX = {(e.method, e.path): e.regex for e in _TABLE}


def rule_for(method: str, route_path: str) -> Rule | None:
    return RULES.get(("GET" if method == "HEAD" else method, route_path))


def accounts(request: Request) -> Accounts:
    found: Accounts = request.app.state.accounts
    return found


def current(request: Request) -> Current | None:
    """The signed-in account, read once per request."""
    if "clinic_current" not in request.scope:
        request.scope["clinic_current"] = accounts(request).current(request.cookies.get(COOKIE))
    me: Current | None = request.scope["clinic_current"]
    return me


def actor_of(me: Current) -> Actor:
    return Actor(me.account_id, me.clinic_id, me.role)


def route_path(request: Request) -> str:
    """The pattern of the route that matched, with any router prefix (``/api/v1/profiles/{name}``).

    The framework's route object may carry its path without the prefix of the router it was included
    in, so the pattern is taken only when it matches the whole address; otherwise the rules' own
    patterns are matched against the address, preferring the one ending like the route's path."""
    method, url = ("GET" if request.method == "HEAD" else request.method), request.url.path
    route = request.scope.get("route")
    effective = request.scope.get("effective_route_context")
    given = [getattr(effective, "path", None), getattr(route, "path_format", None), getattr(route, "path", None)]
    for path in given:
        if isinstance(path, str) and (method, path) in RULES and _REGEX[(method, path)].match(url):
            return path
    matches = [e.path for e in _TABLE if e.method == method and e.regex.match(url)]
    tail = next((p for p in given if isinstance(p, str)), "")
    preferred = [p for p in matches if tail and p.endswith(tail)]
    return (preferred or matches or [tail or url])[0]


def _client(request: Request, target: Target) -> int | str | None:
    """The client the address names: an account number (``client_id``) or a profile name."""
    params = request.path_params
    if target is Target.NOTHING:
        return None
    if target is Target.CLIENT:
        raw = str(params.get("client_id", ""))
        return int(raw) if raw.isdigit() and len(raw) < 10 else None
    return str(params.get("name", ""))


def _check(request: Request) -> ClientFacts | None:
    """Raise unless the signed-in account may use this route on this object; the client it concerns.

    The session, the client's record and care links, and the access-log line are read and written in
    one transaction (``supple.clinic.door``), committed before the handler runs. A page (GET or HEAD)
    keeps that transaction's connection and session for its own reads."""
    path = route_path(request)
    found = rule_for(request.method, path)
    if found is None:
        raise NotFound(DENIED)
    if found.public:
        return None
    # A page (GET, HEAD) holds one connection for the whole request: the door's transaction, then the
    # page's reads in one more (share), not a connection and a transaction for each use case it calls.
    opened = hold(request.app.state.supple) if request.method in READS else None
    try:
        entry = door.enter(
            accounts(request),
            getattr(request.app.state, "audit", None),
            request.cookies.get(COOKIE),
            found,
            client=_client(request, found.target),
            method=request.method,
            path=path,
            refused=(request.method, path) in REFUSED,
            session=opened.session if opened else None,
        )
    except BaseException:
        if opened:
            release(opened, failed=True)
        raise
    request.scope["clinic_current"] = entry.me
    request.scope[EXPORT_SCOPE_KEY] = found.export
    if entry.outcome is not Outcome.OK and opened:
        release(opened, failed=True)
    if entry.outcome is Outcome.SIGN_IN:
        raise SignInNeeded
    if entry.outcome is Outcome.DENIED:
        raise NotFound(DENIED)
    if entry.outcome is Outcome.REFUSED:
        raise SelfClearanceRefused
    if opened:
        request.scope[_READING] = opened
    return entry.client


READS = ("GET", "HEAD")
_READING = "supple_reading"  # request.scope key: what a page's request holds (services.context.Held)


def log(request: Request, me: Current, action: str, client_id: int | None, detail: str) -> None:
    """One line in the clinic's access and change log (``supple.clinic.audit``); never health data."""
    audit = getattr(request.app.state, "audit", None)
    if audit is not None:
        audit.record(me, action, client_id, detail)


async def authorize(request: Request) -> AsyncIterator[None]:
    """The dependency on every route in clinic mode. After a change to a client's records, that
    client's alerts are evaluated again (``app.state.alert_trigger``: at once by default; a job
    queue may replace it with one that enqueues)."""
    client = await run_in_threadpool(_check, request)
    opened: Held | None = request.scope.get(_READING)
    if opened is not None:  # the page's use cases share the door's connection: ended by read_in_one
        request.scope[_SHARING] = share(request.app.state.supple, opened.session)
    yield
    left: Held | None = request.scope.pop(_READING, None)  # only if read_in_one never ran (it ends it)
    if left is not None:
        await run_in_threadpool(partial(release, left, failed=True))
    if client is not None and request.method not in ("GET", "HEAD"):
        trigger = getattr(request.app.state, "alert_trigger", None)
        if trigger is not None:
            await run_in_threadpool(trigger, client.account_id)


_SHARING = "supple_sharing"


async def read_in_one(request: Request) -> AsyncIterator[None]:
    """The dependency after :func:`authorize` (scope "function"): once the handler is done, and before
    the response is sent, the page's transaction ends (committed; rolled back on an error) and its
    connection goes back to the pool."""
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        opened: Held | None = request.scope.pop(_READING, None)
        token = request.scope.pop(_SHARING, None)
        if token is not None:
            unshare(token)
        if opened is not None:
            await run_in_threadpool(partial(release, opened, failed=failed))
