"""`supple serve --clinic` starts the real server in clinic mode: the login page, nothing of home mode."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

from tests.server.live import SUPPLE, free_port


def _serve_clinic(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("SUPPLE_DATABASE_URL", None)
    env.pop("SUPPLE_CLINIC", None)
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [SUPPLE, "--db", str(tmp_path / "s.db"), "serve", "--clinic", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=out,
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early: {log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    proc.wait()
    raise RuntimeError("server did not start within 30 s")


def test_serve_clinic_shows_the_login_page_and_no_home_page(tmp_path: Path) -> None:
    port = free_port()
    proc = _serve_clinic(tmp_path, port)
    try:
        base = f"http://127.0.0.1:{port}"
        login = httpx.get(f"{base}/login", timeout=5)
        assert '<form method="post" action="/login"' in login.text
        assert httpx.get(f"{base}/", timeout=5).headers["location"] == "/account"
        assert httpx.get(f"{base}/api/v1/exercises", timeout=5).status_code == 404
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_clinic_refuses_lan_mode_with_a_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [SUPPLE, "--db", str(tmp_path / "s.db"), "serve", "--clinic", "--lan"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")},
    )
    assert result.returncode == 1
    assert "Clinic mode and --lan cannot be combined" in result.stderr
    assert "Traceback" not in result.stderr
