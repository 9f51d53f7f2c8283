"""Walk-file imports as jobs of the app's one job interface (``supple.jobs``), as camera measurements are:
the upload is streamed to a private folder in the media folder (``uploads/``, shared with the job
machines in a clinic), the quick checks run here, and the analysis runs as a ``walk-analysis`` job (a
Procrastinate worker in clinic mode, the in-process runner at home). Its progress and its result are
read back from the job store, so any web process can answer for a job any worker ran. Nothing is
recorded until the person saves the walk the job found; discarding it forgets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from supple.bootstrap import App
from supple.errors import InvalidInput, NotFound
from supple.jobs.kinds import WALK_ANALYSIS, cleanup, remove_files
from supple.jobs.store import JobView
from supple.problems import Problem
from supple.services import walks
from supple.web import upload_files
from supple.web.jobs import app_jobs

JOB_TTL = 3600.0  # seconds an analysed walk waits to be saved
MAX_JOBS = 20  # walks waiting for one person
NOT_ANALYSED = "The recording was not analysed"
GONE = "This walk is no longer waiting to be saved (it expired, was saved or was discarded). Please import it again."


def limit() -> int:
    from supple.catalogue.gait import gait_rules

    return gait_rules().limits.max_bytes


def too_large() -> InvalidInput:
    return upload_files.too_large(limit(), NOT_ANALYSED)


Upload = upload_files.Received


async def receive(request: Request) -> Upload:
    """Stream the posted file to a private folder in the media folder (refusing it past the size limit,
    413) and read the form's fields."""
    return await upload_files.receive_form(
        request, names=("file",), limit=limit(), title=NOT_ANALYSED, prefix="walk-", max_fields=10
    )


def start(request: Request, app: App, profile: str, upload: Upload) -> str:
    """The quick checks (a file chosen and not empty, a known placement), then the analysis as a job; its
    key. The upload is deleted on any refusal; the job owns it otherwise."""
    from supple.gait.analysis import check_placement
    from supple.gait.files import EXPECTED, refuse

    if upload.path is None:
        raise InvalidInput([Problem.saying("file", "choose a recording file to import")], NOT_ANALYSED)
    payload = {"file": str(upload.path), "filename": upload.filename, "placement": upload.fields.get("placement", "")}
    try:
        check_placement(payload["placement"])
        if upload.path.stat().st_size == 0:
            raise refuse("the file is empty", allowed=EXPECTED)
        jobs = app_jobs(request)
        for old in jobs.store.remove_older(WALK_ANALYSIS, JOB_TTL):  # nobody saved them
            remove_files(app.settings.data_dir, old.result)
        if jobs.store.count(WALK_ANALYSIS, profile) >= MAX_JOBS:
            raise InvalidInput(
                [Problem.saying("file", "too many walks are waiting; save or discard some first")], NOT_ANALYSED
            )
    except BaseException:
        cleanup(WALK_ANALYSIS, payload)
        raise
    return jobs.submit(WALK_ANALYSIS, payload, owner=profile, about={"filename": upload.filename})


@dataclass(frozen=True)
class WalkJob:
    """A walk-analysis job as the doors show it, read from the job store."""

    id: str
    profile: str
    status: str
    done: int
    total: int
    filename: str
    result: dict[str, Any] | None
    problems: list[str]

    @property
    def running(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def fraction(self) -> float:
        if not self.running:
            return 1.0
        return self.done / self.total if self.total else 0.0

    @property
    def walk(self) -> walks.WalkView | None:
        """The walk found, once the job is done (not saved yet)."""
        return walks.from_result(self.result) if self.status == "done" and self.result is not None else None


def _view(view: JobView) -> WalkJob:
    problems = [str(p) for p in (view.result or {}).get("problems", [])] if view.status == "failed" else []
    filename = str(view.about.get("filename", ""))
    return WalkJob(view.key, view.owner, view.status, view.done, view.total, filename, view.result, problems)


def get(request: Request, job_id: str, profile: str) -> WalkJob:
    """The job, if it is a walk analysis of ``profile``; else NotFound, saying nothing more."""
    view = app_jobs(request).get(job_id) if len(job_id) <= 64 else None
    if view is None or view.kind != WALK_ANALYSIS or view.owner != profile:
        raise NotFound(GONE)
    return _view(view)


def save(request: Request, app: App, job: WalkJob) -> walks.WalkView:
    """Record the walk the job found, once: the job is taken from the store first, so a second click (or
    another web process) finds nothing to save."""
    if job.walk is None:
        raise InvalidInput([Problem.saying("job", f"the walk is still {job.status}; wait until it is analysed")])
    taken = app_jobs(request).store.remove(job.id)
    if taken is None or taken.result is None:
        raise NotFound(GONE)
    return walks.record_result(app, job.profile, taken.result)


def discard(request: Request, job: WalkJob) -> None:
    app_jobs(request).store.remove(job.id)
