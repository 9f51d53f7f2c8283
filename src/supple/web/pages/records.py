"""Pages: the person's records — the printable report, downloads (JSON, zip, FHIR), the calendar
with its secret subscription address, and importing an export as a new profile."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from supple.errors import Conflict, InvalidInput
from supple.problems import Problem
from supple.services import calendar
from supple.services.calendar import FEED_PATH
from supple.services.export import file_stem
from supple.services.import_ import MAX_BYTES, import_profile
from supple.services.import_words import refusal_lines
from supple.web.deps import AppDep, ProfileDep
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()

API = "/api/v1/profiles/"


@dataclass(frozen=True)
class RecordsPage:
    name: str
    report_url: str
    pdf_url: str
    json_url: str
    zip_url: str
    fhir_url: str
    calendar_url: str
    feed_url: str | None  # the full subscription address, once made
    feed_form: str
    file_stem: str


@dataclass(frozen=True)
class ImportPage:
    problems: list[str]
    new_name: str


def _api(name: str, what: str) -> str:
    return profile_url(name).replace("/p/", API, 1) + "/" + what


@router.get("/p/{name}/records", response_class=HTMLResponse)
def records_page(request: Request, app: AppDep, view: ProfileDep) -> HTMLResponse:
    feed = calendar.existing_token(app, view.name)
    lan = getattr(request.app.state, "lan", None)  # LAN mode: the address Supple serves, not the Host header
    base = lan.phone_url.rstrip("/") if lan is not None else str(request.base_url).rstrip("/")
    page = RecordsPage(
        view.name,
        profile_url(view.name, "report"),
        profile_url(view.name, "report", "pdf"),  # a background job: web/report_jobs.py
        _api(view.name, "export"),
        _api(view.name, "export.zip"),
        _api(view.name, "fhir"),
        _api(view.name, "calendar.ics"),
        base + FEED_PATH.format(token=feed.token) if feed else None,
        profile_url(view.name, "calendar-feed"),
        file_stem(view.name),
    )
    return render(request, "records.html", layout("Your records", view.name, "progress"), page)


@router.post("/p/{name}/calendar-feed")
def new_feed(app: AppDep, view: ProfileDep) -> Response:
    calendar.rotate_token(app, view.name)
    return see_other(profile_url(view.name, "records") + "#calendar")


@router.get("/p/{name}/report", response_class=HTMLResponse)
def report_page(app: AppDep, name: str) -> HTMLResponse:
    from supple.report.document import Links, render_html

    links = Links(profile_url(name, "report.pdf"), profile_url(name, "records"))
    return HTMLResponse(render_html(app, name, "link", links=links))


@router.get("/static/report.css", include_in_schema=False)
def report_stylesheet() -> Response:
    """The report's stylesheet lives with the report (supple.report); the browser gets it with the others."""
    css = (resources.files("supple.report") / "report.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css; charset=utf-8")


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> HTMLResponse:
    return render(request, "import.html", layout("Bring in a profile"), ImportPage([], ""))


@router.post("/import", response_class=HTMLResponse)
async def import_upload(request: Request, app: AppDep) -> Response:
    async with request.form(max_part_size=MAX_BYTES + 1) as form:
        upload = form.get("file")
        new_name = str(form.get("name") or "").strip()
        raw = await upload.read() if isinstance(upload, UploadFile) else b""
    page = ImportPage([], new_name)
    try:
        if not raw:
            raise InvalidInput([Problem.saying("file", "please choose the export file (.json or .zip)")])
        result = await run_in_threadpool(import_profile, app, raw, new_name or None)
    except InvalidInput as err:
        page = ImportPage(refusal_lines(err.problems), new_name)
        return render(request, "import.html", layout("Bring in a profile"), page, status=422)
    except Conflict as err:
        page = ImportPage([err.message], new_name)
        return render(request, "import.html", layout("Bring in a profile"), page, status=409)
    return see_other(profile_url(result.name))
