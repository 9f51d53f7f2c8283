"""The log after the player: skipping every exercise is not "ending the session early", and a refused log
form does not put the address it was posted to in the offline cache."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Request, expect

from tests.browser.support import Api
from tests.browser.test_session_player import start_player


def test_skipping_every_exercise_says_how_many_were_done_without_ending_early(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Skip Sam")
    items = api.routine(name)
    start_player(page, name)
    page.get_by_test_id("start").click()
    for _ in items:
        page.get_by_test_id("skip").click()
    summary = page.get_by_test_id("session-summary")
    expect(summary).to_contain_text(f"You did 0 of {len(items)} exercises.")
    expect(summary).not_to_contain_text("early")
    assert page_errors == []


def test_a_refused_log_form_fetches_nothing_from_the_address_it_was_posted_to(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Refused Rae")
    start_player(page, name)
    page.get_by_test_id("start").click()
    page.get_by_test_id("end-session").click()
    page.get_by_test_id("end-confirm-yes").click()
    fetched: list[str] = []

    def seen(request: Request) -> None:
        if request.method == "GET" and "/session/log" in request.url:
            fetched.append(request.url)

    page.context.on("request", seen)
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_test_id("log-submit").click()  # nothing answered: refused
    assert response.value.status == 422
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    # the refused page keeps its figures for offline use: once they are in the cache, its work is done
    page.wait_for_function(
        """async () => {
          const names = await caches.keys();
          for (const n of names) {
            const keys = await (await caches.open(n)).keys();
            if (keys.some((r) => r.url.includes('still=1'))) return true;
          }
          return false;
        }"""
    )
    assert fetched == []
    assert not [e for e in page_errors if re.search(r"Cache\.add|405", e)]
