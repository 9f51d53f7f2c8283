"""Clinic mode: setting up an account an admin made, and the admin's page of the clinic's accounts.

The admin makes a clinician or admin account and gets a one-time password to hand over (shown
once). With it the person reaches only ``/account/setup``: their own password and their second
factor; then a full session starts with a new token. The admin can also reset someone's access
(lost phone), and disable or enable an account; disabling ends its sessions on the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from supple.clinic.domain import Role
from supple.clinic.login_sessions import LoginRefused
from supple.clinic.members import MemberView, OneTimeAccess
from supple.errors import InvalidInput, SuppleError
from supple.web.clinic_admin import signed_in
from supple.web.clinic_nav import frame
from supple.web.clinic_security import CODE, NEW_PASSWORD, FormPage, _members, _problems, _qr, _security, _show
from supple.web.pages.rendering import render

router = APIRouter(include_in_schema=False)


# -- setting up an account ----------------------------------------------------------------------------


def _setup_page(request: Request, problems: list[str] | None = None) -> Response:
    from supple.web.clinic_access import COOKIE

    found = _security(request).setup_enrolment(request.cookies.get(COOKIE))
    if found is None:
        return _show(request, NO_SETUP, 401 if request.method == "POST" else 200)
    _, enrolment = found
    fields = [NEW_PASSWORD, CODE] if enrolment else [NEW_PASSWORD]
    intro = "Welcome. Choose your own password" + (
        ", and add Supple to your authenticator app (scan the QR code or type the key), then type the code it shows."
        if enrolment
        else "."
    )
    page = FormPage(
        "Set up your account",
        intro,
        "/account/setup",
        fields,
        "Set up",
        problems or [],
        enrolment=enrolment,
        qr_svg=_qr(enrolment.uri) if enrolment else None,
    )
    return _show(request, page, 422 if problems else 200)


NO_SETUP = FormPage(
    "Set up your account",
    "This page is for an account your clinic's admin made for you. First log in with the one-time password "
    "they gave you; you will come back here to choose your own password.",
    "/login",
    [],
    "",
)


@router.get("/account/setup", response_class=HTMLResponse)
def setup_form(request: Request) -> Response:
    return _setup_page(request)


@router.post("/account/setup", response_class=HTMLResponse)
def setup(
    request: Request,
    password: Annotated[str, Form(max_length=1024)],
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    from supple.web.clinic_access import COOKIE

    try:
        done = _security(request).complete_setup(request.cookies.get(COOKIE), password, code)
    except LoginRefused:
        return _show(request, NO_SETUP, 401)
    except InvalidInput as err:
        return _setup_page(request, _problems(err))
    note = "Your account is ready." + (
        " Keep these recovery codes somewhere safe: each one works once, if you lose your phone."
        if done.recovery_codes
        else ""
    )
    response = _show(
        request, FormPage("Your account is ready", "", "/account", [], "", codes=done.recovery_codes, done=note)
    )
    response.set_cookie(COOKIE, done.login.token, path="/", secure=True, httponly=True, samesite="strict")
    return response


# -- the admin's page of accounts ---------------------------------------------------------------------


@dataclass(frozen=True)
class MembersPage:
    members: list[MemberView]
    me: int
    problems: list[str]
    new: OneTimeAccess | None
    email: str = ""
    name: str = ""


def _members_page(request: Request, page: MembersPage, status: int = 200) -> HTMLResponse:
    return render(
        request, "clinic_members.html", frame(request, "Accounts of the clinic", "accounts"), page, status=status
    )


@router.get("/admin/accounts", response_class=HTMLResponse)
def members(request: Request) -> Response:
    me = signed_in(request, Role.ADMIN)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    return _members_page(request, MembersPage(_members(request).of_clinic(me), me.account_id, [], None))


@router.post("/admin/accounts", response_class=HTMLResponse)
def create_member(
    request: Request,
    email: Annotated[str, Form(max_length=300)],
    name: Annotated[str, Form(max_length=200)],
    role: Annotated[Role, Form()],
) -> Response:
    me = signed_in(request, Role.ADMIN)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    service = _members(request)
    try:
        new = service.create(me, email, name, role)
    except SuppleError as err:
        page = MembersPage(service.of_clinic(me), me.account_id, _problems(err), None, email, name)
        return _members_page(request, page, err.http_status)
    return _members_page(request, MembersPage(service.of_clinic(me), me.account_id, [], new), 201)


@router.post("/admin/accounts/{account_id}/{change}", response_class=HTMLResponse)
def change_member(request: Request, account_id: int, change: str) -> Response:
    me = signed_in(request, Role.ADMIN)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    service = _members(request)
    new = None
    if change == "disable":
        service.disable(me, account_id)
    elif change == "enable":
        service.enable(me, account_id)
    elif change == "reset":
        new = service.reset_access(me, account_id)
    else:
        return HTMLResponse("<h1>Not found</h1>", 404)
    if new is None:
        return RedirectResponse("/admin/accounts", status_code=303)
    return _members_page(request, MembersPage(service.of_clinic(me), me.account_id, [], new))
