"""`supple serve` says where it runs only once it accepts connections: a browser opened on the printed
address at once gets the page, not "connection refused". "Starting Supple…" comes first."""

from __future__ import annotations

import os
import queue
import ssl
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from supple.db.engine import make_engine
from tests.conftest import PG_URL
from tests.server.live import READY_WITHIN_S, SUPPLE, free_port, stop


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The server's stdout, line by line as it is written (None at its end)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


def test_the_address_is_printed_once_the_server_accepts_connections_and_starting_comes_first(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_") and k != "PYTHONUNBUFFERED"}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    proc = subprocess.Popen(
        [SUPPLE, "--db", str(tmp_path / "s.db"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        lines = _lines(proc)
        seen: list[str] = []
        deadline = time.monotonic() + READY_WITHIN_S
        while not any("is running at" in line for line in seen):
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))  # queue.Empty past the deadline
            assert line is not None, f"the server stopped without saying where it runs: {seen}"
            seen.append(line)
        # straight after the line: no wait, no retry
        r = httpx.get(f"http://localhost:{port}/api/v1/exercises", timeout=10)
        assert r.status_code == 200
        assert seen[0] == "Starting Supple…"
        assert seen[-1] == f"Supple is running at http://localhost:{port}/  (press Ctrl+C to stop)"
        assert sum("is running at" in line for line in seen) == 1
    finally:
        stop(proc)  # type: ignore[arg-type]
        assert proc.stdout is not None
        proc.stdout.close()


def _until(lines: queue.Queue[str | None], words: str) -> list[str]:
    """The lines up to and including the first that holds ``words`` (fails past the readiness deadline)."""
    seen: list[str] = []
    deadline = time.monotonic() + READY_WITHIN_S
    while not any(words in line for line in seen):
        line = lines.get(timeout=max(0.1, deadline - time.monotonic()))  # queue.Empty past the deadline
        assert line is not None, f"the server stopped without saying where it runs: {seen}"
        seen.append(line)
    return seen


def _serve(argv: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def test_lan_mode_prints_the_pairing_address_once_it_accepts_connections(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_") and k != "PYTHONUNBUFFERED"}
    env.update(HOME=str(tmp_path), SUPPLE_DATA_DIR=str(tmp_path / "data"))
    argv = [SUPPLE, "--db", str(tmp_path / "s.db"), "serve", "--lan", "--host", "127.0.0.1", "--port", str(port)]
    proc = _serve(argv, env)
    try:
        seen = _until(_lines(proc), "running on your network")
        cert = tmp_path / "data" / "lan" / "cert.pem"
        r = httpx.get(f"https://127.0.0.1:{port}/pair", verify=ssl.create_default_context(cafile=str(cert)), timeout=10)
        assert r.status_code == 200  # straight after the line: no wait, no retry
        assert seen[0] == "Starting Supple…"
        assert seen[-1] == "Supple is running on your network, HTTPS only  (press Ctrl+C to stop)"
    finally:
        stop(proc)  # type: ignore[arg-type]
        assert proc.stdout is not None
        proc.stdout.close()


def test_several_workers_print_the_address_once_one_answers(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set SUPPLE_TEST_POSTGRES_URL (make test starts one)")
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_") and k != "PYTHONUNBUFFERED"}
    env.update(HOME=str(tmp_path), SUPPLE_DATA_DIR=str(tmp_path), SUPPLE_DATABASE_URL=PG_URL, SUPPLE_CLINIC="1")
    proc = _serve([SUPPLE, "serve", "--clinic", "--workers", "2", "--port", str(port)], env)
    try:
        seen = _until(_lines(proc), "is running at")
        r = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
        assert r.status_code == 200  # straight after the line: no wait, no retry
        assert seen[0] == "Starting Supple…"
        assert (
            seen[-1]
            == f"Supple (clinic mode, 2 web workers) is running at http://127.0.0.1:{port}/  (press Ctrl+C to stop)"
        )
    finally:
        stop(proc)  # type: ignore[arg-type]
        assert proc.stdout is not None
        proc.stdout.close()
