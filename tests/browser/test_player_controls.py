"""The player's controls as a person on the floor uses them: skip this side or the whole exercise,
End that asks first, the space bar that always pauses, "Next:" naming what really comes next, and
a reload that picks up where it was. Time stands still (Playwright's page clock) unless a test moves it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from tests.browser.support import Api, Server, axe_violations, stub_media, watch_errors
from tests.factories import short_screen


@pytest.fixture
def held(browser: Browser, server: Server, api: Api, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A player page for a new person, with time held still, ready to start."""
    name = api.person(f"Controls {request.node.name[-30:]}")
    short = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    context: BrowserContext = browser.new_context(base_url=server.base, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    errors: list[str] = []
    page = context.new_page()
    watch_errors(page, errors)
    stub_media(page)
    page.clock.install(time=datetime(2026, 12, 4, 18, 0, 0))
    page.goto(f"/p/{quote(name)}/session/play?screening={short['screening_id']}&pain=3")
    page.clock.pause_at(datetime(2026, 12, 4, 18, 10, 0))
    yield page
    assert errors == []
    context.close()


def _data(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(page.locator("#routine-data").text_content() or "{}")
    return data


def _jump(page: Page, index: int) -> None:
    page.evaluate("(i) => document.getElementById('player').player.jump(i)", index)
    expect(page.get_by_test_id("player")).to_have_attribute("data-index", str(index))


def _two_sided(data: dict[str, Any]) -> tuple[int, int]:
    """The first exercise done on each side, and the index of its first left-side phase."""
    item = next(i for i, it in enumerate(data["items"]) if it["sides"] == "each" and i + 1 < len(data["items"]))
    return item, next(i for i, p in enumerate(data["phases"]) if p["item"] == item)


def test_skip_this_side_goes_to_the_other_side_and_skip_exercise_to_the_next_exercise(held: Page) -> None:
    data = _data(held)
    item, first = _two_sided(data)
    held.get_by_test_id("start").click()
    _jump(held, first + 1)  # into the left side, past its get-ready
    count = held.get_by_test_id("exercise-count")
    expect(count).to_have_text(f"Exercise {item + 1} of {len(data['items'])}")
    expect(held.get_by_test_id("side")).to_have_text("Left side")
    expect(held.get_by_test_id("next-up")).to_have_text("Next: right side")  # not the next exercise yet

    held.get_by_test_id("skip-side").click()
    expect(count).to_have_text(f"Exercise {item + 1} of {len(data['items'])}")  # the same exercise
    expect(held.get_by_test_id("side")).to_have_text("Right side")
    expect(held.get_by_test_id("phase")).to_have_text("Get ready")
    expect(held.get_by_test_id("player")).to_have_attribute("data-moment", "switch_sides")
    expect(held.get_by_test_id("next-up")).to_have_text(f"Next: {data['items'][item + 1]['name']}")
    expect(held.get_by_test_id("skip-side")).to_be_hidden()  # no side left to skip to

    held.get_by_test_id("skip").click()
    expect(count).to_have_text(f"Exercise {item + 2} of {len(data['items'])}")
    expect(held.get_by_test_id("player")).to_have_attribute("data-moment", "next_exercise")


def test_start_goes_full_screen_and_end_asks_first_keep_going_carries_on_and_yes_ends(held: Page) -> None:
    held.get_by_test_id("start").click()
    held.wait_for_function("() => document.fullscreenElement === document.documentElement")
    expect(held.locator(".site-header")).to_be_hidden()  # no site menu to wander off through
    player = held.get_by_test_id("player")
    held.get_by_test_id("end-session").click()
    dialog = held.get_by_test_id("end-confirm")
    expect(dialog).to_be_visible()
    held.clock.resume()  # axe-core waits on timers; the player is paused while the dialog is open
    assert axe_violations(held, ("minor", "moderate", "serious", "critical")) == []
    held.clock.pause_at(datetime(2026, 12, 4, 23, 0, 0))
    expect(player).to_have_attribute("data-state", "paused")  # the clock waits for the answer
    held.get_by_test_id("end-cancel").click()
    expect(dialog).to_be_hidden()
    expect(player).to_have_attribute("data-state", "running")
    expect(held.get_by_test_id("pain-log-form")).to_be_hidden()

    held.get_by_test_id("end-session").click()
    held.get_by_test_id("end-confirm-yes").click()
    expect(held.get_by_test_id("pain-log-form")).to_be_visible()
    expect(player).to_be_hidden()
    held.wait_for_function("() => document.fullscreenElement === null")  # the log is an ordinary page
    held.clock.resume()
    assert axe_violations(held, ("minor", "moderate", "serious", "critical")) == []


def test_the_space_bar_pauses_even_when_back_has_the_focus(held: Page) -> None:
    data = _data(held)
    held.get_by_test_id("start").click()
    count = held.get_by_test_id("exercise-count")
    held.get_by_test_id("skip").click()
    held.get_by_test_id("skip").click()
    expect(count).to_have_text(f"Exercise 3 of {len(data['items'])}")
    back = held.get_by_test_id("back")
    back.click()
    expect(count).to_have_text(f"Exercise 2 of {len(data['items'])}")
    expect(back).to_be_focused()
    held.keyboard.press(" ")
    player = held.get_by_test_id("player")
    expect(player).to_have_attribute("data-state", "paused")
    expect(count).to_have_text(f"Exercise 2 of {len(data['items'])}")  # Back was not pressed again
    held.keyboard.press(" ")
    expect(player).to_have_attribute("data-state", "running")
    expect(count).to_have_text(f"Exercise 2 of {len(data['items'])}")
    held.get_by_test_id("skip-side").focus()
    held.keyboard.press(" ")
    expect(player).to_have_attribute("data-state", "paused")
    expect(count).to_have_text(f"Exercise 2 of {len(data['items'])}")


def test_a_reload_resumes_at_the_same_exercise_side_and_time_and_the_log_too(held: Page) -> None:
    data = _data(held)
    item, _ = _two_sided(data)
    right_hold = next(
        i for i, p in enumerate(data["phases"]) if p["item"] == item and p["side"] == "right" and p["kind"] != "ready"
    )
    held.get_by_test_id("start").click()
    _jump(held, right_hold)
    held.clock.run_for(20)  # 2 s of session time at the test server's 0.01 scale
    player = held.get_by_test_id("player")
    held.keyboard.press(" ")  # paused, so the saved time is exact
    expect(player).to_have_attribute("data-state", "paused")
    timer_before = held.get_by_test_id("timer").text_content()
    index_before = player.get_attribute("data-index")
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    held.on("dialog", answer)
    held.reload()
    assert asked == ["beforeunload"]  # leaving asks first
    expect(player).to_have_attribute("data-state", "paused")
    expect(player).to_have_attribute("data-index", index_before or "")
    expect(held.get_by_test_id("side")).to_have_text("Right side")
    expect(held.get_by_test_id("exercise-count")).to_have_text(f"Exercise {item + 1} of {len(data['items'])}")
    expect(held.get_by_test_id("timer")).to_have_text(timer_before or "")
    expect(held.locator(".site-header")).to_be_hidden()  # still the full-screen player

    held.get_by_test_id("end-session").click()
    held.get_by_test_id("end-confirm-yes").click()
    form = held.get_by_test_id("pain-log-form")
    expect(form).to_be_visible()
    ticked = [b.is_checked() for b in form.locator('input[type="checkbox"]').all()]
    held.reload()  # on the log: no question, and the log comes back with the same ticks
    expect(form).to_be_visible()
    assert [b.is_checked() for b in form.locator('input[type="checkbox"]').all()] == ticked
    client_id = form.get_by_test_id("client-id").input_value()
    assert re.fullmatch(r"[0-9a-f-]{32,36}", client_id)
    form.get_by_test_id("pain-during-2").check()
    form.get_by_test_id("pain-after-2").check()
    form.get_by_test_id("nerve-no").check()
    if not any(ticked):
        form.locator('input[type="checkbox"]').first.check()
    form.get_by_test_id("log-submit").click()
    expect(held.get_by_test_id("well-done")).to_be_visible()
    assert held.evaluate("(k) => localStorage.getItem(k)", data["resume_key"]) is None  # saved: nothing to resume
