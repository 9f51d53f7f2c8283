"""Durability: kill the server with SIGKILL while sessions are being logged; every acknowledged write survives."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import httpx

from tests import factories as f
from tests.server.live import free_port, start
from tests.server.live import stop as stop_server

API = "/api/v1"


def test_every_acknowledged_session_survives_a_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(db, port, tmp_path)
    try:
        httpx.post(f"{base}{API}/profiles", json={"name": "Ann"}).raise_for_status()
        httpx.post(f"{base}{API}/profiles/Ann/screenings", json=f.screen_answers()).raise_for_status()
        routine = httpx.get(f"{base}{API}/profiles/Ann/routine").json()["routine"]
        exercise = routine["items"][0]["exercise_id"]
        acknowledged: list[int] = []
        lock = threading.Lock()
        stop = threading.Event()

        def writer(worker: int) -> None:
            with httpx.Client(base_url=base, timeout=5) as client:
                n = 0
                while not stop.is_set() and n < 200:
                    n += 1
                    body = f.session_log([exercise], pain_before=worker % 10, pain_after=n % 10, pain_during=1)
                    try:
                        r = client.post(f"{API}/profiles/Ann/sessions", json=body)
                    except httpx.HTTPError:
                        return  # the server died mid-request: this write was never acknowledged
                    if r.status_code == 201:
                        with lock:
                            acknowledged.append(r.json()["session_id"])

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        while len(acknowledged) < 25:
            threading.Event().wait(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=10)
    finally:
        stop_server(proc)
    assert len(acknowledged) >= 25

    port2 = free_port()
    proc2 = start(db, port2, tmp_path)
    try:
        import sqlite3

        with sqlite3.connect(db) as conn:
            stored = {row[0] for row in conn.execute("select id from exercise_session")}
            check = conn.execute("pragma integrity_check").fetchone()[0]
        assert check == "ok"
        assert set(acknowledged) <= stored
        progress = httpx.get(f"http://127.0.0.1:{port2}{API}/profiles/Ann/progress").json()
        assert progress["adherence"]["sessions"] == len(stored)
    finally:
        stop_server(proc2)
