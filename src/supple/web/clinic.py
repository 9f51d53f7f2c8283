"""Clinic mode's web door (issue 17, first part): log in, your account and sessions, log out.

Installed only by ``create_app(..., clinic=True)`` (``supple serve --clinic`` or ``SUPPLE_CLINIC=1``).
Deny by default: every route is checked by ``supple.web.clinic_access.authorize`` against its rule, and
a route without one answers 404; the middleware below also keeps the OpenAPI document out of clinic mode
and sends ``/`` to each role's start page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from supple.bootstrap import App
from supple.clinic import schedule
from supple.clinic.accounts import Accounts
from supple.clinic.alert_service import evaluate_alerts
from supple.clinic.login_sessions import Current, LoginRefused, LoginThrottled, SecondFactorNeeded, SessionView
from supple.errors import SuppleError
from supple.web.clinic_access import COOKIE as COOKIE  # noqa: PLC0414 (web.clinic_admin imports it from here)
from supple.web.clinic_access import SignInNeeded, authorize, current, read_in_one
from supple.web.clinic_nav import frame
from supple.web.pages.rendering import Layout, render
from supple.web.problems import problem_for

CLOSED_PATHS = ("/openapi.json",)  # not a route with a dependency, so kept out here

router = APIRouter(include_in_schema=False)


class ClinicOnly:
    """Pure ASGI middleware: ``/`` goes to each role's start page; the OpenAPI document is not served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or (path != "/" and not path.startswith(CLOSED_PATHS)):
            await self.app(scope, receive, send)
            return
        response: Response
        if path == "/":
            response = RedirectResponse("/clinic", status_code=303)
        else:
            response = HTMLResponse("<h1>Not found</h1><p>This page is not part of clinic mode.</p>", 404)
        await response(scope, receive, send)


async def _sign_in(request: Request, _exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        err = SuppleError("Please log in first.")
        err.code, err.http_status = "login-needed", 401
        return problem_for(err)
    return RedirectResponse("/login", status_code=303)


def install_clinic(api: FastAPI, supple: App) -> None:
    """Before any router is included: every route then carries the authorization dependency."""
    api.state.accounts = Accounts.from_settings(supple.sessions, supple.settings, keys=supple.secret_keys)
    api.state.clinic = True  # e.g. the service worker keeps no pages (web/pwa.py)
    api.state.templates.env.globals["clinic_mode"] = True  # nor does offline.js (base.html says so)
    api.router.dependencies.append(Depends(authorize))
    api.router.dependencies.append(Depends(read_in_one, scope="function"))  # a page's reads: one connection

    def alert_trigger(client_id: int) -> None:  # a job queue may replace it with one that enqueues
        evaluate_alerts(supple, client_id=client_id)

    api.state.alert_trigger = alert_trigger
    api.state.due_from_clinician = partial(schedule.due_for_profile, supple)  # for the client's home page
    api.add_exception_handler(SignInNeeded, _sign_in)
    api.add_middleware(ClinicOnly)
    api.include_router(router)
    from supple.web import clinic_care, clinic_control, clinic_invites
    from supple.web.clinic_admin import install_admin

    api.include_router(clinic_care.router)
    api.include_router(clinic_invites.router)
    api.include_router(clinic_control.router)
    install_admin(api, supple)  # the admin's pages (audit log, accounts), account security, in their own modules


def _accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


def _current(request: Request) -> Current | None:
    return current(request)


@dataclass(frozen=True)
class LoginPage:
    email: str = ""
    problem: str | None = None
    ask_code: bool = False


@dataclass(frozen=True)
class AccountPage:
    name: str
    role: str
    sessions: list[SessionView]


def _login_page(request: Request, page: LoginPage, status: int = 200) -> HTMLResponse:
    return render(request, "clinic_login.html", Layout("Log in"), page, status=status)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    if _current(request) is not None:
        return RedirectResponse("/clinic", status_code=303)
    return _login_page(request, LoginPage())


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    try:
        done = _accounts(request).login(
            email,
            password,
            code or None,
            user_agent=request.headers.get("user-agent", ""),
            address=request.client.host if request.client else "",
        )
    except SecondFactorNeeded:  # the code step: not a mistake, the page says what to type
        return _login_page(request, LoginPage(email.strip(), ask_code=True), 401)
    except LoginThrottled as slow:
        refused = _login_page(request, LoginPage(email, slow.message), 429)
        refused.headers["Retry-After"] = str(int(slow.retry_after.total_seconds()))
        return refused
    except LoginRefused as no:
        return _login_page(request, LoginPage(email, no.message, ask_code=bool(code)), 401)
    _accounts(request).logout(request.cookies.get(COOKIE))  # a session this browser had before ends now
    response = RedirectResponse("/account/setup" if done.setup else "/clinic", status_code=303)
    response.set_cookie(COOKIE, done.token, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request) -> Response:
    me = _current(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    page = AccountPage(me.name, me.role.value, _accounts(request).sessions_of(me))
    return render(request, "clinic_account.html", frame(request, "Your account", "account"), page)


@router.post("/account/sessions/{session_id}/end")
def end_session(request: Request, session_id: int) -> Response:
    me = _current(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    _accounts(request).revoke(me, session_id)  # NotFound (404) for another account's session
    return RedirectResponse("/login" if session_id == me.session_id else "/account", status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    _accounts(request).logout(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    # The browser drops what this site kept: cached files, the service worker, unsent offline logs.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
