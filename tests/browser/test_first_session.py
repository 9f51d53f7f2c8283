"""A new person, from an empty store to the first timer of the first guided session.

The walk counts what a person would do: every click or tap is one, typing a word is one (a name
counts once however long it is), and a key press is one. The issue's bar: at most 25 taps and
keystrokes, and at most 3 minutes of scripted time. Both numbers are printed (run with -s to see
them). The server is a fresh one with its own empty store, so other tests' people do not count.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.support import ROOT, shoot, stub_media, watch_errors
from tests.server.live import stop, wait_until_ready

MAX_TAPS = 25
MAX_SECONDS = 180


@dataclass
class Counter:
    taps: int = 0
    log: list[str] = field(default_factory=list)

    def tap(self, target: Locator, what: str) -> None:
        target.click()
        self.taps += 1
        self.log.append(f"tap: {what}")

    def type(self, target: Locator, text: str, what: str) -> None:
        target.fill(text)
        self.taps += 1
        self.log.append(f"type: {what}")


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`supple serve` on a new, empty store (the shared server already holds other tests' people)."""
    folder = tmp_path_factory.mktemp("first-session")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLE_")}
    env.update(SUPPLE_TIMER_SCALE="0.01", HOME=str(folder / "home"), XDG_DATA_HOME=str(folder / "data"))
    supple = ROOT / ".venv" / "bin" / "supple"
    exe = supple if supple.exists() else Path(sys.executable).parent / "supple"
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(exe), "--db", str(folder / "s.db"), "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(
            proc, lambda: httpx.get(f"{base}/api/v1/profiles", timeout=5).is_success, folder / "server.log"
        )
        yield base
    finally:
        stop(proc)
        log.close()


def _answer_no(page: Page, form: Locator, count: Counter) -> None:
    """Answer 'no' to the questions showing: one tap on each group's "No to all of these" (it answers only
    what has no answer yet), then one tap for any question still without an answer."""
    for button in form.locator("[data-none-of-these] button").all():
        if button.is_visible():
            count.tap(button, "no to all of these")
    for radio in form.locator('input[type="radio"][value="no"]').all():
        if radio.is_visible() or radio.locator("xpath=..").is_visible():
            name = radio.get_attribute("name") or ""
            if not form.locator(f'input[type="radio"][name="{name}"]:checked').count():
                count.tap(radio.locator("xpath=.."), f"no to {name}")


def _through_the_safety_screen(page: Page, count: Counter) -> None:
    """The safety screen, however many pages it has: answer what shows, then go on to the start page."""
    for _ in range(10):
        expect(page).to_have_url(re.compile(r"/screen"))
        form = page.get_by_test_id("screen-form")
        expect(form).to_be_visible()
        _answer_no(page, form, count)
        count.tap(page.get_by_test_id("screen-submit"), "safety screen: next")
        page.wait_for_load_state("load")
        if not re.search(r"/screen(\?|$|/step)", page.url):
            break
    assert "/stop" not in page.url, page.url
    if re.search(r"/screen/\d+/done", page.url):
        count.tap(page.get_by_test_id("next-step"), "after the safety screen: next step")
    if not page.url.endswith("/start"):  # home first, then the start page
        count.tap(page.get_by_test_id("next-step"), "home: get your first routine")


def _through_the_short_check(page: Page, count: Counter) -> None:
    """The short safety check before the session: no to every question, pain now 2, go."""
    form = page.get_by_test_id("session-screen-form")
    expect(form).to_be_visible()
    _answer_no(page, form, count)
    pain = page.get_by_test_id("pain-now")
    if pain.evaluate("e => e.tagName") == "FIELDSET":
        count.tap(pain.get_by_test_id("pain-now-2").locator("xpath=.."), "pain now: 2")
    else:
        count.type(pain, "2", "pain now")
    count.tap(page.get_by_test_id("session-screen-submit"), "go to the session")


def test_a_new_person_reaches_the_first_timer_within_3_minutes_and_25_taps(browser: Browser, empty_server: str) -> None:
    context = browser.new_context(base_url=empty_server, viewport={"width": 360, "height": 740}, has_touch=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    watch_errors(page, errors)
    stub_media(page)
    count = Counter()
    started = time.monotonic()
    try:
        page.goto("/")
        count.type(page.get_by_test_id("profile-name"), "Nia", "the name")
        count.tap(page.get_by_test_id("create-profile-submit"), "create my profile")

        _through_the_safety_screen(page, count)
        expect(page.get_by_test_id("start-form")).to_be_visible()
        shoot(page, "first-session-start")
        count.tap(page.get_by_test_id("start-submit"), "what you have: show my starter routine")

        expect(page).to_have_url(re.compile(r"/routine$"))
        expect(page.get_by_test_id("routine-item").first).to_be_visible()
        count.tap(page.get_by_test_id("start-session"), "start the session")

        _through_the_short_check(page, count)

        expect(page.get_by_test_id("player")).to_be_visible()
        count.tap(page.get_by_test_id("start"), "start the player")
        timer = page.get_by_test_id("timer")
        expect(timer).to_be_visible()
        expect(timer).to_have_text(re.compile(r"\d"))
    finally:
        context.close()
    seconds = time.monotonic() - started
    print(f"\nfirst guided session: {count.taps} taps and keystrokes, {seconds:.1f} s of scripted time")
    print("\n".join(count.log))
    assert errors == []
    assert seconds <= MAX_SECONDS
    assert count.taps <= MAX_TAPS, f"{count.taps} taps: " + "; ".join(count.log)
