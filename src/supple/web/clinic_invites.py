"""Clinic mode's front door for clients: the clinician's list of clients with its invite form (the
link made is shown once), and joining by invite (a password, then signed in). Every route here has its
rule in ``supple.web.clinic_access``, checked before the handler runs; the handlers call
``supple.clinic`` services only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from supple.bootstrap import App
from supple.clinic import care
from supple.clinic.care import ClientRow, InviteView, NewInvite
from supple.clinic.login_sessions import Current
from supple.errors import Conflict, InvalidInput, NotFound
from supple.web.clinic_access import COOKIE, accounts, actor_of, current, log
from supple.web.clinic_nav import frame
from supple.web.deps import AppDep
from supple.web.pages.forms import FormState, problem_text, state_with
from supple.web.pages.rendering import Layout, render

router = APIRouter(include_in_schema=False)
Short = Annotated[str, Form(max_length=254)]


def _me(request: Request) -> Current:
    me = current(request)
    assert me is not None  # the route's rule let only a signed-in account through
    return me


# -- the clinician's clients and invites --------------------------------------------------------------


INVITE_COOKIE = "__Host-supple_invite"  # the new link, shown once on the page the invite redirects to
INVITE_FIELDS = ("name", "email")
INVITE_LABELS = {"name": "Client's name", "email": "Client's e-mail"}


@dataclass(frozen=True)
class MadeInvite:
    link: str
    name: str
    email: str
    expires: str


@dataclass(frozen=True)
class ClientsPage:
    clients: list[ClientRow]
    pending: list[InviteView] = field(default_factory=list)
    made: MadeInvite | None = None


def _clients_page(
    request: Request, app: App, status: int = 200, form: FormState | None = None, made: MadeInvite | None = None
) -> HTMLResponse:
    actor = actor_of(_me(request))
    page = ClientsPage(care.clients(app, actor), care.pending_invites(app, actor), made)
    frame_ = frame(request, "Your clients", "clients")
    return render(request, "clinic_clients.html", frame_, page, form=form or FormState(), status=status)


def _made_invite(request: Request, app: App) -> MadeInvite | None:
    """The invitation just made (its token in a short-lived cookie set by the POST), if still open."""
    token = request.cookies.get(INVITE_COOKIE, "")
    if not token:
        return None
    try:
        view = care.invite_view(app, token)
    except NotFound:
        return None
    link = str(request.base_url).rstrip("/") + f"/join/{token}"
    return MadeInvite(link, view.name, view.email, f"{view.expires_at:%Y-%m-%d %H:%M}")


def _show_clients(request: Request, app: App) -> HTMLResponse:
    made = _made_invite(request, app)
    response = _clients_page(request, app, made=made)
    if INVITE_COOKIE in request.cookies:  # shown once: the next visit shows the list only
        response.delete_cookie(INVITE_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/clinic/clients", response_class=HTMLResponse)
async def clients(request: Request, app: AppDep) -> HTMLResponse:
    return await run_in_threadpool(_show_clients, request, app)


@router.post("/clinic/invites", response_class=HTMLResponse)
def invite(request: Request, app: AppDep, email: Short = "", name: Short = "") -> Response:
    values = {"email": email, "name": name}
    try:
        new: NewInvite = care.create_invite(app, actor_of(_me(request)), email, name)
    except InvalidInput as err:
        form = state_with(values, err.problems, INVITE_FIELDS)
        form.labels = INVITE_LABELS
        return _clients_page(request, app, 422, form)
    except Conflict as err:
        form = FormState(values=values, labels=INVITE_LABELS)
        form.add("email", err.message)
        return _clients_page(request, app, 409, form)
    log(request, _me(request), "client.invite", None, "invitation link made (valid 7 days)")
    response = RedirectResponse("/clinic/clients#invite-made", status_code=303)  # POST, redirect, GET
    response.set_cookie(INVITE_COOKIE, new.token, max_age=600, path="/", secure=True, httponly=True, samesite="strict")
    return response


# -- joining by invite -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinPage:
    name: str
    email: str
    expires: str
    problem: str | None = None


@router.get("/join/{token}", response_class=HTMLResponse)
def join_form(request: Request, app: AppDep, token: str) -> HTMLResponse:
    view = care.invite_view(app, token)
    page = JoinPage(view.name, view.email, f"{view.expires_at:%Y-%m-%d}")
    return render(request, "clinic_join.html", Layout("Join your clinic"), page)


@router.post("/join/{token}", response_class=HTMLResponse)
def join(request: Request, app: AppDep, token: str, password: Annotated[str, Form(max_length=1024)] = "",
         again: Annotated[str, Form(max_length=1024)] = "") -> Response:  # fmt: skip
    view = care.invite_view(app, token)
    problem = "The two passwords are not the same." if password != again else None
    if problem is None:
        try:
            care.join(app, accounts(request), token, password)
        except InvalidInput as err:
            problem = " ".join(problem_text(p) for p in err.problems)
    if problem is not None:
        page = JoinPage(view.name, view.email, f"{view.expires_at:%Y-%m-%d}", problem)
        return render(request, "clinic_join.html", Layout("Join your clinic"), page, status=422)
    done = accounts(request).login(view.email, password, user_agent=request.headers.get("user-agent", ""))
    joined = accounts(request).current(done.token)
    if joined is not None:
        log(request, joined, "client.join", joined.account_id, "joined by invitation")
    response = RedirectResponse("/clinic", status_code=303)
    response.set_cookie(COOKIE, done.token, path="/", secure=True, httponly=True, samesite="strict")
    return response
