"""`supple serve --clinic` starts the real server in clinic mode: the login page, nothing of home mode."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx

from tests.server.live import SUPPLE, free_port, stop, wait_until_ready


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
    wait_until_ready(proc, lambda: httpx.get(f"http://127.0.0.1:{port}/login", timeout=5).is_success, log)
    return proc


def test_serve_clinic_shows_the_login_page_and_no_home_page(tmp_path: Path) -> None:
    port = free_port()
    proc = _serve_clinic(tmp_path, port)
    try:
        base = f"http://127.0.0.1:{port}"
        login = httpx.get(f"{base}/login", timeout=5)
        assert '<form method="post" action="/login"' in login.text
        assert httpx.get(f"{base}/", timeout=5).headers["location"] == "/clinic"  # each role's start page
        assert httpx.get(f"{base}/", timeout=5, follow_redirects=True).url.path == "/login"  # a stranger's
        api = httpx.get(f"{base}/api/v1/exercises", timeout=5)  # the API is for signed-in people only
        assert api.status_code == 401
        assert api.headers["content-type"].startswith("application/problem+json")
    finally:
        stop(proc)


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
