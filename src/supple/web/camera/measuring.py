"""Camera measurements as jobs of the app's one job interface (``supple.jobs``), shared by the pages and
the JSON API: submit an upload, read a job's progress and result back from the job store (any web
process can answer for a job any worker ran), and confirm or discard it. The annotated picture stays in
the media folder until the person records the result (then it is kept as the test's still) or discards it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request

from supple.bootstrap import App
from supple.errors import InvalidInput, NotFound
from supple.jobs.kinds import CAMERA_ANALYSIS, cleanup, remove_files
from supple.jobs.store import JobView
from supple.problems import Problem
from supple.services import measure
from supple.web.jobs import app_jobs

if TYPE_CHECKING:
    from supple.vision.analyse import Analysis

JOB_TTL = 3600.0  # seconds a measurement (and its picture) stays available to confirm
MAX_JOBS = 50  # measurements waiting for one person
GONE = "This measurement is no longer available (it expired or was discarded). Please upload again."


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class CameraJob:
    """A camera job as the doors show it, read from the job store."""

    id: str
    profile: str
    status: JobStatus
    done: int
    total: int
    test_id: str
    side: str
    result: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def fraction(self) -> float:
        if self.status in (JobStatus.DONE, JobStatus.FAILED):
            return 1.0
        return self.done / self.total if self.total else 0.0

    @property
    def measured(self) -> bool:
        return self.status is JobStatus.DONE and self.result is not None

    @property
    def kept_media(self) -> bool:
        return bool(self.result and self.result.get("kept_media"))


def submit(
    request: Request,
    app: App,
    profile: str,
    test_id: str,
    side: str,
    media: Path,
    *,
    level_deg: float | None,
    keep_media: bool,
) -> str:
    """Queue the analysis of an upload already checked (``uploads.start_job``); the job owns the upload."""
    payload = {
        "media": str(media),
        "test_id": test_id,
        "side": side,
        "level_deg": level_deg,
        "keep_media": keep_media,
    }
    jobs = app_jobs(request)
    for old in jobs.store.remove_older(CAMERA_ANALYSIS, JOB_TTL):  # nobody confirmed them: their pictures go
        remove_files(app.settings.data_dir, old.result)
    if jobs.store.count(CAMERA_ANALYSIS, profile) >= MAX_JOBS:
        cleanup(CAMERA_ANALYSIS, payload)
        raise InvalidInput([Problem.saying("file", "too many pictures are waiting; confirm or discard some first")])
    return jobs.submit(CAMERA_ANALYSIS, payload, owner=profile, about={"test_id": test_id, "side": side})


def _view(view: JobView) -> CameraJob:
    status = JobStatus(view.status)
    problems = []
    if status is JobStatus.FAILED and view.result is not None:
        problems = [Problem.saying("file", str(p)) for p in view.result.get("problems", [])]
    about = view.about
    test_id, side = str(about.get("test_id", "")), str(about.get("side", ""))
    return CameraJob(view.key, view.owner, status, view.done, view.total, test_id, side, view.result, problems)


def get(request: Request, job_id: str, profile: str | None = None) -> CameraJob:
    """The job, if it is a camera job (of ``profile``, when given); else NotFound, saying nothing more."""
    view = app_jobs(request).get(job_id) if len(job_id) <= 64 else None
    if view is None or view.kind != CAMERA_ANALYSIS or (profile is not None and view.owner != profile):
        raise NotFound(GONE)
    return _view(view)


def analysis(app: App, job: CameraJob) -> Analysis | None:
    """The measured analysis with its annotated picture (read from the media folder), once done."""
    if not job.measured or job.result is None:
        return None
    from supple.domain.pose_measures import Side
    from supple.domain.pose_quality import Issue
    from supple.vision.analyse import Analysis
    from supple.vision.media import MediaKind

    r = job.result
    image = app.settings.data_dir / str(r["image"])
    if not image.is_file():
        raise NotFound(GONE)
    averaged = r.get("frames_averaged")
    return Analysis(
        kind=MediaKind(r["kind"]),
        test_id=str(r["test_id"]),
        side=Side(r["side"]),
        values={str(k): float(v) for k, v in r["values"].items()},
        confidence=float(r["confidence"]),
        issues=[Issue(str(i["code"]), str(i["advice"])) for i in r["issues"]],
        annotated_jpeg=image.read_bytes(),
        width=int(r["width"]),
        height=int(r["height"]),
        frame=r.get("frame"),
        frames_averaged=(int(averaged[0]), int(averaged[1])) if averaged else None,
        time_s=r.get("time_s"),
        spread_deg=r.get("spread_deg"),
        notes=[str(n) for n in r.get("notes", [])],
    )


def image(app: App, job: CameraJob) -> bytes | None:
    if not job.measured or job.result is None:
        return None
    path = app.settings.data_dir / str(job.result["image"])
    return path.read_bytes() if path.is_file() else None


def discard(request: Request, app: App, job: CameraJob) -> None:
    """Forget the job and delete its picture (an upload the person asked to keep stays)."""
    gone = app_jobs(request).store.remove(job.id)
    if gone is not None:
        remove_files(app.settings.data_dir, gone.result)


def confirm(request: Request, app: App, job: CameraJob) -> measure.Confirmed:
    """Record the measured result (method 'camera'), keep its picture as the test's still, forget the job."""
    found = analysis(app, job)
    if found is None:
        raise InvalidInput(
            [Problem.saying("job", f"the measurement is still {job.status.value}; wait until it is done")]
        )
    done = measure.confirm(app, job.profile, found, data_dir=app.settings.data_dir)
    discard(request, app, job)
    return done
