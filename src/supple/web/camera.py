"""Measuring from a photo or video on the web: upload on a test page, a background job with progress,
the result with its annotated picture, and the person's confirmation. The pages; the JSON API is in camera_api.py.

Uploads are streamed to a private temporary folder with a size limit, checked (type, size, duration,
readable) before a job starts, analysed on this machine and deleted after analysis unless the person
asked to keep them.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from supple.bootstrap import App
from supple.domain.pose_measures import CAMERA_TESTS
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem
from supple.services import measure, profiles
from supple.services.measure_jobs import Job, JobRunner, JobStatus
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep
from supple.web.pages.access import guard
from supple.web.pages.forms import FormState, state_with
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()
_runner_lock = threading.Lock()
CHUNK = 1024 * 1024
SUFFIXES = {"photo": ".img", "video": ".video"}


class TooLarge(InvalidInput):
    http_status = 413


def runner(request: Request) -> JobRunner:
    """One job runner per web app, made on first use."""
    state = request.app.state
    with _runner_lock:
        if getattr(state, "camera_jobs", None) is None:
            state.camera_jobs = JobRunner(state.supple)
        jobs: JobRunner = state.camera_jobs
    return jobs


# --- the upload box on a test page (a Jinja global so test.html needs one include line) -----------


CAMERA_FIELDS = ("file", "side", "level")  # the upload form's fields that show their own problems


@dataclass(frozen=True)
class CameraBox:
    action: str
    what: str
    max_mb: int
    max_seconds: int
    form: FormState  # what was sent and each problem by field, after a refused upload (else empty)


def camera_box(profile: str, test_id: str, request: Request | None = None) -> CameraBox | None:
    from supple.vision.media import MAX_BYTES, MAX_SECONDS

    test = CAMERA_TESTS.get(test_id)
    if test is None:
        return None
    sent = getattr(request.state, "camera_form", None) if request is not None else None
    form = sent if isinstance(sent, FormState) else FormState(values={"side": "left"})
    action = profile_url(profile, "tests", test_id, "camera") + "#camera"  # back at this box after a refusal
    return CameraBox(action, test.what, MAX_BYTES // 2**20, int(MAX_SECONDS), form)


def template_globals() -> dict[str, Any]:
    """The upload box for the test page (the app factory puts it in this app's templates)."""
    return {"camera_box": camera_box}


# --- receiving an upload ----------------------------------------------------------------------------


async def receive_upload(request: Request) -> tuple[Path | None, dict[str, str]]:
    """Stream the posted file to a private temp folder (refusing it past the size limit) and read the fields."""
    from supple.vision.media import MAX_BYTES

    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BYTES + CHUNK:
        raise TooLarge(
            [
                Problem.saying(
                    "file", f"the upload is {int(length) / 2**20:.0f} MB, too large", limits=Limits(max=200, unit="MB")
                )
            ],
            "The file was not measured",
        )
    form = await request.form(max_files=2, max_fields=20)
    fields = {k: v.strip() for k, v in form.multi_items() if isinstance(v, str)}
    # "capture" is the phone-camera input, "file" the file chooser; whichever was used
    chosen = [v for k, v in form.multi_items() if k in ("capture", "file") and isinstance(v, UploadFile) and v.filename]
    upload = chosen[0] if chosen else None
    if upload is None:
        await form.close()
        return None, fields
    folder = Path(tempfile.mkdtemp(prefix="supple-upload-"))
    target = folder / "upload"
    size = 0
    try:
        with open(target, "wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise TooLarge(
                        [Problem.saying("file", "the file is larger than 200 MB", limits=Limits(max=200, unit="MB"))],
                        "The file was not measured",
                    )
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        await form.close()
    return target, fields


def chosen_file(path: Path | None) -> Path:
    if path is None:
        raise InvalidInput([Problem.saying("file", "choose a photo or a video to upload")], "The file was not measured")
    return path


def _level(fields: dict[str, str]) -> float | None:
    raw = fields.get("level", "").replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(
            [Problem.of(("level",), Code.NOT_A_NUMBER, raw, Limits(-90, 90, "degrees"))],
            "The file was not measured",
        ) from None


def start_job(request: Request, app: App, profile: str, test_id: str, path: Path, fields: dict[str, str]) -> Job:
    """Check the request and the file (fast), then queue the analysis. Deletes the file on any refusal."""
    from supple.vision.media import MediaKind, check_file, load_photo_header, probe_video

    try:
        level = _level(fields)
        measure.check_request(app, test_id, fields.get("side", ""), level)
        kind = check_file(path)
        if kind is MediaKind.VIDEO:
            probe_video(path)
        else:
            load_photo_header(path)
        final = path.with_suffix(SUFFIXES[kind.value])
        path.rename(final)
    except BaseException:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    return runner(request).submit(
        profile,
        test_id,
        fields["side"],
        final,
        level_deg=level,
        keep_media=fields.get("keep_media") in ("1", "on", "yes"),
    )


# --- pages ------------------------------------------------------------------------------------------


@router.post("/p/{name}/tests/{test_id}/camera", include_in_schema=False)
async def upload_page(request: Request, name: str, test_id: str) -> Response:
    """Start the measurement, or show the test page again with each problem next to its upload field."""
    app: App = request.app.state.supple
    view = await run_in_threadpool(profiles.get, app, name)
    await run_in_threadpool(guard, app, view.name)
    fields: dict[str, str] = {}
    try:
        path, fields = await receive_upload(request)
        job = await run_in_threadpool(start_job, request, app, view.name, test_id, chosen_file(path), fields)
    except InvalidInput as err:
        from supple.web.pages.program import _test as test_page_again  # the test page, as after a bad save

        kept = {k: v for k, v in fields.items() if k in ("side", "level", "keep_media")}
        form = state_with({"side": "left"} | kept, err.problems, CAMERA_FIELDS)
        form.labels = {"file": "Photo or video", "side": "Leg", "level": "Phone level"}
        request.state.camera_form = form
        return await run_in_threadpool(test_page_again, request, app, view.name, test_id, FormState(), err.http_status)
    return see_other(profile_url(view.name, "camera", job.id))


@dataclass(frozen=True)
class ValueLine:
    label: str
    value: str


@dataclass(frozen=True)
class CameraPage:
    job_id: str
    status: str
    percent: int
    test_name: str
    side: str
    status_url: str
    page_url: str
    image_url: str | None
    confirm_url: str
    discard_url: str
    retake_url: str
    values: list[ValueLine]
    confidence: str | None
    frame: str | None
    issues: list[str]
    notes: list[str]
    problems: list[str]
    kept_media: bool

    @property
    def running(self) -> bool:
        return self.status in (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def camera_page(app: App, job: Job) -> CameraPage:
    from supple.vision.analyse import metric_label

    base = profile_url(job.profile, "camera", job.id)
    a = job.analysis
    values: list[ValueLine] = []
    frame = None
    if a is not None:
        values = [ValueLine(metric_label(m), f"{v:.1f}°") for m, v in a.values.items()]
        frame = "the photo" if a.frame is None else f"frame {a.frame} at {a.time_s or 0:.1f} s"
        if a.frames_averaged:
            frame += f" (frames {a.frames_averaged[0]} to {a.frames_averaged[1]} averaged"
            frame += f", steady within ±{a.spread_deg:.1f}°)" if a.spread_deg is not None else ")"
    from supple.web.pages.forms import problem_text

    return CameraPage(
        job.id,
        job.status.value,
        round(job.fraction * 100),
        app.catalogue.tests[job.test_id].name,
        job.side,
        f"/api/v1/camera/jobs/{job.id}",
        base,
        f"{base}/image" if a is not None else None,
        f"{base}/confirm",
        f"{base}/discard",
        profile_url(job.profile, "tests", job.test_id),
        values,
        f"{a.confidence:.0%}" if a is not None and a.ok else None,
        frame,
        [i.advice for i in a.issues] if a is not None else [],
        list(a.notes) if a is not None else [],
        [problem_text(p) for p in job.problems],
        job.kept_media is not None,
    )


@router.get("/p/{name}/camera/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, app: AppDep, view: ProfileDep, job_id: str) -> HTMLResponse:
    job = runner(request).get(job_id, view.name)
    page = camera_page(app, job)
    return render(request, "camera_result.html", layout(f"Camera: {page.test_name}", view.name, "tests"), page)


@router.get("/p/{name}/camera/{job_id}/image", include_in_schema=False)
def job_image(request: Request, view: ProfileDep, job_id: str) -> Response:
    job = runner(request).get(job_id, view.name)
    if job.analysis is None:
        return Response(status_code=404)
    return Response(job.analysis.annotated_jpeg, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.post("/p/{name}/camera/{job_id}/confirm", include_in_schema=False)
def confirm_page(request: Request, app: AppDep, view: UnlockedProfileDep, job_id: str) -> Response:
    jobs = runner(request)
    job = jobs.get(job_id, view.name)
    if job.analysis is None:
        return see_other(profile_url(view.name, "camera", job.id))
    measure.confirm(app, view.name, job.analysis, data_dir=app.settings.data_dir)
    jobs.discard(job.id)
    return see_other(profile_url(view.name, "tests") + f"?saved={job.test_id}")


@router.post("/p/{name}/camera/{job_id}/discard", include_in_schema=False)
def discard_page(request: Request, view: ProfileDep, job_id: str) -> Response:
    job = runner(request).get(job_id, view.name)
    runner(request).discard(job.id)
    return see_other(profile_url(view.name, "tests", job.test_id))
