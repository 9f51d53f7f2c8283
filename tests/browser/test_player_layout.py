"""The player on a propped phone: at 360×780, 780×360, 844×390 and 1280×800, in every phase, the
timer, the figure, the side label and the controls are inside the screen and do not overlap.

Time is held still with Playwright's page clock, and the player is moved from phase to phase through
its own jump() (the test hook `#player.player`), so no test waits on a real timer.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import SHOTS, Api, Server, stub_media, watch_errors
from tests.factories import short_screen

VIEWPORTS = [(360, 780), (740, 360), (780, 360), (844, 390), (1280, 800)]
START = datetime(2026, 12, 4, 18, 0, 0)

MEASURE = """async () => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
  const shown = (el) => el && !el.hidden && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const out = {};
  const pick = {timer: '#p-timer', figure: '#p-figure', side: '#p-side', phase: '#p-phase', name: '#p-name',
                count: '#p-count', mute: '#p-mute', end: '#p-end', next: '#p-next', set: '#p-set',
                bar: '#p-bar', cue: '#p-cue', unit: '#p-unit'};
  for (const [key, sel] of Object.entries(pick)) {
    const el = document.querySelector(sel);
    if (shown(el)) out[key] = box(el);
  }
  document.querySelectorAll('.p-controls button').forEach((b) => { if (shown(b)) out['button ' + b.id] = box(b); });
  const timer = document.querySelector('#p-timer');
  const img = document.querySelector('#p-figure');
  const cue = document.querySelector('#p-cue');
  const svg = await (await fetch(img.src)).text();
  const vb = svg.match(/viewBox="([\\d.\\s-]+)"/)[1].split(/\\s+/).map(Number);
  const set = document.querySelector('#p-set');
  const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el);
    return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size; };
  return {
    boxes: out,
    setClipped: set.scrollWidth > set.clientWidth + 1 || getComputedStyle(set).textOverflow === 'ellipsis'
      && set.scrollWidth > set.clientWidth,
    setText: set.textContent,
    muteLines: lines(document.querySelector('#p-mute')),
    unitText: document.querySelector('#p-unit').textContent,
    timerClipped: timer.scrollWidth > timer.clientWidth + 1,
    timerText: timer.textContent,
    cueClipped: shown(cue) && (cue.scrollHeight > cue.clientHeight + 1 || cue.scrollWidth > cue.clientWidth + 1),
    cueText: cue.textContent,
    aspect: vb[2] / vb[3],
    headerShown: shown(document.querySelector('.site-header')),
    side: document.querySelector('#p-side').textContent,
  };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"] - 0.5
        and b["x"] < a["x"] + a["w"] - 0.5
        and (a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5)
    )


def _moments(phases: list[dict[str, Any]]) -> dict[str, int]:
    """One phase index for each moment of a session the person sees."""

    def first(test: Any) -> int | None:
        return next((i for i, p in enumerate(phases) if test(p)), None)

    found = {
        "get-ready": 0,
        "hold": first(lambda p: p["kind"] == "hold"),
        "reps": first(lambda p: p["kind"] == "rep"),
        "rest": first(lambda p: p["kind"] == "rest"),
        "between-sides": first(lambda p: p["moment"] == "switch_sides"),
        "between-exercises": first(lambda p: p["moment"] == "next_exercise"),
    }
    return {k: v for k, v in found.items() if v is not None}


@pytest.fixture(scope="module")
def play_url(api: Api) -> str:
    name = api.person("Layout Lee")
    short = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    return f"/p/{quote(name)}/session/play?screening={short['screening_id']}&pain=3"


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_timer_figure_side_and_controls_fit_without_overlap_in_every_phase(
    browser: Browser, server: Server, play_url: str, width: int, height: int
) -> None:
    errors: list[str] = []
    context = browser.new_context(base_url=server.base, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        watch_errors(page, errors)
        stub_media(page)
        page.clock.install(time=START)
        page.goto(play_url)
        page.clock.pause_at(datetime(2026, 12, 4, 18, 10, 0))  # time stands still: phases change only by jump()
        data = json.loads(page.locator("#routine-data").text_content() or "{}")
        moments = _moments(data["phases"])
        assert {"get-ready", "rest", "between-sides", "between-exercises"} <= set(moments)
        assert {"hold", "reps"} & set(moments)
        page.get_by_test_id("start").click()
        player = page.get_by_test_id("player")
        expect(player).to_have_attribute("data-state", "running")
        checked = []
        for moment, index in [*moments.items(), ("paused", moments.get("hold", moments.get("reps", 0)))]:
            page.evaluate("(i) => document.getElementById('player').player.jump(i)", index)
            if moment == "paused":
                page.keyboard.press(" ")
                expect(player).to_have_attribute("data-state", "paused")
            expect(player).to_have_attribute("data-index", str(index))
            expect(page.get_by_test_id("player-figure")).to_have_js_property("complete", True)
            _check(page, moment, data["phases"][index], width, height)
            page.screenshot(path=str(SHOTS / f"player-{width}x{height}-{moment}.png"))
            checked.append(moment)

        page.get_by_test_id("end-session").click()
        page.get_by_test_id("end-confirm-yes").click()
        heading = page.get_by_role("heading", name="How did it go?")
        expect(heading).to_be_in_viewport()
        expect(page.locator(".site-header")).to_be_visible()  # the menu is back once the session is over
        taps = page.locator(".tap").all()
        assert len(taps) == 22
        assert all((t.bounding_box() or {"height": 0})["height"] >= 44 for t in taps)  # big tap targets
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(SHOTS / f"player-{width}x{height}-done.png"))
        assert len(checked) >= 6
        assert errors == []
    finally:
        context.close()


def _check(page: Page, moment: str, phase: dict[str, Any], width: int, height: int) -> None:
    m = page.evaluate(MEASURE)
    boxes: dict[str, dict[str, float]] = m["boxes"]
    where = f"{width}x{height} {moment}"
    assert not m["headerShown"], f"{where}: the site menu is still shown"
    needed = {"timer", "figure", "button p-pause", "button p-back", "button p-skip"}
    if phase["side"]:
        needed.add("side")
        assert m["side"].lower().startswith(phase["side"]), where
    assert needed <= set(boxes), f"{where}: missing {needed - set(boxes)}"
    for key, b in boxes.items():
        fits_x = b["x"] >= -0.5 and b["x"] + b["w"] <= width + 0.5
        inside = fits_x and b["y"] >= -0.5 and b["y"] + b["h"] <= height + 0.5
        assert inside, f"{where}: {key} {b} is outside the {width}x{height} screen"
        assert min(b["w"], b["h"]) > 0, f"{where}: {key} has no size"
    keys = sorted(boxes)
    for i, a in enumerate(keys):
        for other in keys[i + 1 :]:
            assert not _overlap(boxes[a], boxes[other]), f"{where}: {a} {boxes[a]} overlaps {other} {boxes[other]}"
    assert not m["timerClipped"], f"{where}: the timer {m['timerText']!r} is cut off"
    assert not m["cueClipped"], f"{where}: the cue {m['cueText']!r} is cut off"
    assert not m["setClipped"], f"{where}: the dose {m['setText']!r} is cut off"
    assert m["muteLines"] == 1, f"{where}: the mute button's label wraps"
    assert m["unitText"].endswith("left"), f"{where}: the big number has no unit ({m['unitText']!r})"
    if height > width:  # upright, the cue is on screen (lying on its side, it is only spoken)
        assert "cue" in boxes, f"{where}: the cue is not shown"
    fig = boxes["figure"]
    drawn_w = min(fig["w"], fig["h"] * m["aspect"])  # object-fit: contain
    if height > width:
        assert drawn_w >= 0.4 * width, f"{where}: the figure is {drawn_w:.0f} px wide, under 40 % of {width}"
    else:
        assert drawn_w >= 0.3 * width, f"{where}: the figure is {drawn_w:.0f} px wide, under 30 % of {width}"
    for key in ("button p-pause", "button p-back", "button p-skip"):
        assert boxes[key]["h"] >= 44, f"{where}: {key} is a small tap target"
