"""Helpers for the browser tests: the API shortcut, screenshots, axe-core and form filling."""

from __future__ import annotations

import contextlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from playwright.sync_api import ConsoleMessage, Page, ViewportSize
from playwright.sync_api import Error as PlaywrightError

from tests.factories import baseline, screen_answers, stiff_person_tests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-output" / "screenshots"
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Server:
    base: str
    log: Path


class Api:
    """The JSON API, for setting up a person quickly when a test is about something else."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.base}/api/v1{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def post(self, path: str, body: Any) -> Any:
        status, data = self.call("POST", path, body)
        assert status in (200, 201), (path, status, data)
        return data

    def person(self, name: str, *, tests: bool = True, minutes: int | None = None) -> str:
        """A screened person with a baseline (and the stiff-ankle tests): ready for a routine."""
        self.post("/profiles", {"name": name, "birth_year": 1980, "sex": "female"})
        if minutes is not None:
            status, data = self.call("PATCH", f"/profiles/{quote(name)}/settings", {"minutes": minutes})
            assert status == 200, data
        self.post(f"/profiles/{quote(name)}/screenings", screen_answers())
        self.post(f"/profiles/{quote(name)}/pain", baseline())
        if tests:
            self.post(f"/profiles/{quote(name)}/assessments", stiff_person_tests())
        return name

    def routine(self, name: str) -> list[dict[str, Any]]:
        status, data = self.call("GET", f"/profiles/{quote(name)}/routine")
        assert status == 200, data
        items: list[dict[str, Any]] = data["routine"]["items"]
        return items


_injecting = {"axe": False}  # the CSP refusing our own axe <script> tag is expected, not a page error


def watch_errors(page: Page, errors: list[str]) -> None:
    def console(msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        if _injecting["axe"] and "Content Security Policy" in msg.text:
            return
        if msg.text.startswith("Failed to load resource") and msg.location.get("url") == page.url:
            return  # the page itself answered 403/404/422 on purpose; the tests check that status
        errors.append(f"console {msg.type}: {msg.text}")

    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    page.on("console", console)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def resize(page: Page, size: ViewportSize) -> None:
    """Change the viewport. Set twice: after a single change Chromium keeps using the previous
    height when it scrolls a focused element into view, so clicks near the bottom miss."""
    page.set_viewport_size({"width": size["width"], "height": size["height"] + 1})
    page.set_viewport_size(size)


def shoot(page: Page, name: str, *, full_page: bool = True) -> list[Path]:
    """Screenshots of the current page at phone and desktop width: test-output/screenshots/NAME-*.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size or DESKTOP
    paths = []
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        resize(page, size)
        path = SHOTS / f"{slug(name)}-{label}.png"
        page.screenshot(path=str(path), full_page=full_page)
        paths.append(path)
    resize(page, before)
    return paths


def no_horizontal_scroll(page: Page) -> bool:
    """At phone width nothing may stick out sideways."""
    before = page.viewport_size or DESKTOP
    resize(page, PHONE)
    wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    resize(page, before)
    return not wide


ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def axe_violations(page: Page, impacts: tuple[str, ...] = ALL_IMPACTS) -> list[str]:
    """Run axe-core on the page; return its violations (at every level unless told) as readable lines."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        _injecting["axe"] = True
        with contextlib.suppress(PlaywrightError):
            page.add_script_tag(path=str(AXE))
        try:
            if not page.evaluate("() => typeof window.axe === 'object'"):  # the CSP blocked the tag
                page.evaluate(AXE.read_text(encoding="utf-8"))
        finally:
            _injecting["axe"] = False
    result = page.evaluate("async () => (await window.axe.run(document, {resultTypes: ['violations']})).violations")
    lines = []
    for v in result:
        if v.get("impact") in impacts:
            targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
            lines.append(f"{page.url}: {v['impact']} {v['id']} ({v['help']}) at {targets}")
    return lines


def answer_all_no(page: Page, form_testid: str) -> None:
    """Answer every yes/no question of a form with 'no' (a click on each, done in the page)."""
    form = page.get_by_test_id(form_testid)
    boxes = form.locator('[data-testid^="q-"][data-testid$="-no"]')
    if boxes.count() == 0:
        boxes = form.locator('input[type="radio"][value="no"]')
    assert boxes.count() > 0, f"no yes/no questions in {form_testid}"
    boxes.evaluate_all("els => els.forEach(e => e.click())")  # one round trip instead of one per question


# Stand-ins for speech, Web Audio and the wake lock, so a test can see what the player asked for.
MEDIA_STUBS = """
(() => {
  window.__said = []; window.__beeps = 0; window.__locks = 0; window.__released = 0; window.__onRelease = [];
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true, value: { speak: (u) => window.__said.push(u.text), cancel: () => {} } });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  window.AudioContext = class {
    constructor() { this.state = 'running'; this.currentTime = 0; this.destination = {}; }
    resume() { return Promise.resolve(); }
    createOscillator() {
      const beep = () => { window.__beeps += 1; };
      return { type: '', frequency: { value: 0 }, connect: (n) => n, start: beep, stop: () => {} };
    }
    createGain() {
      return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (n) => n };
    }
  };
  Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: { request: async () => {
    window.__locks += 1;
    return { release: async () => { window.__released += 1; },
             addEventListener: (type, cb) => { if (type === 'release') window.__onRelease.push(cb); } };
  } } });
  window.__systemReleasesLock = () => { window.__onRelease.splice(0).forEach((cb) => cb()); };
})();
"""


def stub_media(page: Page) -> None:
    """Record speech, beeps and wake-lock requests instead of making them (before the page loads)."""
    page.add_init_script(MEDIA_STUBS)


def open_choices(page: Page) -> None:
    """Open the three ways to measure on a test page (typed, this phone, a photo), as a person would
    by tapping each one's heading."""
    closed = page.locator("details.method-choice:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.click()


def a_night_passes(server: Server) -> None:
    """Move every session still waiting for its check-in back by two days in the server's store, as if a
    night had passed (the server runs on the real clock; the check-in opens only the next morning)."""
    import sqlite3

    with sqlite3.connect(server.log.parent / "s.db") as db:
        db.execute("UPDATE exercise_session SET started_at = datetime(started_at, '-2 day') WHERE final = 0")
