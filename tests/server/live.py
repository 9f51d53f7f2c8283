"""Start the real `supple serve` in a subprocess on a free port, for tests that need a live server.

Readiness, not time: a server counts as started when it answers, however long that takes on a busy
machine (up to a generous deadline); every process started here is stopped and reaped, so no
``Popen.__del__`` warning is left behind.
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

SUPPLE = str(Path(sys.executable).parent / "supple")
READY_WITHIN_S = 180.0  # a cold start imports everything; at a load average of 7 on 2 cores that takes a while
POLL_S = 0.1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop, kill it if it will not, and reap it."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    proc.wait(timeout=15)


def wait_until_ready(
    proc: subprocess.Popen[bytes], probe: Callable[[], bool], log: Path, within: float = READY_WITHIN_S
) -> None:
    """Poll ``probe`` until it says the server answers. Between polls the wait is on the process itself, so
    a server that dies is seen at once. On failure the server is stopped and the error shows its log."""
    deadline = time.monotonic() + within
    while True:
        if proc.poll() is not None:
            proc.wait()
            raise RuntimeError(f"server exited early with code {proc.returncode}:\n{log.read_text()}")
        try:
            if probe():
                return
        except (httpx.HTTPError, ssl.SSLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(f"server did not answer within {within:.0f} s:\n{log.read_text()}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=POLL_S)


def start(
    db: Path, port: int, home: Path, extra_env: dict[str, str] | None = None, host: str = "127.0.0.1"
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), **(extra_env or {})}
    env.pop("SUPPLE_DATABASE_URL", None)
    log = home / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [SUPPLE, "--db", str(db), "serve", "--host", host, "--port", str(port)], env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}/api/v1/exercises"
    wait_until_ready(proc, lambda: httpx.get(url, timeout=5).status_code == 200, log)
    return proc
