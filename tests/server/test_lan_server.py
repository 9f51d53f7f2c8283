"""`supple serve --lan` for real: HTTPS only, and nothing but the pairing page until a browser pairs.

The server listens on 127.0.0.1 here (--host), so the test does not depend on the machine's network;
the gate does not trust any address, the computer's own included.
"""

from __future__ import annotations

import os
import re
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.server.live import SUPPLE, free_port, stop, wait_until_ready


@dataclass(frozen=True)
class LanServer:
    base: str
    port: int
    cert: Path
    token: str
    code: str
    output: str


def _trusting(cert: Path) -> ssl.SSLContext:
    """Trust exactly the server's own certificate (and check the address it names)."""
    return ssl.create_default_context(cafile=str(cert))


def _start(tmp: Path) -> tuple[subprocess.Popen[bytes], LanServer]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_")}
    env.update(HOME=str(tmp), SUPPLE_DATA_DIR=str(tmp / "data"), SUPPLE_TIMER_SCALE="0.01", PYTHONUNBUFFERED="1")
    log = tmp / "lan.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [SUPPLE, "--db", str(tmp / "s.db"), "serve", "--lan", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    cert = tmp / "data" / "lan" / "cert.pem"
    base = f"https://127.0.0.1:{port}"
    wait_until_ready(
        proc, lambda: cert.exists() and httpx.get(f"{base}/pair", verify=_trusting(cert), timeout=5).is_success, log
    )
    try:
        output = log.read_text()
        token = re.search(r"/pair\?t=([A-Za-z0-9_-]+)", output)
        code = re.search(r"enter the code (\d{6})", output)
        assert token, output
        assert code, output
        assert "▄▄▄▄▄" in output  # the QR code, drawn in the terminal
    except BaseException:
        stop(proc)
        raise
    return proc, LanServer(base, port, cert, token[1], code[1], output)


@pytest.fixture(scope="module")
def lan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanServer]:
    proc, server = _start(tmp_path_factory.mktemp("lan"))
    try:
        yield server
    finally:
        stop(proc)


def _client(lan: LanServer, **headers: str) -> httpx.Client:
    """Like a browser on the pairing page: its posts carry the page's origin (see web/csrf.py)."""
    browser = {"Origin": lan.base, "Sec-Fetch-Site": "same-origin"} | headers
    return httpx.Client(
        base_url=lan.base, verify=_trusting(lan.cert), follow_redirects=False, timeout=10, headers=browser
    )


def test_nothing_is_served_without_pairing(lan: LanServer) -> None:
    with _client(lan) as c:
        api = c.get("/api/v1/profiles")
        assert api.status_code == 401
        assert api.headers["content-type"] == "application/problem+json"
        assert "paired" in api.json()["detail"]
        for path in ("/", "/lan", "/exercises", "/p/Ann/tests/knee-to-wall", "/openapi.json", "/docs"):
            r = c.get(path)
            assert r.status_code in (303, 401), path
            assert r.status_code == 401 or r.headers["location"].startswith("/pair"), path
        assert c.post("/api/v1/profiles", json={"name": "Eve", "birth_year": 1980, "sex": "female"}).status_code == 401
        # The pairing page itself is served, with the same-origin policy.
        page = c.get("/pair")
        assert page.status_code == 200
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert 'name="code"' in page.text
        assert c.get("/pair", params={"t": "not-the-token"}).status_code == 403
        assert "supple_pair" not in c.cookies


def test_plain_http_is_not_served(lan: LanServer) -> None:
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{lan.port}/api/v1/profiles", timeout=5)


def test_the_token_from_the_qr_code_pairs_with_a_secure_cookie(lan: LanServer) -> None:
    with _client(lan) as c:
        r = c.get("/pair", params={"t": lan.token, "next": "/lan"})
        assert r.status_code == 303
        assert r.headers["location"] == "/lan"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith("supple_pair=")
        for flag in ("HttpOnly", "Secure", "SameSite=lax", "Path=/"):
            assert flag.lower() in cookie.lower(), cookie
        assert lan.token not in cookie  # the token is exchanged, not stored in the browser
        assert c.get("/api/v1/profiles").status_code == 200
        desk = c.get("/lan")
        assert desk.status_code == 200
        assert "<svg" in desk.text  # the QR code
        fingerprint = re.search(r"SHA-256 fingerprint:\s+([0-9A-F:]{95})", lan.output)
        assert fingerprint, lan.output
        assert fingerprint[1] in desk.text
        assert lan.code in desk.text
        # An open redirect is not possible through `next`.
        assert c.get("/pair", params={"t": lan.token, "next": "https://elsewhere.example/"}).headers["location"] == "/"


def test_the_short_code_pairs_but_only_a_few_wrong_tries_are_allowed(lan: LanServer) -> None:
    with _client(lan) as c:
        ok = c.post("/pair", data={"code": lan.code, "next": "/"})
        assert ok.status_code == 303
        assert c.get("/api/v1/profiles").status_code == 200
    wrong = "000000" if lan.code != "000000" else "111111"
    with _client(lan) as c:
        first = c.post("/pair", data={"code": wrong})
        assert first.status_code == 403
        assert "tries left" in first.text
        statuses = [c.post("/pair", data={"code": wrong}).status_code for _ in range(12)]
        assert statuses[-1] == 429
        assert c.post("/pair", data={"code": lan.code}).status_code == 429  # switched off for this client
        assert c.get("/api/v1/profiles").status_code == 401
        assert c.get("/pair", params={"t": lan.token}).status_code == 303  # the QR code still works


def test_a_certificate_folder_that_cannot_be_made_is_a_plain_message(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_")}
    env.update(HOME=str(tmp_path), SUPPLE_DATA_DIR=str(tmp_path / "not-a-folder"))
    run = subprocess.run(
        [SUPPLE, "--db", str(tmp_path / "s.db"), "serve", "--lan", "--host", "127.0.0.1", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0
    assert "Cannot keep the HTTPS certificate in" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr


def test_a_calendar_app_gets_the_feed_by_its_token_alone_and_nothing_else(lan: LanServer) -> None:
    with _client(lan) as paired:
        assert paired.get("/pair", params={"t": lan.token}).status_code == 303
        assert paired.post("/api/v1/profiles", json={"name": "Cal", "birth_year": 1980}).status_code == 201
        feed = paired.post("/api/v1/profiles/Cal/calendar-feed")
        assert feed.status_code in (200, 201), feed.text
        path = feed.json()["path"]
    with _client(lan) as calendar_app:  # never paired
        r = calendar_app.get(path)
        assert r.status_code == 200, r.text
        assert r.text.startswith("BEGIN:VCALENDAR")
        assert calendar_app.get("/api/v1/calendar/not-the-token.ics").status_code == 404
        assert calendar_app.get(path.replace(".ics", ".ics/../../profiles")).status_code in (401, 404)
        assert calendar_app.get("/api/v1/profiles/Cal/calendar.ics").status_code == 401


def test_another_site_cannot_try_codes_and_empty_codes_do_not_count(lan: LanServer) -> None:
    with _client(lan, Origin="https://evil.example", **{"Sec-Fetch-Site": "cross-site"}) as evil:
        assert {evil.post("/pair", data={"code": "000001"}).status_code for _ in range(15)} == {403}
    with _client(lan) as c:
        for _ in range(15):
            assert c.post("/pair", data={"code": ""}).status_code in (422, 429)
        page = c.get("/pair", params={"t": lan.token})  # pair through the QR code to look at /lan
        assert page.status_code == 303


def test_the_owner_switches_the_code_back_on_from_the_computer(lan: LanServer) -> None:
    wrong = "000000" if lan.code != "000000" else "111111"
    with _client(lan) as c:
        for _ in range(12):
            c.post("/pair", data={"code": wrong})
        assert c.post("/pair", data={"code": lan.code}).status_code == 429
        assert c.get("/pair", params={"t": lan.token}).status_code == 303  # the owner's link from the terminal
        desk = c.get("/lan")
        assert 'data-testid="lan-wrong-tries"' in desk.text
        assert 'data-testid="lan-reset"' in desk.text
        with _client(lan, Origin="https://evil.example", **{"Sec-Fetch-Site": "cross-site"}) as evil:
            evil.cookies = c.cookies
            assert evil.post("/lan/reset-code").status_code == 403
        assert c.post("/lan/reset-code").status_code == 303
    with _client(lan) as fresh:
        assert fresh.post("/pair", data={"code": lan.code}).status_code == 303


def test_the_feed_address_is_the_served_address_and_other_host_names_are_refused(lan: LanServer) -> None:
    with _client(lan) as c:
        assert c.get("/pair", params={"t": lan.token}).status_code == 303
        c.post("/api/v1/profiles", json={"name": "Feed", "birth_year": 1970, "sex": "female"})
        assert c.post("/p/Feed/calendar-feed").status_code == 303
        page = c.get("/p/Feed/records", headers={"Host": f"localhost:{lan.port}"})
        assert page.status_code == 200
        assert f"{lan.base}/api/v1/calendar/" in page.text
        assert c.get("/p/Feed/records", headers={"Host": f"evil.example:{lan.port}"}).status_code == 400


def test_an_unpaired_upload_to_the_pairing_page_is_refused_unread(lan: LanServer) -> None:
    with _client(lan) as c:
        r = c.post("/pair", content=b"x" * 10_000, headers={"content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413
