"""Browser tests: a real `supple serve` subprocess and Debian's Chromium driven by Playwright.

The server runs once per test session with every timer scaled by 0.01 (SUPPLE_TIMER_SCALE), on a
free port, with HOME and XDG_DATA_HOME in a temporary folder so nothing touches the real store.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.support import CHROMIUM, ROOT, Api, Server, watch_errors
from tests.server.live import stop, wait_until_ready

# Assertions wait for the page to get there; on a machine busy with other work that can take more than
# Playwright's default 5 s. A passing test waits no longer for this: it is only how long a failing one waits.
expect.set_options(timeout=20_000)

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _supple() -> Path:
    venv = ROOT / ".venv" / "bin" / "supple"
    return venv if venv.exists() else Path(sys.executable).parent / "supple"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (scripts/browser-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_")}
    env.update(
        SUPPLE_TIMER_SCALE="0.01",
        HOME=str(folder / "home"),
        XDG_DATA_HOME=str(folder / "data"),
        PYTHONUNBUFFERED="1",
    )
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(_supple()), "--db", str(folder / "s.db"), "serve", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(proc, lambda: httpx.get(f"{base}/api/v1/profiles", timeout=5).is_success, log_path)
        yield Server(base, log_path)
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def api(server: Server) -> Api:
    return Api(server.base)


@pytest.fixture(scope="session")
def browser(server: Server) -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Script errors, failed loads and CSP violations seen by the page (tests assert it stays empty)."""
    return []


@pytest.fixture
def page(browser: Browser, server: Server, page_errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    watch_errors(pg, page_errors)
    yield pg
    context.close()
