"""Background measuring jobs for the web doors: one worker thread, progress for a status endpoint.

A job owns its uploaded file: the file is deleted as soon as the analysis ends (success or failure)
unless the person chose to keep it, in which case it is moved into the data folder. Jobs live in
memory for ``JOB_TTL`` and hold the annotated still until the person confirms or discards it.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from supple.errors import InvalidInput, NotFound, Problem, SuppleError
from supple.services.measure import MeasureContext

if TYPE_CHECKING:
    from supple.config import Settings
    from supple.vision.analyse import Analysis


class RunnerContext(MeasureContext, Protocol):
    """What the job runner needs: a use case's context and the settings (where media is kept)."""

    @property
    def settings(self) -> Settings: ...


STOPPED = "the server stopped before this picture was analysed; please upload it again"
JOB_TTL = 3600.0  # seconds a finished job (and its still) stays available to confirm
MAX_JOBS = 50


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class Job:
    id: str
    profile: str
    test_id: str
    side: str
    level_deg: float | None
    media: Path
    keep_media: bool
    created: float = field(default_factory=time.monotonic)
    status: JobStatus = JobStatus.QUEUED
    done: int = 0
    total: int = 0
    analysis: Analysis | None = None
    problems: list[Problem] = field(default_factory=list)
    kept_media: Path | None = None
    recorded: bool = False

    @property
    def fraction(self) -> float:
        if self.status in (JobStatus.DONE, JobStatus.FAILED):
            return 1.0
        return self.done / self.total if self.total else 0.0


class _Stopped(Exception):
    """Raised inside a running analysis when the server is stopping."""


class JobRunner:
    """Runs analyses one at a time (the model uses the CPU fully) and keeps their state in memory."""

    def __init__(self, app: RunnerContext) -> None:
        self._app = app
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="supple-pose")
        self._stopping = threading.Event()

    def submit(
        self, profile: str, test_id: str, side: str, media: Path, *, level_deg: float | None, keep_media: bool
    ) -> Job:
        job = Job(secrets.token_urlsafe(12), profile, test_id, side, level_deg, media, keep_media)
        if self._stopping.is_set():
            media.unlink(missing_ok=True)
            raise InvalidInput([Problem("file", STOPPED)])
        with self._lock:
            self._expire()
            if len(self._jobs) >= MAX_JOBS:
                media.unlink(missing_ok=True)
                raise InvalidInput([Problem("file", "too many pictures are waiting; confirm or discard some first")])
            self._jobs[job.id] = job
        self._pool.submit(self._run, job)
        return job

    def get(self, job_id: str, profile: str | None = None) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or (profile is not None and job.profile != profile):
            raise NotFound(
                "This measurement is no longer available (it expired or was discarded). Please upload again."
            )
        return job

    def discard(self, job_id: str, profile: str | None = None) -> None:
        job = self.get(job_id, profile)
        with self._lock:
            self._jobs.pop(job.id, None)

    def _expire(self) -> None:
        now = time.monotonic()
        for job_id in [j.id for j in self._jobs.values() if now - j.created > JOB_TTL]:
            del self._jobs[job_id]

    def _progress(self, job: Job) -> Callable[[int, int], None]:
        def update(done: int, total: int) -> None:
            if self._stopping.is_set():
                raise _Stopped
            job.done, job.total = done, total

        return update

    def _run(self, job: Job) -> None:
        from supple.services import measure

        job.status = JobStatus.RUNNING
        try:
            if self._stopping.is_set():
                raise _Stopped
            job.analysis = measure.analyse(
                self._app,
                job.media,
                job.test_id,
                job.side,
                level_deg=job.level_deg,
                progress=self._progress(job),
            )
            job.status = JobStatus.DONE
        except _Stopped:
            job.problems, job.status = [Problem("file", STOPPED)], JobStatus.FAILED
        except InvalidInput as err:
            job.problems, job.status = err.problems, JobStatus.FAILED
        except SuppleError as err:
            job.problems, job.status = [Problem("file", err.message)], JobStatus.FAILED
        except Exception:  # a bug or a decoder crash: the server stays up and the person gets a plain message
            import logging

            logging.getLogger(__name__).exception("measuring job %s failed", job.id)
            job.problems = [Problem("file", "the file could not be analysed; try another photo or video")]
            job.status = JobStatus.FAILED
        finally:
            self._finish_media(job)

    def _finish_media(self, job: Job) -> None:
        if job.keep_media and job.status is JobStatus.DONE:
            folder = self._app.settings.data_dir / "camera" / "media"
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{job.test_id}-{job.side}{job.media.suffix}"
            shutil.move(str(job.media), target)
            job.kept_media = target
        else:
            job.media.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            job.media.parent.rmdir()

    def shutdown(self, wait: bool = True) -> None:
        """Stop for good: queued jobs are cancelled and their uploads deleted; a running analysis stops at
        its next frame and deletes its upload. With ``wait``, return once the worker has finished."""
        self._stopping.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            queued = [j for j in self._jobs.values() if j.status is JobStatus.QUEUED]
        for job in queued:  # their futures were cancelled, so _run never cleans up after them
            job.problems, job.status = [Problem("file", STOPPED)], JobStatus.FAILED
            self._finish_media(job)
        if wait:
            self._pool.shutdown(wait=True)
