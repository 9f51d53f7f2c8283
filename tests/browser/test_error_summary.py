"""Mistakes the GOV.UK way, on a 360 px phone: after a refused form the error summary ("There is a
problem") is at the top of the screen and has the focus, each of its links moves to its field, each
field shows its own message, and what was typed is kept. It works without JavaScript too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.support import Api, Server, axe_violations, shoot, watch_errors

PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser: Browser, server: Server, page_errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base, viewport=PHONE, has_touch=True)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    watch_errors(pg, page_errors)
    yield pg
    context.close()


@pytest.fixture
def phone_without_js(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base, viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _submit_bad_knee_to_wall(page: Page, name: str) -> None:
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    form = page.get_by_test_id("test-form")
    form.get_by_test_id("method-toe_to_wall_cm").select_option("tape")
    form.get_by_test_id("left-toe_to_wall_cm-1").fill("ten")
    form.get_by_test_id("right-toe_to_wall_cm-1").fill("40")
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        form.get_by_test_id("test-submit").click()
    assert response.value.status == 422
    page.wait_for_load_state("load")


def _active_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def test_after_a_bad_submit_the_summary_is_on_screen_and_focused_and_its_links_reach_the_fields(
    phone: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Summary Sue", tests=False)
    _submit_bad_knee_to_wall(phone, name)

    expect(phone).to_have_title(re.compile(r"^Error: "))  # the window title says it first
    summary = phone.get_by_test_id("error-summary")
    expect(summary).to_be_in_viewport()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("data-ready", "true")  # its script is running
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_contain_text("‘ten’ is not a number. Allowed: 0 to 30 cm.")
    expect(links.nth(1)).to_contain_text("40 is outside the possible range. Allowed: 0 to 30 cm.")
    assert axe_violations(phone) == []
    shoot(phone, "error-summary-360", full_page=False)

    for i, testid in enumerate(("left-toe_to_wall_cm-1", "right-toe_to_wall_cm-1")):
        field = phone.get_by_test_id(testid)
        links.nth(i).click()
        expect(field).to_be_focused()
        expect(field).to_be_in_viewport()
        expect(field).to_have_attribute("aria-invalid", "true")
        error_id = _active_id(phone) + "-error"
        assert error_id in (field.get_attribute("aria-describedby") or "").split()
        expect(phone.locator(f"#{error_id}")).to_be_in_viewport()  # the message at the field, in view too
    expect(phone.get_by_test_id("left-toe_to_wall_cm-1")).to_have_value("ten")  # answers kept
    expect(phone.get_by_test_id("right-toe_to_wall_cm-1")).to_have_value("40")
    assert page_errors == []


def test_an_unanswered_safety_screen_sums_up_the_missing_answers_and_takes_focus(
    phone: Page, api: Api, page_errors: list[str]
) -> None:
    api.post("/profiles", {"name": "Blank Bob", "birth_year": 1970})
    phone.goto("/p/Blank%20Bob/screen")
    with phone.expect_response(lambda r: r.request.method == "POST") as response:
        phone.get_by_test_id("screen-submit").click()
    assert response.value.status == 422
    summary = phone.get_by_test_id("error-summary")
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("questions still need an answer")
    expect(summary).to_have_attribute("data-ready", "true")  # its script is running
    summary.get_by_role("link").first.click()
    expect(phone.locator("input[type=radio]").first).to_be_focused()
    assert page_errors == []


def test_without_javascript_the_summary_is_still_first_on_screen_and_its_links_jump(
    phone_without_js: Page, api: Api
) -> None:
    page = phone_without_js
    name = api.person("Plain Pat", tests=False)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    page.get_by_test_id("method-toe_to_wall_cm").select_option("tape")  # nothing is chosen for the person
    page.get_by_test_id("left-toe_to_wall_cm-1").fill("ten")
    page.get_by_test_id("test-submit").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link").first.click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#f-left-toe_to_wall_cm-1")
    expect(page.get_by_test_id("left-toe_to_wall_cm-1")).to_be_in_viewport()
    expect(page.get_by_test_id("left-toe_to_wall_cm-1")).to_have_value("ten")
