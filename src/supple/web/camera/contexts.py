"""Typed contexts of the camera feature's templates: the upload box on a test page (a Jinja global, so
test.html needs one include line) and the result page of a measurement job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from supple.bootstrap import App
from supple.domain.pose_measures import CAMERA_TESTS
from supple.web.camera.measuring import CameraJob, JobStatus, analysis
from supple.web.pages.forms import FormState
from supple.web.pages.rendering import profile_url

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


def status_url(job: CameraJob) -> str:
    """The job's JSON status under its person's profile (so clinic mode's rules apply to it as well)."""
    return profile_url(job.profile, "camera", "jobs", job.id).replace("/p/", "/api/v1/profiles/", 1)


def camera_page(app: App, job: CameraJob) -> CameraPage:
    from supple.vision.analyse import metric_label
    from supple.web.pages.forms import problem_text

    base = profile_url(job.profile, "camera", job.id)
    a = analysis(app, job)
    values: list[ValueLine] = []
    frame = None
    if a is not None:
        values = [ValueLine(metric_label(m), f"{v:.1f}°") for m, v in a.values.items()]
        frame = "the photo" if a.frame is None else f"frame {a.frame} at {a.time_s or 0:.1f} s"
        if a.frames_averaged:
            frame += f" (frames {a.frames_averaged[0]} to {a.frames_averaged[1]} averaged"
            frame += f", steady within ±{a.spread_deg:.1f}°)" if a.spread_deg is not None else ")"
    test = app.catalogue.tests.get(job.test_id)
    return CameraPage(
        job.id,
        job.status.value,
        round(job.fraction * 100),
        test.name if test is not None else "Camera measurement",
        job.side,
        status_url(job),
        base,
        f"{base}/image" if a is not None else None,
        f"{base}/confirm",
        f"{base}/discard",
        profile_url(job.profile, "tests", job.test_id) if test is not None else profile_url(job.profile, "tests"),
        values,
        f"{a.confidence:.0%}" if a is not None and a.ok else None,
        frame,
        [i.advice for i in a.issues] if a is not None else [],
        list(a.notes) if a is not None else [],
        [problem_text(p) for p in job.problems],
        job.kept_media,
    )
