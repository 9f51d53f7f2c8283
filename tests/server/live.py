"""Start the real `supple serve` in a subprocess on a free port, for tests that need a live server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

SUPPLE = str(Path(sys.executable).parent / "supple")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early: {log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/exercises", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start within 20 s")
