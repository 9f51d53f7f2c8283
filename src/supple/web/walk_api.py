"""The walk JSON API (issue 16 §3): a recording posted as the body becomes a ``walk-analysis`` job
(``web.walk_jobs``), answered at once with 202 and the job's address; the job is polled, then its walk
saved (once) or discarded. The walk test page's recorder uses the same routes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from supple.services import walks
from supple.web import walk_jobs
from supple.web.api.common import PROBLEMS
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep
from supple.web.pages.rendering import profile_url

router = APIRouter()
API_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **PROBLEMS,
    413: PROBLEMS[422] | {"description": "The recording is larger than 50 MB (limits.max_bytes of rules/gait.yaml)"},
}
UPLOAD_PROBLEMS = API_PROBLEMS | {
    503: PROBLEMS[422] | {"description": "The server is stopping: nothing was analysed; send it again once it runs"},
}


class WalkOut(BaseModel):
    """One walk recording's numbers (seconds, samples per second, steps, g of the vertical impact)."""

    id: int = Field(description="0 while the walk waits to be saved")
    recorded_at: str = Field(description="ISO 8601, to the second")
    source: str
    placement: str = Field(description="lower-back or pocket")
    seconds: float
    rate_hz: float
    steps: int
    bouts: int
    walking_s: float
    cadence: float | None = Field(description="steps per minute")
    impact_g: float | None
    matched_impact_g: float | None = Field(description="impact at the reference cadence of 110 steps per minute")
    side_ratio: float | None
    weighted_steps: float | None
    no_impact_reason: str | None
    step_impacts: list[float]
    no_impact_explanation: str | None


class StoredWalkOut(WalkOut):
    url: str = Field(description="the walk's result page")


class TrendOut(BaseModel):
    change_g: float = Field(description="cadence-matched impact, latest minus first, in g")
    mdc_g: float
    real_change: bool


class DailyStepsOut(BaseModel):
    date: str
    g_steps: float


class WalksOut(BaseModel):
    walks: list[WalkOut]
    trend: TrendOut | None
    daily_weighted_steps: list[DailyStepsOut]
    mdc_g: float


class JobProblemOut(BaseModel):
    message: str
    allowed: str | None = Field(description="what is allowed, when something can be said")


class WalkJobOut(BaseModel):
    """A walk recording being analysed (a job): poll it until it is done (then save or discard the walk),
    failed, or saved."""

    id: str
    status: str = Field(description="queued, running, done, failed or saved")
    progress: float = Field(description="0 to 1")
    page_url: str = Field(description="the recording's page: progress, then the walk found, to save or discard")
    save_url: str = Field(description="POST here to store the walk once it is done (again: the same walk)")
    problems: list[str] = Field(description="why the file was refused, when failed")
    errors: list[JobProblemOut] = Field(description="the same problems, each with what is allowed")
    walk: WalkOut | None = Field(description="the walk found (not stored yet), when done")
    walk_url: str | None = Field(description="the stored walk's page, once saved")


def job_out(name: str, job: walk_jobs.WalkJob) -> WalkJobOut:
    found = job.walk
    saved = None if job.saved_walk is None else profile_url(name, "walk", str(job.saved_walk))
    return WalkJobOut(
        id=job.id,
        status=job.status,
        progress=round(job.fraction, 3),
        page_url=profile_url(name, "walk", "job", job.id),
        save_url=f"/api/v1/profiles/{name}/walk-jobs/{job.id}/save",
        problems=job.problems,
        errors=[JobProblemOut(message=m, allowed=a or None) for m, a in zip(job.problems, job.allowed, strict=True)],
        walk=None if found is None else WalkOut(**found.as_dict()),
        walk_url=saved,
    )


@router.post(
    "/api/v1/profiles/{name}/walks",
    tags=["walking"],
    status_code=status.HTTP_202_ACCEPTED,
    response_model=WalkJobOut,
    responses=UPLOAD_PROBLEMS,
    summary="Send a walk recording to be analysed (the file itself is the body: CSV or zip); returns a job",
    description="phyphox CSV/zip, Sensor Logger zip/CSV, or a CSV with columns t,x,y,z (s; m/s² or g), at most "
    "50 MB (413 past it). The answer is 202 with the job's address in `Location`: poll it until `done`, then "
    "POST its `save_url` to store the walk. With `client_id` (8-64 letters, digits, - or _; the walk test page "
    "makes one per recording), sending the same recording again answers with the same job, so it is analysed "
    "and stored once. What only reading the file shows (too short, no walking, unknown columns…) is the job's "
    "`failed` status with its problems; nothing is stored.",
    openapi_extra={"requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def api_walk_upload(
    request: Request,
    app: AppDep,
    view: UnlockedProfileDep,
    placement: Annotated[str, Query(description="lower-back or pocket", max_length=20)] = "lower-back",
    source: Annotated[str | None, Query(description="browser when sent by the walk test page", max_length=20)] = None,
    client_id: Annotated[
        str | None, Query(description="the sender's own id of this recording (idempotency key)", max_length=64)
    ] = None,
) -> JSONResponse:
    upload = await walk_jobs.receive_body(request)
    job_id = await run_in_threadpool(
        walk_jobs.start, request, app, view.name, upload, placement=placement,
        source="browser" if source == "browser" else None, client_id=client_id,
    )  # fmt: skip
    out = job_out(view.name, walk_jobs.get(request, job_id, view.name))
    location = f"/api/v1/profiles/{view.name}/walk-jobs/{job_id}"
    return JSONResponse(out.model_dump(), status_code=202, headers={"Location": location})


@router.get(
    "/api/v1/profiles/{name}/walk-jobs/{job_id}",
    tags=["walking"],
    response_model=WalkJobOut,
    responses=API_PROBLEMS,
    summary="Status of a walk recording's analysis; the walk found once done",
)
def api_walk_job(request: Request, view: ProfileDep, job_id: str) -> WalkJobOut:
    return job_out(view.name, walk_jobs.get(request, job_id, view.name))


@router.post(
    "/api/v1/profiles/{name}/walk-jobs/{job_id}/save",
    tags=["walking"],
    status_code=status.HTTP_201_CREATED,
    response_model=StoredWalkOut,
    responses=API_PROBLEMS | {200: {"model": StoredWalkOut, "description": "Saved before: the same walk"}},
    summary="Store the walk a finished job found (once: saving again answers 200 with the same walk)",
)
async def api_walk_job_save(request: Request, app: AppDep, view: UnlockedProfileDep, job_id: str) -> JSONResponse:
    job = walk_jobs.get(request, job_id, view.name)
    stored, new = await run_in_threadpool(walk_jobs.save, request, app, job)
    out = stored.as_dict() | {"url": profile_url(view.name, "walk", str(stored.id))}
    return JSONResponse(out, status_code=201 if new else 200)


class DiscardedJobOut(BaseModel):
    id: str = Field(description="the walk job that was discarded with its recording")
    discarded: bool = True


@router.delete(
    "/api/v1/profiles/{name}/walk-jobs/{job_id}",
    tags=["walking"],
    response_model=DiscardedJobOut,
    responses=API_PROBLEMS,
    summary="Discard a walk recording's job and what it found (a saved walk stays)",
)
def api_walk_job_discard(request: Request, view: UnlockedProfileDep, job_id: str) -> DiscardedJobOut:
    walk_jobs.discard(request, walk_jobs.get(request, job_id, view.name))
    return DiscardedJobOut(id=job_id)


@router.get(
    "/api/v1/profiles/{name}/walks",
    tags=["walking"],
    summary="Every walk recording with the trend",
    response_model=WalksOut,
    responses=API_PROBLEMS,
)
def api_walks(app: AppDep, name: str) -> JSONResponse:
    s = walks.summary(app, name)
    trend = None
    if s.trend is not None:
        trend = {"change_g": round(s.trend.change_g, 3), "mdc_g": s.mdc_g, "real_change": s.trend.real}
    # The schema documents the body; the body itself is written as before (numbers as stored).
    return JSONResponse(
        {
            "walks": [w.as_dict() for w in s.walks],
            "trend": trend,
            "daily_weighted_steps": [
                {"date": d.isoformat(), "g_steps": round(v, 1)} for d, v in s.daily_weighted_steps
            ],
            "mdc_g": s.mdc_g,
        }
    )
