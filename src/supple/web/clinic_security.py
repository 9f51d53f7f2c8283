"""Clinic mode's account security pages: confirm it is you, change password, e-mail and second factor,
set up an account an admin made, and the admin's list of accounts (make, reset, disable, enable).

Every form posts with a CSRF token; a change that needs a fresh re-authentication sends the person to
``/account/confirm`` first and back afterwards. Installed by ``supple.web.clinic_admin.install_admin``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from supple.bootstrap import App
from supple.clinic.accounts import Accounts
from supple.clinic.login_sessions import Current, LoginRefused, LoginThrottled
from supple.clinic.members import Members
from supple.clinic.security import AccountSecurity, Enrolment, ReauthenticationNeeded
from supple.errors import InvalidInput, SuppleError
from supple.problems import message
from supple.web.clinic_access import COOKIE
from supple.web.clinic_nav import frame
from supple.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
FRESH_PAGES = ("/account/password", "/account/email", "/account/second-factor")


def install_security(api: FastAPI, supple: App) -> None:
    accounts: Accounts = api.state.accounts
    settings = supple.settings
    api.state.security = AccountSecurity(accounts, reauth_window=timedelta(minutes=settings.clinic_reauth_minutes))
    api.state.members = Members(accounts, setup_window=timedelta(hours=settings.clinic_setup_hours))
    api.include_router(router)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "password"
    autocomplete: str = "off"
    value: str = ""


@dataclass(frozen=True)
class FormPage:
    """One form, with what it needs around it (a second factor to add, codes to keep, a note)."""

    title: str
    intro: str
    action: str
    fields: list[Field]
    submit: str
    problems: list[str] = field(default_factory=list)
    enrolment: Enrolment | None = None
    qr_svg: str | None = None
    codes: tuple[str, ...] = ()
    done: str | None = None


def _security(request: Request) -> AccountSecurity:
    found: AccountSecurity = request.app.state.security
    return found


def _members(request: Request) -> Members:
    found: Members = request.app.state.members
    return found


def _me(request: Request) -> Current | None:
    accounts: Accounts = request.app.state.accounts
    return accounts.current(request.cookies.get(COOKIE))


def _qr(uri: str) -> str:
    import segno

    return str(segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", title="QR code to scan"))


def _show(request: Request, page: FormPage, status: int = 200) -> HTMLResponse:
    return render(request, "clinic_form.html", frame(request, page.title, "account"), page, status=status)


def _problems(err: SuppleError) -> list[str]:
    return [message(p) for p in err.problems] if isinstance(err, InvalidInput) else [err.message]


def _confirm_url(next_page: str) -> RedirectResponse:
    return RedirectResponse(f"/account/confirm?next={next_page}", status_code=303)


CODE = Field("code", "Code from your authenticator app", "text", "one-time-code")
CURRENT = Field("current_password", "Your current password", "password", "current-password")
NEW_PASSWORD = Field("password", "New password (at least 8 characters)", "password", "new-password")


# -- confirm it is you --------------------------------------------------------------------------------


def _confirm_page(next_page: str, problems: list[str] | None = None) -> FormPage:
    fields = [Field("password", "Password", "password", "current-password"), CODE]
    intro = "To change your e-mail, password or second factor, confirm it is you."
    action = f"/account/confirm?next={next_page}"
    return FormPage("Confirm it is you", intro, action, fields, "Confirm", problems or [])


@router.get("/account/confirm", response_class=HTMLResponse)
def confirm_form(request: Request, next: str = "/account") -> Response:
    if _me(request) is None:
        return RedirectResponse("/login", status_code=303)
    return _show(request, _confirm_page(next if next in FRESH_PAGES else "/account"))


@router.post("/account/confirm", response_class=HTMLResponse)
def confirm(
    request: Request,
    password: Annotated[str, Form(max_length=1024)],
    code: Annotated[str, Form(max_length=32)] = "",
    next: str = "/account",
) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    target = next if next in FRESH_PAGES else "/account"
    try:
        renewed = _security(request).reauthenticate(me, password, code or None)
    except (LoginRefused, LoginThrottled) as no:
        return _show(request, _confirm_page(target, [no.message]), no.http_status)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, renewed.token, path="/", secure=True, httponly=True, samesite="strict")
    return response


# -- your password, e-mail and second factor ----------------------------------------------------------


def _password_page(problems: list[str] | None = None, done: str | None = None) -> FormPage:
    intro = "Choose a password you use nowhere else. Your other sessions end when you change it."
    return FormPage(
        "Change your password",
        intro,
        "/account/password",
        [CURRENT, NEW_PASSWORD],
        "Change password",
        problems or [],
        done=done,
    )


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    if not _security(request).is_fresh(me):
        return _confirm_url("/account/password")
    return _show(request, _password_page())


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    current_password: Annotated[str, Form(max_length=1024)],
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    try:
        _security(request).change_password(me, current_password, password)
    except ReauthenticationNeeded:
        return _confirm_url("/account/password")
    except InvalidInput as err:
        return _show(request, _password_page(_problems(err)), 422)
    return _show(request, _password_page(done="Your password is changed; your other sessions have ended."))


def _email_page(value: str = "", problems: list[str] | None = None, done: str | None = None) -> FormPage:
    fields = [Field("email", "New e-mail address", "email", "email", value)]
    return FormPage(
        "Change your e-mail",
        "You log in with this address.",
        "/account/email",
        fields,
        "Change e-mail",
        problems or [],
        done=done,
    )


@router.get("/account/email", response_class=HTMLResponse)
def email_form(request: Request) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    if not _security(request).is_fresh(me):
        return _confirm_url("/account/email")
    return _show(request, _email_page())


@router.post("/account/email", response_class=HTMLResponse)
def change_email(request: Request, email: Annotated[str, Form(max_length=300)]) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    try:
        _security(request).change_email(me, email)
    except ReauthenticationNeeded:
        return _confirm_url("/account/email")
    except SuppleError as err:
        return _show(request, _email_page(email, _problems(err)), err.http_status)
    return _show(request, _email_page(done="Your e-mail address is changed."))


@router.get("/account/second-factor", response_class=HTMLResponse)
def second_factor_form(request: Request) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    security = _security(request)
    if not security.is_fresh(me):
        return _confirm_url("/account/second-factor")
    try:
        enrolment = security.start_second_factor_change(me)
    except SuppleError as err:
        return _show(request, FormPage("Second factor", err.message, "/account", [], "Back"), err.http_status)
    return _show(request, _new_factor_page(enrolment))


def _new_factor_page(enrolment: Enrolment, problems: list[str] | None = None) -> FormPage:
    intro = "Add this to your authenticator app, then type the code it shows. Your old one works until then."
    return FormPage(
        "Replace your authenticator",
        intro,
        "/account/second-factor",
        [CODE],
        "Use this one",
        problems or [],
        enrolment=enrolment,
        qr_svg=_qr(enrolment.uri),
    )


@router.post("/account/second-factor", response_class=HTMLResponse)
def confirm_second_factor(request: Request, code: Annotated[str, Form(max_length=32)]) -> Response:
    me = _me(request)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    try:
        codes = _security(request).confirm_second_factor_change(me, code)
    except ReauthenticationNeeded:
        return _confirm_url("/account/second-factor")
    except InvalidInput as err:
        pending = _security(request).pending_enrolment(me)
        if pending is None:
            return RedirectResponse("/account/second-factor", status_code=303)
        return _show(request, _new_factor_page(pending, _problems(err)), 422)
    done = "Your new authenticator is in use. Keep these recovery codes somewhere safe; each works once."
    return _show(request, FormPage("Replace your authenticator", "", "/account", [], "", codes=codes, done=done))
