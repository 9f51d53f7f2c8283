"""Walk recordings as jobs of the app's one job interface (``supple.jobs``), as camera measurements are:
the upload (a file from the import form, or the body the walk recorder or a script posts to the API) is
streamed to a private folder in the media folder (``uploads/``, shared with the job machines in a
clinic; ``web.upload_files``), the quick checks run here, and the analysis runs as a ``walk-analysis``
job (a Procrastinate worker in clinic mode, the in-process runner at home). Its progress and its result
are read back from the job store, so any web process can answer for a job any worker ran. Nothing is
recorded until the walk the job found is saved (once: the job becomes 'saved' and names the walk);
discarding it forgets it.

A sender that gives its own ``client_id`` for a recording (the recorder makes one per walk) gets the
same job back when it sends the recording again: the job's key is made from the profile and that id,
so a retried upload is analysed and stored once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from supple.bootstrap import App
from supple.errors import InvalidInput, NotFound
from supple.jobs.kinds import WALK_ANALYSIS, cleanup, remove_files
from supple.jobs.store import JobView
from supple.problems import Limits, Problem
from supple.services import walks
from supple.web import upload_files
from supple.web.jobs import app_jobs

JOB_TTL = 3600.0  # seconds an analysed walk waits to be saved
MAX_JOBS = 20  # walks waiting for one person
NOT_ANALYSED = "The recording was not analysed"
GONE = "This walk is no longer waiting to be saved (it expired or was discarded). Please import it again."
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
SAVED = "saved"


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


async def receive_body(request: Request) -> Upload:
    """The API's body is the recording itself (CSV or zip), streamed to the media folder like a form's file."""
    return await upload_files.receive_body(
        request, limit=limit(), title=NOT_ANALYSED, prefix="walk-", filename="upload.csv"
    )


def job_key(profile: str, client_id: str) -> str:
    """The job's key for a sender's own id of a recording: the same for a retry, different per person."""
    if not CLIENT_ID.fullmatch(client_id):
        raise InvalidInput(
            [
                Problem.saying(
                    "client_id",
                    "the recording's id must be 8 to 64 letters, digits, - or _",
                    limits=Limits(min=8, max=64, unit="characters"),
                    given=client_id,
                )
            ],
            NOT_ANALYSED,
        )
    return "walk-" + hashlib.sha256(f"{profile}\n{client_id}".encode()).hexdigest()[:40]


def start(
    request: Request,
    app: App,
    profile: str,
    upload: Upload,
    *,
    placement: str | None = None,
    source: str | None = None,
    client_id: str | None = None,
) -> str:
    """The quick checks (a file chosen and not empty, a known placement, a well-formed client id), then
    the analysis as a job; its key. The upload is deleted on any refusal, and when the recording with
    this ``client_id`` was received before (that job is the answer); the job owns it otherwise."""
    from supple.gait.analysis import check_placement
    from supple.gait.files import EXPECTED, refuse

    if upload.path is None:
        raise InvalidInput([Problem.saying("file", "choose a recording file to import")], NOT_ANALYSED)
    where = upload.fields.get("placement", "") if placement is None else placement
    payload = {"file": str(upload.path), "filename": upload.filename, "placement": where, "source": source}
    try:
        key = job_key(profile, client_id) if client_id else None
        jobs = app_jobs(request)
        if key is not None and (known := jobs.get(key)) is not None and known.owner == profile:
            cleanup(WALK_ANALYSIS, payload)  # sent again: the first upload's job answers
            return key
        check_placement(where)
        if upload.path.stat().st_size == 0:
            raise refuse("the file is empty", allowed=EXPECTED)
        for old in jobs.store.remove_older(WALK_ANALYSIS, JOB_TTL):  # nobody saved them
            remove_files(app.settings.data_dir, old.result)
        if jobs.store.count(WALK_ANALYSIS, profile) >= MAX_JOBS:
            raise InvalidInput(
                [Problem.saying("file", "too many walks are waiting; save or discard some first")], NOT_ANALYSED
            )
    except BaseException:
        cleanup(WALK_ANALYSIS, payload)
        raise
    return jobs.submit(WALK_ANALYSIS, payload, owner=profile, about={"filename": upload.filename}, key=key)


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
    allowed: list[str]  # what is allowed, beside each problem ("" where nothing is said)

    @property
    def saved_walk(self) -> int | None:
        """The stored walk's id, once the walk was saved."""
        found = (self.result or {}).get("saved_walk") if self.status == SAVED else None
        return int(found) if found is not None else None

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
    failed = (view.result or {}) if view.status == "failed" else {}
    problems = [str(p) for p in failed.get("problems", [])]
    allowed = [str(a) for a in failed.get("allowed", [])] + [""] * len(problems)
    filename = str(view.about.get("filename", ""))
    return WalkJob(view.key, view.owner, view.status, view.done, view.total, filename, view.result, problems,
                   allowed[: len(problems)])  # fmt: skip


def get(request: Request, job_id: str, profile: str) -> WalkJob:
    """The job, if it is a walk analysis of ``profile``; else NotFound, saying nothing more."""
    view = app_jobs(request).get(job_id) if len(job_id) <= 64 else None
    if view is None or view.kind != WALK_ANALYSIS or view.owner != profile:
        raise NotFound(GONE)
    return _view(view)


def save(request: Request, app: App, job: WalkJob) -> tuple[walks.WalkView, bool]:
    """Record the walk the job found, once, and whether this call recorded it: the job moves from 'done'
    to 'saved' in one step first, so a second click (or another web process, or a retried upload's
    sender) gets the walk saved before instead of a second copy."""
    if job.saved_walk is not None:
        return walks.get(app, job.profile, job.saved_walk), False
    if job.walk is None:
        raise InvalidInput([Problem.saying("job", f"the walk is still {job.status}; wait until it is analysed")])
    jobs = app_jobs(request)
    taken = jobs.store.claim(job.id, "done", SAVED)
    if taken is None or taken.result is None:
        again = get(request, job.id, job.profile)  # saved meanwhile by another click, or gone
        if again.saved_walk is None:
            raise NotFound(GONE)
        return walks.get(app, job.profile, again.saved_walk), False
    try:
        stored = walks.record_result(app, job.profile, taken.result)
    except BaseException:
        jobs.store.claim(job.id, SAVED, "done")  # not stored: the walk waits to be saved again
        raise
    jobs.store.annotate(job.id, {"saved_walk": stored.id})
    return stored, True


def discard(request: Request, job: WalkJob) -> None:
    app_jobs(request).store.remove(job.id)
