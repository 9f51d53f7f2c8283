"""The figures in a real browser: the library and an exercise at phone width, a test page, the player.

Every figure must load under the page's same-origin policy (no CSP or load errors), and the
reduced-motion preference must get the still end position. Screenshots: test-output/screenshots/figures-*.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from playwright.sync_api import Locator, Page, expect

from supple.catalogue.loader import default_catalogue
from tests.browser.support import PHONE, Api, axe_violations, no_horizontal_scroll, resize, shoot, stub_media
from tests.browser.test_session_player import start_player

ALL_LOADED = "els => els.every(img => img.complete && img.naturalWidth > 0)"


def test_the_library_shows_a_loaded_figure_on_every_card_at_phone_width(page: Page, page_errors: list[str]) -> None:
    resize(page, PHONE)
    page.goto("/exercises")
    every = len(default_catalogue().exercises)  # mobility and strength alike
    cards = page.get_by_test_id("exercise-card")
    expect(cards).to_have_count(every)
    images = page.get_by_test_id("figure-img")
    expect(images).to_have_count(every)
    for i in range(every):  # lazy images load once they are scrolled to
        images.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({ALL_LOADED})([...document.querySelectorAll('[data-testid=figure-img]')])")
    box = images.first.bounding_box()
    assert box is not None
    assert box["height"] >= 120
    assert box["width"] <= PHONE["width"]
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    cards.nth(12).scroll_into_view_if_needed()
    shoot(page, "figures-library", full_page=False)
    assert page_errors == []


def moves(img: Locator, first: bytes, within_s: float = 60.0) -> bool:
    """Whether the picture changes from ``first``, watched until it does (or a generous deadline passes)."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        img.page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(true)))")  # one painted frame
        if img.screenshot() != first:
            return True
    return False


def test_an_exercise_page_shows_the_moving_figure_and_the_still_one_when_motion_is_reduced(
    page: Page, page_errors: list[str]
) -> None:
    page.goto("/exercises/thread-the-needle")
    img = page.get_by_test_id("figure-img")
    expect(img).to_be_visible()
    assert img.evaluate("el => el.currentSrc").endswith("/figures/exercises/thread-the-needle.svg")
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    first = img.screenshot()
    assert moves(img, first)  # the SMIL animation runs inside <img> under the page's CSP
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    img = page.get_by_test_id("figure-img")
    expect(img).to_be_visible()
    assert img.evaluate("el => el.currentSrc").endswith("thread-the-needle.svg?still=1")
    assert img.evaluate("el => el.naturalWidth") > 0
    shoot(page, "figures-exercise-still", full_page=False)
    assert page_errors == []


def test_a_test_page_shows_the_figure_of_its_position(page: Page, api: Api, page_errors: list[str]) -> None:
    name = api.person("Figure Fay", tests=False)
    page.goto(f"/p/{quote(name)}/tests/modified-thomas")
    img = page.get_by_test_id("figure-img")
    expect(img).to_be_visible()
    assert img.evaluate("el => el.complete && el.naturalWidth > 0")
    assert "/figures/tests/modified-thomas.svg" in (img.get_attribute("src") or "")
    assert page_errors == []


def test_the_player_shows_the_current_exercise_on_its_side_and_still_when_motion_is_reduced(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Player Pia")
    first = api.routine(name)[0]
    stub_media(page)
    resize(page, PHONE)
    page.emulate_media(reduced_motion="reduce")
    start_player(page, name)
    page.get_by_test_id("start").click()
    page.keyboard.press(" ")
    expect(page.get_by_test_id("player")).to_have_attribute("data-state", "paused")
    figure = page.get_by_test_id("player-figure")
    expect(figure).to_be_visible()
    src = figure.get_attribute("src") or ""
    assert src.startswith(f"/figures/exercises/{first['exercise_id']}.svg"), src
    side = page.get_by_test_id("side").text_content() or ""
    if "Left" in side:
        assert "side=left" in src
    assert "still=1" in src  # the person asked for reduced motion: the end position, not moving
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=figure.element_handle())
    assert "Moving figure showing" in (figure.get_attribute("alt") or "")
    assert no_horizontal_scroll(page)
    shoot(page, "figures-player", full_page=False)
    assert page_errors == []
