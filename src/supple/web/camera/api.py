"""Measuring from a photo or video: the JSON API (upload, job status, confirm). The upload handling and
the jobs (``measuring``, through the app's job interface) are shared with the pages in ``pages.py``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from supple.bootstrap import App
from supple.services import measure
from supple.web.api.common import PROBLEMS
from supple.web.camera import measuring
from supple.web.camera.contexts import status_url
from supple.web.camera.measuring import CameraJob, JobStatus
from supple.web.camera.uploads import chosen_file, receive_upload, start_job
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep, guard
from supple.web.pages.rendering import profile_url
from supple.web.problems import FieldProblem

router = APIRouter()


class IssueOut(BaseModel):
    code: str
    advice: str


class CameraResultOut(BaseModel):
    ok: bool
    values: dict[str, float]
    unit: str = "deg"
    confidence: float
    frame: int | None
    frames_averaged: tuple[int, int] | None
    time_s: float | None
    spread_deg: float | None
    issues: list[IssueOut]
    notes: list[str]
    image_url: str


class JobOut(BaseModel):
    id: str
    status: JobStatus
    progress: float
    frames_done: int
    frames_total: int
    test: str
    side: str
    status_url: str
    page_url: str
    result: CameraResultOut | None = None
    problems: list[FieldProblem] = []


def job_out(app: App, job: CameraJob) -> JobOut:
    a = measuring.analysis(app, job)
    result = None
    if a is not None:
        result = CameraResultOut(
            ok=a.ok,
            values={m: round(v, 1) for m, v in a.values.items()},
            confidence=round(a.confidence, 3),
            frame=a.frame,
            frames_averaged=a.frames_averaged,
            time_s=a.time_s,
            spread_deg=a.spread_deg,
            issues=[IssueOut(code=i.code, advice=i.advice) for i in a.issues],
            notes=a.notes,
            image_url=profile_url(job.profile, "camera", job.id, "image"),
        )
    return JobOut(
        id=job.id,
        status=job.status,
        progress=round(job.fraction, 3),
        frames_done=job.done,
        frames_total=job.total,
        test=job.test_id,
        side=job.side,
        status_url=status_url(job),
        page_url=profile_url(job.profile, "camera", job.id),
        result=result,
        problems=[FieldProblem.of(p) for p in job.problems],
    )


API = "/api/v1"
API_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **PROBLEMS,
    413: PROBLEMS[422] | {"description": "The file is too large"},
}


@router.post(
    f"{API}/profiles/{{name}}/camera/{{test_id}}",
    tags=["camera"],
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobOut,
    responses=API_PROBLEMS,
    summary="Measure a test from a photo or video (multipart: file, side, optional level, keep_media); "
    "returns a job to poll",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file", "side"],
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": "photo or video, at most 200 MB",
                            },
                            "side": {"type": "string", "enum": ["left", "right"]},
                            "level": {
                                "type": "number",
                                "minimum": -90,
                                "maximum": 90,
                                "description": "phone level, degrees",
                            },
                            "keep_media": {
                                "type": "string",
                                "enum": ["yes", "no"],
                                "description": "keep the file after analysis",
                            },
                        },
                    }
                }
            },
        }
    },
)
async def upload_api(request: Request, app: AppDep, view: UnlockedProfileDep, test_id: str) -> JobOut:
    path, fields = await receive_upload(request)
    job_id = await run_in_threadpool(start_job, request, app, view.name, test_id, chosen_file(path), fields)
    return job_out(app, measuring.get(request, job_id, view.name))


@router.get(
    f"{API}/camera/jobs/{{job_id}}",
    tags=["camera"],
    response_model=JobOut,
    responses=API_PROBLEMS,
    summary="Status, progress and result of a measuring job (home mode; see the profile's own address)",
)
def job_api(request: Request, app: AppDep, job_id: str) -> JobOut:
    return job_out(app, measuring.get(request, job_id))


@router.get(
    f"{API}/profiles/{{name}}/camera/jobs/{{job_id}}",
    tags=["camera"],
    response_model=JobOut,
    responses=API_PROBLEMS,
    summary="Status, progress and result of one of this profile's measuring jobs",
)
def profile_job_api(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> JobOut:
    return job_out(app, measuring.get(request, job_id, view.name))


class ConfirmedOut(BaseModel):
    assessment_id: int
    test: str
    side: str
    values: dict[str, float]
    method: str = "camera"
    still_kept: bool


@router.post(
    f"{API}/camera/jobs/{{job_id}}/confirm",
    tags=["camera"],
    status_code=status.HTTP_201_CREATED,
    response_model=ConfirmedOut,
    responses=API_PROBLEMS,
    summary="Record a finished measurement as a test result with method 'camera'",
)
def confirm_api(request: Request, app: AppDep, job_id: str) -> ConfirmedOut:
    job = measuring.get(request, job_id)
    guard(app, job.profile)
    return _confirmed(measuring.confirm(request, app, job))


@router.post(
    f"{API}/profiles/{{name}}/camera/jobs/{{job_id}}/confirm",
    tags=["camera"],
    status_code=status.HTTP_201_CREATED,
    response_model=ConfirmedOut,
    responses=API_PROBLEMS,
    summary="Record one of this profile's finished measurements as a test result with method 'camera'",
)
def profile_confirm_api(request: Request, app: AppDep, view: UnlockedProfileDep, job_id: str) -> ConfirmedOut:
    return _confirmed(measuring.confirm(request, app, measuring.get(request, job_id, view.name)))


def _confirmed(done: measure.Confirmed) -> ConfirmedOut:
    return ConfirmedOut(
        assessment_id=done.assessment_id,
        test=done.test_id,
        side=done.side,
        values=done.values,
        still_kept=done.still is not None,
    )
