"""Clinic mode's care pages: one client's page (results, sessions, pain, questionnaires, safety events,
notes, messages, clearance, routine, schedule, the planner's proposals), the client's messages, the
alert thresholds, and moving in. The clinician's list of clients, inviting and joining are in
``supple.web.clinic_invites``. Every route here has its rule in ``supple.web.clinic_access``, checked
before the handler runs; the handlers call ``supple.clinic`` services only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from supple.bootstrap import App
from supple.clinic import alert_service, care, client_view, moving, proposals, schedule
from supple.clinic import templates as tpl
from supple.clinic.alerts import LIMITS, Thresholds
from supple.clinic.care import EntryView
from supple.clinic.client_view import ClientSummary
from supple.clinic.domain import Role
from supple.clinic.login_sessions import Current
from supple.domain.formatting import adherence_sentence, days_a_week
from supple.errors import Conflict, InvalidInput, NotFound
from supple.problems import Problem
from supple.services.context import shared
from supple.web.clinic_access import actor_of, current, log
from supple.web.clinic_nav import frame, menu
from supple.web.deps import AppDep
from supple.web.pages.forms import FormState, labelled_text, problem_text, state_with
from supple.web.pages.rendering import Layout, profile_url, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=4000)]
Short = Annotated[str, Form(max_length=254)]


def _me(request: Request) -> Current:
    me = current(request)
    assert me is not None  # the route's rule let only a signed-in account through
    return me


@router.get("/clinic")
def start(request: Request, app: AppDep) -> Response:
    me = _me(request)
    if me.role is Role.CLIENT:
        name = care.own_profile(app, me.account_id)
        return RedirectResponse(profile_url(name) if name else "/account", status_code=303)
    return RedirectResponse("/clinic/clients", status_code=303)


# -- one client --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientPage:
    client: ClientSummary
    clinicians: list[tuple[int, str]]  # those it may still be shared with
    known_choices: list[tuple[str, str]]
    problem: str | None = None
    team: list[tuple[int, str, str]] = field(default_factory=list)  # who sees the client, and why
    assigned: tpl.AssignedView | None = None  # the routine a clinician chose, else the planner's
    templates: list[tuple[int, str]] = field(default_factory=list)  # the clinic's templates
    checks: list[schedule.CheckView] = field(default_factory=list)  # scheduled re-tests and questionnaires
    check_choices: list[tuple[str, str, str]] = field(default_factory=list)
    today: date | None = None
    planner: proposals.PlannerView | None = None  # the planner's proposal, what waits, what was changed
    exercises: list[tuple[str, str]] = field(default_factory=list)  # the library, for swapping
    field_error: tuple[str, str] | None = None  # (the field's id, the problem) shown next to that field

    @property
    def adherence(self) -> str:
        """'1 session on 1 day over 2 weeks: about 0.5 days a week, against a plan of 3 days a week.'"""
        a = self.client.progress.adherence
        if a.sessions == 0:
            return f"No sessions yet. The plan is {days_a_week(a.planned_per_week)}."
        return adherence_sentence(a.sessions, a.days_with_session, a.weeks, a.per_week, a.planned_per_week)


def _client_page(
    request: Request,
    app: App,
    client_id: int,
    problem: str | None = None,
    status: int = 200,
    field_error: tuple[str, str] | None = None,
) -> HTMLResponse:
    with shared(app):  # one transaction for the page's reads (each use case would open its own)
        page = _client_page_data(request, app, client_id, problem, field_error)
    return render(request, "clinic_client.html", frame(request, page.client.name, "clients"), page, status=status)


def _client_page_data(
    request: Request, app: App, client_id: int, problem: str | None, field_error: tuple[str, str] | None
) -> ClientPage:
    summary = client_view.summary(app, client_id)
    choices = [(q.id, q.known_label or q.id) for q in app.catalogue.safety.questions if q.known]
    team = care.team(app, client_id)
    linked = {cid for cid, _, _ in team}
    others = [(cid, name) for cid, name in care.clinicians(app, actor_of(_me(request))) if cid not in linked]
    assigned = tpl.assigned(app, client_id)
    templates = [(t.id, t.name) for t in tpl.templates(app, _me(request))]
    checks = schedule.checks(app, client_id)
    planner = proposals.view(app, client_id)
    library = sorted(((e.id, e.name) for e in app.catalogue.exercises.values()), key=lambda e: e[1])
    return ClientPage(
        summary, others, choices, problem, team, assigned, templates, checks, list(schedule.choices()),
        app.clock().date(), planner, library, field_error,
    )  # fmt: skip


@router.get("/clinic/clients/{client_id}", response_class=HTMLResponse)
async def client(request: Request, app: AppDep, client_id: int) -> HTMLResponse:
    return await run_in_threadpool(_client_page, request, app, client_id)


def _back(client_id: int, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/clinic/clients/{client_id}#{anchor}", status_code=303)


@router.post("/clinic/clients/{client_id}/clearance", response_class=HTMLResponse)
def clearance(request: Request, app: AppDep, client_id: int, note: Text = "", known_question: Short = "",
              known_what: Short = "", known_since: Short = "") -> Response:  # fmt: skip
    me = _me(request)
    known = [{"question": known_question, "what": known_what, "since": known_since}] if known_question else []
    try:
        care.clear(app, actor_of(me), me.name, client_id, known, note)
    except InvalidInput as err:
        problem = " ".join(problem_text(p) for p in err.problems)
        return _client_page(request, app, client_id, f"Your review: {problem}", 422, ("note", problem))
    except Conflict as err:
        return _client_page(request, app, client_id, err.message, 409)
    return _back(client_id, "safety")


ENTRY_WORDS = {"message": "message", "note": "note"}


def entry_problem(kind: str, text: str, err: InvalidInput) -> str:
    """An empty message or note is refused in words that say so (not only 'write something')."""
    if not text.strip():
        return f"The {ENTRY_WORDS.get(kind, kind)} is empty: write something before sending it (1 to 4000 characters)."
    return " ".join(problem_text(p) for p in err.problems)


def _entry(request: Request, app: App, client_id: int, kind: str, text: str) -> Response:
    me = _me(request)
    try:
        care.add_entry(app, actor_of(me), me.name, client_id, kind, text)
    except InvalidInput as err:
        problem = entry_problem(kind, text, err)
        return _client_page(request, app, client_id, problem, 422, (f"{kind}-text", problem))
    return _back(client_id, f"{kind}s")


@router.post("/clinic/clients/{client_id}/notes", response_class=HTMLResponse)
def note(request: Request, app: AppDep, client_id: int, text: Text = "") -> Response:
    return _entry(request, app, client_id, "note", text)


@router.post("/clinic/clients/{client_id}/messages", response_class=HTMLResponse)
def message(request: Request, app: AppDep, client_id: int, text: Text = "") -> Response:
    return _entry(request, app, client_id, "message", text)


@router.post("/clinic/clients/{client_id}/share", response_class=HTMLResponse)
def share(request: Request, app: AppDep, client_id: int, clinician: Short = "") -> Response:
    try:
        care.share(app, actor_of(_me(request)), client_id, int(clinician) if clinician.isdigit() else 0)
    except InvalidInput as err:
        return _client_page(request, app, client_id, " ".join(problem_text(p) for p in err.problems), 422)
    return _back(client_id, "sharing")


@router.post("/clinic/clients/{client_id}/unshare", response_class=HTMLResponse)
def unshare(request: Request, app: AppDep, client_id: int, clinician: Short = "") -> Response:
    try:
        care.unshare(app, actor_of(_me(request)), client_id, int(clinician) if clinician.isdigit() else 0)
    except InvalidInput as err:
        return _client_page(request, app, client_id, " ".join(problem_text(p) for p in err.problems), 422)
    return _back(client_id, "sharing")


@router.post("/clinic/clients/{client_id}/routine", response_class=HTMLResponse)
def assign_routine(request: Request, app: AppDep, client_id: int, template: Short = "") -> Response:
    try:
        tpl.assign(app, _me(request), client_id, int(template) if template.isdigit() and len(template) < 10 else 0)
    except NotFound:
        problem = "Choose one of your clinic's routine templates."
        return _client_page(request, app, client_id, problem, 422)
    return _back(client_id, "routine")


@router.post("/clinic/clients/{client_id}/routine/planner", response_class=HTMLResponse)
def planner_routine(request: Request, app: AppDep, client_id: int) -> Response:
    try:
        tpl.back_to_planner(app, _me(request), client_id)
    except Conflict as err:
        return _client_page(request, app, client_id, err.message, 409)
    return _back(client_id, "routine")


@router.post("/clinic/clients/{client_id}/schedule", response_class=HTMLResponse)
def schedule_check(request: Request, app: AppDep, client_id: int, check: Short = "", due_on: Short = "") -> Response:
    kind, _, what = check.partition(":")
    try:
        schedule.schedule(app, _me(request), client_id, kind, what, due_on)
    except InvalidInput as err:
        return _client_page(request, app, client_id, " ".join(_field(p) for p in err.problems), 422)
    return _back(client_id, "schedule")


@router.post("/clinic/clients/{client_id}/schedule/{check_id}/remove", response_class=HTMLResponse)
def unschedule_check(request: Request, app: AppDep, client_id: int, check_id: int) -> Response:
    schedule.unschedule(app, _me(request), client_id, check_id)
    return _back(client_id, "schedule")


@router.post("/clinic/clients/{client_id}/proposals/{proposal_id}", response_class=HTMLResponse)
def decide_step_up(request: Request, app: AppDep, client_id: int, proposal_id: int, decision: Short = "",
                   note: Text = "") -> Response:  # fmt: skip
    try:
        proposals.decide(app, _me(request), client_id, proposal_id, decision, note)
    except InvalidInput as err:
        return _client_page(request, app, client_id, " ".join(_field(p) for p in err.problems), 422)
    except Conflict as err:
        return _client_page(request, app, client_id, err.message, 409)
    return _back(client_id, "planner")


@router.post("/clinic/clients/{client_id}/overrides", response_class=HTMLResponse)
async def override(request: Request, app: AppDep, client_id: int) -> Response:
    form = await request.form()
    keys = ("exercise_id", "action", "to_exercise_id", "sets", "reps", "hold_s", "note")
    data = {k: str(form.get(k) or "")[: 4000 if k == "note" else 60] for k in keys}
    try:
        await run_in_threadpool(proposals.set_override, app, _me(request), client_id, data)
    except InvalidInput as err:
        problem = " ".join(_field(p) for p in err.problems)
        return await run_in_threadpool(_client_page, request, app, client_id, problem, 422)
    return _back(client_id, "planner")


@router.post("/clinic/clients/{client_id}/overrides/undo", response_class=HTMLResponse)
def undo_override(request: Request, app: AppDep, client_id: int, exercise_id: Short = "") -> Response:
    proposals.undo_override(app, _me(request), client_id, exercise_id)
    return _back(client_id, "planner")


def _field(p: Problem) -> str:
    words = {
        "kind": "What to schedule", "what": "What to schedule", "due_on": "Date", "note": "Note",
        "decision": "Decision", "exercise_id": "Exercise", "action": "Change", "to_exercise_id": "In its place",
        "exercise.1.sets": "Sets", "exercise.1.reps": "Repetitions", "exercise.1.hold_s": "Hold (seconds)",
    }  # fmt: skip
    return f"{words.get(p.field, p.field)}: {problem_text(p)}"


# -- the client's messages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessagesPage:
    messages: list[EntryView]
    problem: str | None = None
    clinicians: list[str] = field(default_factory=list)  # who follows this client


def _messages_page(request: Request, app: App, problem: str | None = None, status: int = 200) -> HTMLResponse:
    me = _me(request)
    name = care.own_profile(app, me.account_id)
    if name is None:
        raise NotFound("There is no such client.")
    team = [name for _, name, _ in care.team(app, me.account_id)]
    page = MessagesPage(care.entries(app, me.account_id, ("message",)), problem, team)
    return render(
        request, "clinic_messages.html", Layout("Messages", name, menu(Role.CLIENT, "messages")), page, status=status
    )


@router.get("/clinic/messages", response_class=HTMLResponse)
def messages(request: Request, app: AppDep) -> HTMLResponse:
    return _messages_page(request, app)


@router.post("/clinic/messages", response_class=HTMLResponse)
def send(request: Request, app: AppDep, text: Text = "") -> Response:
    me = _me(request)
    try:
        care.add_entry(app, actor_of(me), me.name, me.account_id, "message", text)
    except InvalidInput as err:
        return _messages_page(request, app, entry_problem("message", text, err), 422)
    return RedirectResponse("/clinic/messages", status_code=303)


# -- alert thresholds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThresholdsPage:
    rows: list[tuple[str, str, int, int, int, str]]  # key, label, value, lowest, highest, unit
    editable: bool
    saved: bool = False


def _thresholds_page(
    request: Request, values: Thresholds, form: FormState | None, saved: bool, status: int = 200
) -> HTMLResponse:
    me = _me(request)
    rows = [(k, label, getattr(values, k), low, high, unit) for k, (label, low, high, unit) in LIMITS.items()]
    if form is None:  # the form shows the clinic's values; after a problem, what was typed
        form = FormState(values={k: str(v) for k, _, v, _, _, _ in rows})
    form.labels = {k: label for k, label, *_ in rows}
    page = ThresholdsPage(rows, me.role is Role.ADMIN, saved)
    frame_ = frame(request, "Alert thresholds", "thresholds")
    return render(request, "clinic_thresholds.html", frame_, page, form=form, status=status)


@router.get("/clinic/thresholds", response_class=HTMLResponse)
def thresholds(request: Request, app: AppDep) -> HTMLResponse:
    return _thresholds_page(request, alert_service.thresholds_of(app, _me(request).clinic_id), None, False)


@router.post("/clinic/thresholds", response_class=HTMLResponse)
async def save_thresholds(request: Request, app: AppDep) -> HTMLResponse:
    form = {k: str(v)[:20] for k, v in (await request.form()).items() if k in LIMITS}
    me = _me(request)
    try:
        values = await run_in_threadpool(alert_service.set_thresholds, app, me.clinic_id, form)
        await run_in_threadpool(log, request, me, "clinic.thresholds", None, "alert thresholds changed")
    except InvalidInput as err:
        shown = alert_service.thresholds_of(app, me.clinic_id)
        return _thresholds_page(request, shown, state_with(form, err.problems, LIMITS), False, 422)
    return _thresholds_page(request, values, None, True)


# -- moving in ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveInPage:
    consent: str
    problems: list[str] = field(default_factory=list)


def _move_in_page(request: Request, app: App, problems: list[str], status: int = 200) -> HTMLResponse:
    name = care.own_profile(app, _me(request).account_id)
    page = MoveInPage(moving.CONSENT, problems)
    return render(
        request, "clinic_move_in.html", Layout("Bring your history", name, menu(Role.CLIENT)), page, status=status
    )


@router.get("/clinic/move-in", response_class=HTMLResponse)
def move_in_form(request: Request, app: AppDep) -> HTMLResponse:
    return _move_in_page(request, app, [])


@router.post("/clinic/move-in", response_class=HTMLResponse)
async def move_in(request: Request, app: AppDep) -> Response:
    from supple.services.import_ import MAX_BYTES

    async with request.form(max_part_size=MAX_BYTES + 1) as form:
        upload = form.get("file")
        consent = form.get("consent") == "yes"
        raw = await upload.read() if isinstance(upload, UploadFile) else b""
    me = _me(request)
    try:
        await run_in_threadpool(partial(moving.move_in, app, me.account_id, raw, consent=consent))
    except InvalidInput as err:
        return _move_in_page(request, app, [labelled_text(p) for p in err.problems], 422)
    except Conflict as err:
        return _move_in_page(request, app, [err.message], 409)
    await run_in_threadpool(log, request, me, "client.move-in", me.account_id, "history brought in from an export")
    return RedirectResponse("/clinic", status_code=303)
