"""The walk test (issue 16 §3): record a walk with the phone at the lower back, or import a file from
phyphox / Sensor Logger / a CSV; the result page; the JSON API the recorder uploads to.

An imported file and the recorder's upload are analysed by a job (``web.walk_jobs``: a worker in clinic
mode, the in-process runner at home) while the page shows the progress; the person then saves the walk
or discards it (the recorder saves it as soon as it is analysed). The JSON API is ``web.walk_api``.
Files are dropped once analysed: only the numbers are stored. A refused file stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from supple.errors import InvalidInput
from supple.problems import Limits, Problem
from supple.services import walks
from supple.services.inputs import WalkingPlanIn, WalkLogIn, parse
from supple.web import walk_jobs
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep
from supple.web.pages.forms import FormState, state_with
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()
PLACEMENTS = {"lower-back": "In a belt or clip at the lower back", "pocket": "In a trouser pocket"}
SOURCES = ("browser", "phyphox", "sensor-logger", "csv")
IMPORT_FIELDS = ("file", "placement")


_limit = walk_jobs.limit


@dataclass(frozen=True)
class WalkPage:
    name: str
    summary: walks.WalkSummary
    upload_url: str
    import_url: str
    timer_scale: float
    placements: dict[str, str]
    max_mb: int
    walking: Any = None  # services.walking.WalkingView or None
    walking_url: str = ""

    @property
    def data(self) -> dict[str, Any]:
        return {"upload": self.upload_url, "timer_scale": self.timer_scale, "name": self.name}


@dataclass(frozen=True)
class WalkResultPage:
    name: str
    walk: walks.WalkView
    trend: walks.Trend | None
    mdc_g: float
    back_url: str
    lesson: Any = None  # the education text walking-impact
    save_url: str = ""  # set while the walk an import job found waits to be saved
    discard_url: str = ""

    @property
    def impact_range(self) -> tuple[float, float] | None:
        v = self.walk.step_impacts
        return (min(v), max(v)) if v else None


@dataclass(frozen=True)
class WalkProgress:
    """The walking lines of the progress page and the report."""

    count: int
    latest: walks.WalkView | None
    trend: walks.Trend | None
    mdc_g: float
    url: str
    daily: tuple[tuple[Any, float], ...]


def walk_progress_for(app: Any, name: str) -> WalkProgress:
    s = walks.summary(app, name)
    latest = s.walks[-1] if s.walks else None
    return WalkProgress(len(s.walks), latest, s.trend, s.mdc_g, profile_url(name, "walk"), s.daily_weighted_steps)


def walk_progress(request: Request, name: str | None) -> WalkProgress | None:
    """Jinja global for progress.html (one include line there)."""
    if not name:
        return None
    return walk_progress_for(request.app.state.supple, name)


def walking_target(request: Request, name: str | None) -> tuple[Any, str] | None:
    """Jinja global for routine.html: the walking target (or None) and the walk page's address."""
    from supple.services import walking

    if not name:
        return None
    return walking.current(request.app.state.supple, name), profile_url(name, "walk") + "#walking"


def template_globals() -> dict[str, Any]:
    """The walking lines of the progress page and the walking target of the routine page."""
    return {"walk_progress": walk_progress, "walking_target": walking_target}


WALKING_FIELDS = ("manages_minutes", "manages_days", "minutes", "steps", "with_session")


def _page(request: Request, app: Any, name: str, form: FormState, status: int = 200) -> HTMLResponse:
    from supple.services import walking

    page = WalkPage(
        name,
        walks.summary(app, name),
        f"/api/v1/profiles/{name}/walks?placement=lower-back&source=browser",  # + &client_id=, made per walk
        profile_url(name, "walk", "import"),
        app.settings.timer_scale,
        PLACEMENTS,
        _limit() // 2**20,
        walking.current(app, name),
        profile_url(name, "walking"),
    )
    form.labels = {"file": "Recording file", "placement": "Where the phone was", "manages_minutes": "Minutes",
                   "manages_days": "Days a week", "minutes": "Minutes walked", "steps": "Steps"}  # fmt: skip
    return render(request, "walk.html", layout("Walk test", name, "progress"), page, form=form, status=status)


@router.get("/p/{name}/walk", response_class=HTMLResponse, include_in_schema=False)
def walk_page(request: Request, app: AppDep, view: UnlockedProfileDep) -> HTMLResponse:
    return _page(request, app, view.name, FormState(values={"placement": "lower-back"}))


@router.post("/p/{name}/walk/import", response_class=HTMLResponse, include_in_schema=False)
async def walk_import(request: Request, app: AppDep, view: UnlockedProfileDep) -> Response:
    """Start the analysis as a job and show its progress, or the walk page again with the problem."""
    fields: dict[str, str] = {}
    try:
        upload = await walk_jobs.receive(request)
        fields = upload.fields
        job_id = await run_in_threadpool(walk_jobs.start, request, app, view.name, upload)
    except InvalidInput as err:
        form = state_with({"placement": fields.get("placement", "lower-back")}, err.problems, IMPORT_FIELDS)
        return _page(request, app, view.name, form, status=err.http_status)
    return see_other(profile_url(view.name, "walk", "job", job_id))


@dataclass(frozen=True)
class WalkJobPage:
    name: str
    job: walk_jobs.WalkJob
    status_url: str
    retry_url: str

    @property
    def percent(self) -> int:
        return round(self.job.fraction * 100)


@router.get("/p/{name}/walk/job/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def walk_job_page(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> Response:
    """The import's progress (it updates by itself), what went wrong, or the walk found with Save / Discard
    (once saved: the stored walk's page)."""
    job = walk_jobs.get(request, job_id, view.name)
    if job.saved_walk is not None:
        return see_other(profile_url(view.name, "walk", str(job.saved_walk)))
    found = job.walk
    if found is None:
        status_url = f"/api/v1/profiles/{view.name}/walk-jobs/{job.id}"
        page = WalkJobPage(view.name, job, status_url, profile_url(view.name, "walk") + "#import")
        return render(request, "walk_job.html", layout("Walk test", view.name, "progress"), page)
    here = profile_url(view.name, "walk", "job", job.id)
    lesson = app.catalogue.education.get("walking-impact")
    mdc = walks.summary(app, view.name).mdc_g
    result = WalkResultPage(view.name, found, None, mdc, profile_url(view.name, "walk"), lesson, f"{here}/save",
                            f"{here}/discard")  # fmt: skip
    return render(request, "walk_result.html", layout("Walk result", view.name, "progress"), result)


@router.post("/p/{name}/walk/job/{job_id}/save", include_in_schema=False)
def walk_job_save(request: Request, app: AppDep, view: UnlockedProfileDep, job_id: str) -> Response:
    job = walk_jobs.get(request, job_id, view.name)
    if job.walk is None and job.saved_walk is None:
        return see_other(profile_url(view.name, "walk", "job", job.id))
    stored, _ = walk_jobs.save(request, app, job)
    return see_other(profile_url(view.name, "walk", str(stored.id)))


@router.post("/p/{name}/walk/job/{job_id}/discard", include_in_schema=False)
def walk_job_discard(request: Request, view: UnlockedProfileDep, job_id: str) -> Response:
    walk_jobs.discard(request, walk_jobs.get(request, job_id, view.name))
    return see_other(profile_url(view.name, "walk") + "#import")


@router.post("/p/{name}/walking/{action}", response_class=HTMLResponse, include_in_schema=False)
async def walking_form(request: Request, app: AppDep, view: UnlockedProfileDep, action: str) -> Response:
    """Start the walking target (``start``) or log minutes walked (``log``) from the walk page."""
    from supple.services import walking

    form = await request.form(max_files=0, max_fields=10)
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    data: dict[str, Any] = {k: v for k, v in values.items() if v}
    try:
        if action == "start":
            plan = parse(WalkingPlanIn, {k: v for k, v in data.items() if k in WalkingPlanIn.model_fields})
            await run_in_threadpool(walking.set_plan, app, view.name, plan)
        elif action == "log":
            data["with_session"] = values.get("with_session") == "yes"
            walked = parse(WalkLogIn, {k: v for k, v in data.items() if k in WalkLogIn.model_fields})
            await run_in_threadpool(walking.log, app, view.name, walked)
        else:
            raise InvalidInput(
                [Problem.saying("action", f"'{action}' is not a walking action", limits=Limits(text="start or log"))]
            )
    except InvalidInput as err:
        return _page(request, app, view.name, state_with(values, err.problems, WALKING_FIELDS), status=422)
    return see_other(profile_url(view.name, "walk") + "#walking")


@router.get("/p/{name}/walk/{walk_id}", response_class=HTMLResponse, include_in_schema=False)
def walk_result(request: Request, app: AppDep, view: ProfileDep, walk_id: int) -> HTMLResponse:
    walk = walks.get(app, view.name, walk_id)
    summary = walks.summary(app, view.name)
    trend = summary.trend if summary.trend is not None and summary.trend.latest.id == walk.id else None
    lesson = app.catalogue.education.get("walking-impact")
    page = WalkResultPage(view.name, walk, trend, summary.mdc_g, profile_url(view.name, "walk"), lesson)
    return render(request, "walk_result.html", layout("Walk result", view.name, "progress"), page)
