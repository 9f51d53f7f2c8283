"""The plain server answers only to this computer's names, so a page elsewhere cannot read it through
DNS rebinding (its own name pointed at 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.server.live import free_port, start, stop


def test_the_local_server_refuses_requests_for_other_host_names(tmp_path: Path) -> None:
    port = free_port()
    proc = start(tmp_path / "s.db", port, tmp_path)
    try:
        url = f"http://127.0.0.1:{port}/api/v1/exercises"
        for name in ("localhost", f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
            assert httpx.get(url, headers={"Host": name}, timeout=5).status_code == 200, name
        for name in (f"rebind.example:{port}", "supple.home.test", "localhost.evil.example"):
            r = httpx.get(url, headers={"Host": name}, timeout=5)
            assert r.status_code == 400, name
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["type"] == "/problems/unknown-host"
            assert "exercise" not in r.text.lower()
    finally:
        stop(proc)
