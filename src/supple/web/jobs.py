"""The app's job interface (``supple.jobs.queue.Jobs``) for the doors: clinic mode's queue, set when
clinic mode is installed, or the home mode's in-process runner, made on first use and closed with the app."""

from __future__ import annotations

import threading

from fastapi import Request

from supple.jobs.queue import InProcessJobs, Jobs

_lock = threading.Lock()


def app_jobs(request: Request) -> Jobs:
    state = request.app.state
    with _lock:
        if getattr(state, "jobs", None) is None:
            state.jobs = InProcessJobs(state.supple)
        jobs: Jobs = state.jobs
    return jobs
