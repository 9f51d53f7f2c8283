"""Installable and offline: with the phone offline the routine and the player still open (the service
worker's copies), the figures show, and a session logged meanwhile is kept on the phone and stored
exactly once when the server can be reached again."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import Api, Server, stub_media, watch_errors
from tests.factories import short_screen


def _sessions(api: Api, name: str) -> int:
    status, data = api.call("GET", f"/profiles/{quote(name)}/progress")
    assert status == 200, data
    return int(data["adherence"]["sessions"])


def _expect_sent(page: Page, server: Server) -> None:
    """The kept log was sent; if not, say what the server answered (the refused status) and logged."""
    try:
        expect(page.get_by_test_id("sent-link")).to_be_visible(timeout=30_000)
    except AssertionError as err:
        refused = page.evaluate("() => localStorage.getItem('supple.outbox.refused')")
        said = server.log.read_text().splitlines()[-10:]
        raise AssertionError(f"the kept log was not sent: refused={refused}; server log: {said}") from err


def test_a_session_logged_offline_is_stored_once_when_the_server_is_back(
    browser: Browser, server: Server, api: Api
) -> None:
    name = api.person("Offline Olu")
    short = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    play = f"/p/{quote(name)}/session/play?screening={short['screening_id']}&pain=3"
    context = browser.new_context(base_url=server.base, viewport={"width": 390, "height": 844}, service_workers="allow")
    context.set_default_timeout(20_000)
    errors: list[str] = []
    try:
        page = context.new_page()
        watch_errors(page, errors)
        stub_media(page)
        page.goto(f"/p/{quote(name)}/routine")
        assert page.evaluate("async () => { await navigator.serviceWorker.ready; return true; }")
        page.goto(play)
        data: dict[str, Any] = json.loads(page.locator("#routine-data").text_content() or "{}")
        page.wait_for_function(  # the player page and its first figure are kept for offline use
            """async (id) => {
                const cache = await caches.open('supple-pages-v1');
                return Boolean(await cache.match(location.href))
                    && (await cache.keys()).some((r) => r.url.includes('/figures/exercises/' + id));
            }""",
            arg=data["items"][0]["id"],
        )

        context.set_offline(True)
        page.goto(f"/p/{quote(name)}/progress")  # never opened: the service worker says so plainly
        expect(page.get_by_role("heading", level=1)).to_have_text("Supple cannot be reached")
        page.goto(f"/p/{quote(name)}/routine")
        expect(page.locator(".site-header")).to_be_visible()  # opened before: works offline
        page.goto(play)
        page.get_by_test_id("start").click()
        figure = page.get_by_test_id("player-figure")
        expect(figure).to_have_js_property("complete", True)
        assert page.evaluate("() => document.getElementById('p-figure').naturalWidth") > 0  # the figure shows
        page.get_by_test_id("end-session").click()
        page.get_by_test_id("end-confirm-yes").click()
        form = page.get_by_test_id("pain-log-form")
        form.locator('input[type="checkbox"]').first.check()
        form.get_by_test_id("pain-during-2").check()
        form.get_by_test_id("pain-after-1").check()
        form.get_by_test_id("nerve-no").check()
        form.get_by_test_id("log-submit").click()
        expect(page.get_by_test_id("saved-offline")).to_be_visible()
        outbox = page.evaluate("() => JSON.parse(localStorage.getItem('supple.outbox'))")
        assert len(outbox) == 1
        assert _sessions(api, name) == 0  # not sent yet

        context.set_offline(False)  # the browser says "online": the kept log is sent
        _expect_sent(page, server)
        assert page.evaluate("() => localStorage.getItem('supple.outbox')") is None
        assert _sessions(api, name) == 1

        # The answer got lost and the phone sends the same log again: still one session.
        page.evaluate("(list) => localStorage.setItem('supple.outbox', JSON.stringify(list))", outbox)
        page.evaluate("async () => (await import('/static/offline.js')).flush()")
        assert page.evaluate("() => localStorage.getItem('supple.outbox')") is None
        assert page.evaluate("() => localStorage.getItem('supple.outbox.refused')") is None
        assert _sessions(api, name) == 1
        assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
    finally:
        context.close()


def test_a_kept_log_that_supple_refuses_later_is_shown_until_the_person_has_read_it(
    browser: Browser, server: Server, api: Api
) -> None:
    name = api.person("Refused Rui")
    context = browser.new_context(base_url=server.base, viewport={"width": 360, "height": 780})
    context.set_default_timeout(20_000)
    errors: list[str] = []
    try:
        page = context.new_page()
        watch_errors(page, errors)
        page.goto(f"/p/{quote(name)}/routine")
        expect(page.get_by_test_id("refused-logs")).to_have_count(0)  # nothing refused: no notice
        # A log kept on the phone whose answers the server refuses (no pain answers at all): 4xx.
        entry = {
            "id": "refused-1",
            "action": f"{server.base}/p/{quote(name)}/session/log",
            "body": "client_id=refused-1",
            "at": "2026-11-30T08:15:00.000Z",
        }
        page.evaluate("(list) => localStorage.setItem('supple.outbox', JSON.stringify(list))", [entry])
        page.evaluate("async () => (await import('/static/offline.js')).flush()")
        assert page.evaluate("() => localStorage.getItem('supple.outbox')") is None  # not sent again
        refused = page.evaluate("() => JSON.parse(localStorage.getItem('supple.outbox.refused'))")
        assert [r["id"] for r in refused] == ["refused-1"]
        assert 400 <= refused[0]["status"] < 500

        page.goto(f"/p/{quote(name)}/progress")  # shown on the next page too, in plain words
        notice = page.get_by_test_id("refused-logs")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("One session was not saved")
        expect(notice).to_contain_text("log it again")
        notice.get_by_test_id("refused-logs-dismiss").click()
        expect(page.get_by_test_id("refused-logs")).to_have_count(0)
        assert page.evaluate("() => localStorage.getItem('supple.outbox.refused')") is None
        page.reload()
        expect(page.get_by_test_id("refused-logs")).to_have_count(0)  # read once, gone for good
        assert [e for e in errors if "status of 4" not in e] == []  # only the refused post itself
    finally:
        context.close()
