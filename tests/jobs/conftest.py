"""Clinic mode's jobs on a real PostgreSQL with real `supple worker` processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_URL

Workers = Callable[[Path], subprocess.Popen[bytes]]


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[Workers]:
    """Start `supple worker` processes on the test's PostgreSQL with a given media folder (``data_dir``);
    each is stopped (SIGTERM, running jobs finish) at the end of the test."""
    started: list[subprocess.Popen[bytes]] = []

    def start(data_dir: Path) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "SUPPLE_DATABASE_URL": str(PG_URL),
            "SUPPLE_DATA_DIR": str(data_dir),
            "SUPPLE_JOBS_HEARTBEAT_SECONDS": "0.5",
            "SUPPLE_JOBS_STALLED_SECONDS": "2",
        }
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "supple", "worker"], env=env, stdout=log, stderr=log)
        log.close()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_for(proc: subprocess.Popen[bytes], done: Callable[[], bool], what: str, within: float = 600) -> None:
    """Check ``done`` until it holds; between checks wait on the worker itself, so a worker that dies is
    seen at once (no fixed sleeps)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if done():
            return
        assert proc.poll() is None, f"the worker stopped with code {proc.returncode}"
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.1)
    raise AssertionError(f"{what} did not happen in time")
