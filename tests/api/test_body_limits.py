"""Bodies without limits (issue 11, medium 2-3 and low): each route reads at most its own limit of a
request, counted on the ASGI receive stream (so a chunked body is cut off too), errors never echo more
than ~100 characters, absurd numbers and nesting are 4xx, and an idle upload is dropped.

The app is driven through ASGI directly, with a body that counts how much of it the server pulled."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

import tests.factories as f
from supple.bootstrap import App
from supple.lan.pairing import Pairing
from supple.web import limits
from supple.web.app import create_app
from supple.web.lan import LanInfo

MB = 1024 * 1024
BROWSER = {"host": "testserver", "origin": "http://testserver", "sec-fetch-site": "same-origin"}


class Sent:
    def __init__(self) -> None:
        self.pulled = 0
        self.messages: list[dict[str, Any]] = []

    @property
    def status(self) -> int:
        return int(next(m["status"] for m in self.messages if m["type"] == "http.response.start"))

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.messages if m["type"] == "http.response.body")


def drive(asgi: Any, path: str, headers: dict[str, str], chunks: Iterator[bytes], stall: bool = False) -> Sent:
    """POST ``chunks`` (no Content-Length unless given) and record what the app pulled and answered."""
    sent = Sent()

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            if stall:
                await asyncio.sleep(3600)  # the sender goes quiet, keeping the connection open
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (BROWSER | headers).items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(asgi(scope, receive, send))
    return sent


def endless(size: int = 64 * 1024) -> Iterator[bytes]:
    piece = b"\x00" * size
    while True:
        yield piece


def test_a_200_mb_json_body_is_refused_from_its_length_without_reading_it(app: App) -> None:
    sent = drive(
        create_app(app),
        "/api/v1/profiles",
        {"content-type": "application/json", "content-length": str(200 * MB)},
        endless(),
    )
    assert sent.status == 413
    assert sent.pulled == 0
    assert b"at most 1 MB" in sent.body
    assert len(sent.body) < 1000


def test_a_chunked_json_body_is_cut_off_at_the_limit(app: App) -> None:
    sent = drive(create_app(app), "/api/v1/profiles", {"content-type": "application/json"}, endless())
    assert sent.status == 413
    assert sent.pulled <= 1 * MB + 64 * 1024


def test_a_chunked_600_mb_multipart_import_is_cut_off_at_its_limit(app: App) -> None:
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n'
    chunks = iter([head, *([b"x" * MB] * 600)])
    sent = drive(create_app(app), "/import", {"content-type": "multipart/form-data; boundary=b"}, chunks)
    assert sent.status == 413
    assert sent.pulled <= 52 * MB
    assert b"at most 50 MB" in sent.body


def test_an_unpaired_lan_upload_is_refused_after_a_few_kilobytes(app: App) -> None:
    lan = LanInfo(Pairing(), "https://192.168.1.20:8765/", "AB:CD")
    head = b'--b\r\nContent-Disposition: form-data; name="code"; filename="big.bin"\r\n\r\n'
    chunks = iter([head, *([b"x" * 64 * 1024] * 6400)])  # 400 MB
    sent = drive(create_app(app, lan=lan), "/pair", {"content-type": "multipart/form-data; boundary=b"}, chunks)
    assert sent.status == 413
    assert sent.pulled <= 64 * 1024 + len(head)
    assert lan.pairing.total_failures == 0
    # Any other address is refused before a single byte is read.
    sent = drive(
        create_app(app, lan=lan),
        "/p/Ann/tests/knee-to-wall/camera",
        {"content-type": "multipart/form-data; boundary=b"},
        endless(),
    )
    assert sent.status == 303
    assert sent.pulled == 0


def test_an_idle_upload_is_dropped(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "IDLE_SECONDS", 0.5)
    chunks = iter([b'{"name": "A'])
    sent = drive(create_app(app), "/api/v1/profiles", {"content-type": "application/json"}, chunks, stall=True)
    assert sent.status == 408


def test_errors_quote_at_most_100_characters_of_what_was_sent(client: TestClient) -> None:
    huge = "A" * 500_000
    r = client.post("/api/v1/profiles", json={"name": huge})
    assert r.status_code == 422
    assert len(r.content) < 2000
    assert "A" * 101 not in r.text
    page = client.post("/profiles", data={"name": huge})
    assert page.status_code == 422
    assert page.text.count("A") < len(huge) + 200  # once in the re-filled field, never whole in a message
    assert "A" * 101 not in client.get(f"/api/v1/profiles/{'A' * 5000}").text


@pytest.mark.parametrize("big", [2**70, -(2**70), 10**400])
def test_absurd_numbers_are_problems_never_server_errors(client: TestClient, big: int) -> None:
    client.post("/api/v1/profiles", json={"name": "Ann", "birth_year": 1970})
    client.post("/api/v1/profiles/Ann/screenings", json=f.screen_answers())
    raw = json.dumps
    bodies = {
        "/api/v1/profiles": raw({"name": "Bo", "birth_year": big}),
        "/api/v1/profiles/Ann/pain": raw({"pain": {"now": big, "average_24h": 1, "worst_24h": 2}}),
        "/api/v1/profiles/Ann/assessments": raw(
            {"tests": {"knee-to-wall": {"method": "tape", "left": {"knee_to_wall_cm": [big]}}}}
        ),
        "/api/v1/profiles/Ann/questionnaires": raw({"instrument": "odi", "answers": [big] * 10}),
        "/api/v1/profiles/Ann/sessions": raw(
            {"pain_before": 1, "pain_after": 1, "screening_id": big, "items": [{"exercise": "x"}]}
        ),
    }
    for path, body in bodies.items():
        r = client.post(path, content=body.encode(), headers={"content-type": "application/json"})
        assert 400 <= r.status_code < 500, (path, r.status_code, r.text[:200])
        assert r.headers["content-type"] == "application/problem+json"
