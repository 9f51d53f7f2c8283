"""`supple serve --clinic` starts the real server in clinic mode: the login page, nothing of home mode."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import httpx

from supple.db.secret_box import new_key
from tests.server.live import SUPPLE, free_port, stop, wait_until_ready


def _serve_clinic(tmp_path: Path, port: int, key: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("SUPPLE_DATABASE_URL", None)
    env.pop("SUPPLE_CLINIC", None)
    env.pop("SUPPLE_CLINIC_SECRET_KEY", None)
    if key is not None:
        env["SUPPLE_CLINIC_SECRET_KEY"] = key
    log = tmp_path / f"server-{port}.log"
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


def _form_token(base: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', httpx.get(f"{base}/login", timeout=5).text)
    assert found is not None
    return found[1]


def test_two_server_processes_with_the_same_clinic_key_accept_each_others_form_tokens(tmp_path: Path) -> None:
    """Like two web workers behind a balancer, for a browser that sends neither Sec-Fetch-Site nor
    Origin (httpx sends neither): the form of one process posts to the other."""
    key = new_key()
    ports = [free_port() for _ in range(3)]
    procs = [_serve_clinic(tmp_path, ports[0], key), _serve_clinic(tmp_path, ports[1], key)]
    procs.append(_serve_clinic(tmp_path, ports[2], new_key()))  # another clinic key
    try:
        one, two, other = (f"http://127.0.0.1:{p}" for p in ports)
        token = _form_token(one)
        assert _form_token(two) == token
        assert _form_token(other) != token
        login = {"email": "nobody@example.org", "password": "not the right one"}
        posted = httpx.post(f"{two}/login", data={"csrf_token": token, **login}, timeout=10)
        assert posted.status_code == 401  # past the guard: the login itself is refused
        assert "is not right" in posted.text
        assert httpx.post(f"{two}/login", data=login, timeout=10).status_code == 403  # no token
        assert httpx.post(f"{other}/login", data={"csrf_token": token, **login}, timeout=10).status_code == 403
    finally:
        for proc in procs:
            stop(proc)
