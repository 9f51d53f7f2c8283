"""Measuring from a photo or video on the web: the upload from a test page, the result with its annotated
picture, and the person's confirmation. The pages; the JSON API is in api.py, the shared upload in uploads.py."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from supple.errors import InvalidInput
from supple.web.camera import measuring
from supple.web.camera.contexts import CAMERA_FIELDS, camera_page
from supple.web.camera.uploads import chosen_file, receive_upload, start_job
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep
from supple.web.pages.forms import FormState, state_with
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()


@router.post("/p/{name}/tests/{test_id}/camera", include_in_schema=False)
async def upload_page(request: Request, app: AppDep, view: UnlockedProfileDep, test_id: str) -> Response:
    """Start the measurement, or show the test page again with each problem next to its upload field."""
    fields: dict[str, str] = {}
    try:
        path, fields = await receive_upload(request)
        job_id = await run_in_threadpool(start_job, request, app, view.name, test_id, chosen_file(path), fields)
    except InvalidInput as err:
        from supple.web.pages.program import _test as test_page_again  # the test page, as after a bad save

        kept = {k: v for k, v in fields.items() if k in ("side", "level", "keep_media")}
        form = state_with({"side": "left"} | kept, err.problems, CAMERA_FIELDS)
        form.labels = {"file": "Photo or video", "side": "Leg", "level": "Phone level"}
        request.state.camera_form = form
        return await run_in_threadpool(test_page_again, request, app, view.name, test_id, FormState(), err.http_status)
    return see_other(profile_url(view.name, "camera", job_id))


@router.get("/p/{name}/camera/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> HTMLResponse:
    job = measuring.get(request, job_id, view.name)
    page = camera_page(app, job)
    return render(request, "camera_result.html", layout(f"Camera: {page.test_name}", view.name, "tests"), page)


@router.get("/p/{name}/camera/{job_id}/image", include_in_schema=False)
def job_image(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> Response:
    jpeg = measuring.image(app, measuring.get(request, job_id, view.name))
    if jpeg is None:
        return Response(status_code=404)
    return Response(jpeg, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.post("/p/{name}/camera/{job_id}/confirm", include_in_schema=False)
def confirm_page(request: Request, app: AppDep, view: UnlockedProfileDep, job_id: str) -> Response:
    job = measuring.get(request, job_id, view.name)
    if not job.measured:
        return see_other(profile_url(view.name, "camera", job.id))
    measuring.confirm(request, app, job)
    return see_other(profile_url(view.name, "tests") + f"?saved={job.test_id}")


@router.post("/p/{name}/camera/{job_id}/discard", include_in_schema=False)
def discard_page(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> Response:
    job = measuring.get(request, job_id, view.name)
    measuring.discard(request, app, job)
    return see_other(profile_url(view.name, "tests", job.test_id))
