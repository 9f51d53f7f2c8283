"""The progress report as PDF, made by a background job (issue 17) through the app's job interface:
Procrastinate workers in clinic mode (a PDF takes a web process's CPU for a second or more), the home
mode's in-process runner otherwise. The person asks for it (a form, so a link preview or a prefetch
makes nothing), sees its progress, then downloads it; the file waits in the media folder for an hour.

Pages: ``POST /p/{name}/report/pdf`` then ``GET /p/{name}/report/pdf/{job_id}``. The same in the API:
``POST /api/v1/profiles/{name}/report-jobs``, its status, and the file. The immediate
``GET /api/v1/profiles/{name}/report.pdf`` stays for scripts.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from supple.bootstrap import App
from supple.errors import NotFound
from supple.jobs.kinds import REPORT_PDF, remove_files
from supple.jobs.store import JobView
from supple.services.export import file_stem
from supple.web.api.common import PROBLEMS
from supple.web.api.records import attachment, unicode_stem
from supple.web.deps import AppDep, ProfileDep
from supple.web.jobs import app_jobs
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()

FILE_TTL = 3600.0  # seconds a made PDF waits to be downloaded
GONE = "This report is no longer available (it is kept for an hour). Please make it again."


def _api(name: str, *parts: str) -> str:
    return profile_url(name, *parts).replace("/p/", "/api/v1/profiles/", 1)


def submit(request: Request, app: App, name: str) -> str:
    jobs = app_jobs(request)
    for old in jobs.store.remove_older(REPORT_PDF, FILE_TTL):
        remove_files(app.settings.data_dir, old.result)
    return jobs.submit(REPORT_PDF, {"profile": name}, owner=name)


def _job(request: Request, name: str, job_id: str) -> JobView:
    view = app_jobs(request).get(job_id) if len(job_id) <= 64 else None
    if view is None or view.kind != REPORT_PDF or view.owner != name:
        raise NotFound(GONE)
    return view


def _fraction(view: JobView) -> float:
    if view.finished:
        return 1.0
    return view.done / view.total if view.total else 0.0


@dataclass(frozen=True)
class ReportJobPage:
    name: str
    status: str
    percent: int
    status_url: str
    file_url: str | None
    file_name: str
    problems: list[str]
    again_url: str
    records_url: str

    @property
    def running(self) -> bool:
        return self.status in ("queued", "running")


@router.post("/p/{name}/report/pdf", include_in_schema=False)
def make_pdf_page(request: Request, app: AppDep, view: ProfileDep) -> Response:
    return see_other(profile_url(view.name, "report", "pdf", submit(request, app, view.name)))


@router.get("/p/{name}/report/pdf/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def pdf_page(request: Request, view: ProfileDep, job_id: str) -> HTMLResponse:
    job = _job(request, view.name, job_id)
    problems = [str(p) for p in (job.result or {}).get("problems", [])] if job.status == "failed" else []
    page = ReportJobPage(
        view.name,
        job.status,
        round(_fraction(job) * 100),
        _api(view.name, "report-jobs", job.key),
        _api(view.name, "report-jobs", job.key, "report.pdf") if job.status == "done" else None,
        f"{file_stem(view.name)}-report.pdf",
        [p[:1].upper() + p[1:] for p in problems],
        profile_url(view.name, "report", "pdf"),
        profile_url(view.name, "records"),
    )
    return render(request, "report_job.html", layout("Your report as PDF", view.name, "progress"), page)


class ReportJobOut(BaseModel):
    id: str
    status: str
    progress: float
    status_url: str
    file_url: str | None = None
    problems: list[str] = []


def _out(name: str, job: JobView) -> ReportJobOut:
    done = job.status == "done"
    return ReportJobOut(
        id=job.key,
        status=job.status,
        progress=round(_fraction(job), 3),
        status_url=_api(name, "report-jobs", job.key),
        file_url=_api(name, "report-jobs", job.key, "report.pdf") if done else None,
        problems=[str(p) for p in (job.result or {}).get("problems", [])] if job.status == "failed" else [],
    )


API = "/api/v1/profiles/{name}/report-jobs"


@router.post(
    API,
    tags=["records"],
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ReportJobOut,
    responses=PROBLEMS,
    summary="Make the progress report as PDF in the background; returns a job to poll",
)
def make_pdf_api(request: Request, app: AppDep, view: ProfileDep) -> ReportJobOut:
    key = submit(request, app, view.name)
    return _out(view.name, _job(request, view.name, key))


@router.get(
    API + "/{job_id}",
    tags=["records"],
    response_model=ReportJobOut,
    responses=PROBLEMS,
    summary="Status of a PDF report job, with the file's address once it is made",
)
def pdf_job_api(request: Request, view: ProfileDep, job_id: str) -> ReportJobOut:
    return _out(view.name, _job(request, view.name, job_id))


@router.get(
    API + "/{job_id}/report.pdf",
    tags=["records"],
    response_model=None,
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "a PDF file"}, **PROBLEMS},
    summary="The PDF a report job made (kept for an hour)",
)
def pdf_file(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> Response:
    job = _job(request, view.name, job_id)
    made = (job.result or {}).get("pdf") if job.status == "done" else None
    path = app.settings.data_dir / str(made) if made else None
    if path is None or not path.is_file():
        raise NotFound(GONE if job.finished else "The report is still being made; wait until it is ready.")
    return attachment(
        path.read_bytes(),
        "application/pdf",
        f"{file_stem(view.name)}-report.pdf",
        f"{unicode_stem(view.name)}-report.pdf",
    )
