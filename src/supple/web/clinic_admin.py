"""Clinic mode's admin pages (issue 17, infrastructure): the access and change log.

Admins only, and only their own clinic's entries. Any other role, or no login, gets what a missing
page gets (deny by default). Installed by ``supple.web.clinic.install_clinic``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from supple.bootstrap import App
from supple.clinic.audit import PAGE_SIZE, AuditFilter, AuditLog, EntryView
from supple.clinic.domain import Role
from supple.clinic.login_sessions import Current
from supple.errors import InvalidInput, NotFound
from supple.web.clinic_nav import frame
from supple.web.pages.rendering import render

router = APIRouter(include_in_schema=False)


def install_admin(api: FastAPI, supple: App) -> None:
    from supple.jobs.queue import jobs_for
    from supple.web import clinic_members, clinic_security
    from supple.web.clinic_events import AlertsOnEvents

    api.state.audit = AuditLog(supple.sessions)
    api.state.jobs = jobs_for(supple, clinic=True)  # Procrastinate on PostgreSQL, in-process on SQLite
    api.add_middleware(AlertsOnEvents)
    api.include_router(router)
    clinic_security.install_security(api, supple)  # confirm it is you, password, e-mail, second factor
    api.include_router(clinic_members.router)  # account setup; the admin's list of accounts


def audit_log(request: Request) -> AuditLog:
    log: AuditLog = request.app.state.audit
    return log


def signed_in(request: Request, *roles: Role) -> Current | None:
    """The signed-in account if it has one of ``roles``; None when nobody is signed in; NotFound for
    another role (the page does not exist for them)."""
    from supple.web.clinic_access import COOKIE

    me = request.app.state.accounts.current(request.cookies.get(COOKIE))
    if me is not None and me.role not in roles:
        raise NotFound("This page is not part of clinic mode.")
    return me if isinstance(me, Current) else None


@dataclass(frozen=True)
class AuditPage:
    entries: list[EntryView]
    actor: int | None
    client: int | None
    action: str
    since: date | None
    until: date | None
    next_url: str | None


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    actor: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    client: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    action: Annotated[str, Query(max_length=64, pattern=r"^[a-z0-9_.-]*$")] = "",
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    me = signed_in(request, Role.ADMIN)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    where = AuditFilter(
        actor_id=actor,
        client_id=client,
        action=action or None,
        since=datetime.combine(since, time()) if since else None,
        until=datetime.combine(until, time()) + timedelta(days=1) if until else None,  # the whole day
        before_id=before,
    )
    entries = audit_log(request).entries(me.clinic_id, where)
    next_url = None
    if len(entries) == PAGE_SIZE:
        kept = {"actor": actor, "client": client, "action": action, "since": since, "until": until}
        query = {k: v for k, v in kept.items() if v} | {"before": entries[-1].id}
        next_url = "/admin/audit?" + urlencode(query)
    page = AuditPage(entries, actor, client, action, since, until, next_url)
    return render(request, "clinic_audit.html", frame(request, "Access and change log", "audit"), page)


# -- per-client export and erasure ---------------------------------------------------------------------


@router.get("/admin/clients/{client_id}/export")
def export_client(request: Request, client_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    from supple.clinic.client_data import export_client as export
    from supple.services.export import to_json

    me = signed_in(request, Role.ADMIN)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    doc = export(request.app.state.supple, me, client_id)
    headers = {"Content-Disposition": f'attachment; filename="supple-client-{client_id}.json"'}
    return Response(to_json(doc), media_type="application/json", headers=headers)


@dataclass(frozen=True)
class ErasePage:
    client_id: int
    problems: list[str]
    erased_files: int | None = None


def _erase_page(request: Request, page: ErasePage, status: int = 200) -> HTMLResponse:
    return render(request, "clinic_erase.html", frame(request, "Erase a client", "clients"), page, status=status)


@router.get("/admin/clients/{client_id}/erase", response_class=HTMLResponse)
def erase_form(request: Request, client_id: Annotated[int, Path(ge=1, le=2**31 - 1)]) -> Response:
    if signed_in(request, Role.ADMIN) is None:
        return RedirectResponse("/login", status_code=303)
    return _erase_page(request, ErasePage(client_id, []))


@router.post("/admin/clients/{client_id}/erase", response_class=HTMLResponse)
def erase(
    request: Request, client_id: Annotated[int, Path(ge=1, le=2**31 - 1)], confirm: Annotated[str, Form(max_length=300)]
) -> Response:
    from supple.clinic.client_data import erase_client
    from supple.problems import message

    me = signed_in(request, Role.ADMIN)
    if me is None:
        return RedirectResponse("/login", status_code=303)
    supple: App = request.app.state.supple
    try:
        done = erase_client(supple, me, client_id, confirm, supple.settings.data_dir)
    except InvalidInput as err:
        return _erase_page(request, ErasePage(client_id, [message(p) for p in err.problems]), 422)
    return _erase_page(request, ErasePage(client_id, [], done.files))
