"""Every page a person reads, at 360 px and 1280 px: screenshots (test-output/screenshots/page-*),
axe-core with no violation at any level, nothing sticking out sideways on a phone, one menu on every
page of a profile, and plain words (no command lines, no "guide no guide value")."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import Api, answer_all_no, axe_violations, no_horizontal_scroll, shoot
from tests.factories import evening, short_screen

NAME = "Page Pat"
NAV = ["Home", "Routine", "Exercises", "Progress", "Learn"]


def _pages(name: str) -> list[tuple[str, str]]:
    p = f"/p/{quote(name)}"
    return [
        ("home", p),
        ("start", f"{p}/start"),
        ("routine", f"{p}/routine"),
        ("tests", f"{p}/tests"),
        ("tests-one-region", f"{p}/tests?region=hip"),
        ("test-knee-to-wall", f"{p}/tests/knee-to-wall?region=ankle"),
        ("test-modified-thomas", f"{p}/tests/modified-thomas"),
        ("results", f"{p}/results"),
        ("baseline", f"{p}/baseline"),
        ("checkin", f"{p}/checkin"),
        ("progress", f"{p}/progress"),
        ("settings", f"{p}/settings"),
        ("screen", f"{p}/screen"),
        ("session-screen", f"{p}/session"),
        ("records", f"{p}/records"),
        ("library", "/exercises"),
        ("exercise", "/exercises/half-kneeling-knee-to-wall"),
        ("learn", "/learn"),
        ("learn-topic", "/learn/ankle"),
    ]


def test_every_page_of_a_profile_passes_axe_at_every_level_fits_a_phone_and_keeps_the_menu(
    page: Page, api: Api
) -> None:
    name = api.person(NAME)
    problems: list[str] = []
    for label, url in _pages(name):
        response = page.goto(url)
        assert response is not None
        if response.status >= 400:
            problems.append(f"{label}: {url} answered {response.status}")
            continue
        page.wait_for_load_state("load")
        problems += [f"[{label}] {v}" for v in axe_violations(page)]
        if not no_horizontal_scroll(page):
            problems.append(f"{label}: sideways scrolling at 360 px")
        nav = page.locator(".site-nav a .nav-label").all_inner_texts()
        if nav != NAV:
            problems.append(f"{label}: the menu is {nav}")
        home = page.locator(".site-nav a").first.get_attribute("href")
        if home != f"/p/{quote(name)}":
            problems.append(f"{label}: Home goes to {home}")
        text = page.locator("main").inner_text()
        for jargon in ("supple serve", "no guide value", "guide no guide"):
            if jargon in text:
                problems.append(f"{label}: the page says '{jargon}'")
        shoot(page, f"page-{label}")
    assert problems == []


def test_the_stop_page_has_the_menu_home_and_tap_to_call_emergency_numbers(page: Page, api: Api) -> None:
    name = "Stop Sol"
    api.post("/profiles", {"name": name, "birth_year": 1970, "sex": "female"})
    page.goto(f"/p/{quote(name)}/screen")
    answer_all_no(page, "screen-form")
    page.get_by_test_id("q-saddle-numbness-yes").check()
    page.get_by_test_id("screen-submit").click()
    expect(page.get_by_test_id("stop")).to_be_visible()
    expect(page.locator(".site-nav a")).to_have_count(1)
    expect(page.locator(".site-nav a")).to_have_attribute("href", f"/p/{quote(name)}")
    calls = page.locator('a[href^="tel:"]').evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "tel:999" in calls
    assert "tel:911" in calls
    assert axe_violations(page) == []
    shoot(page, "page-stop")


def test_the_check_in_takes_three_taps(page: Page, api: Api) -> None:
    name = api.person("Checkin Cy")
    # A session two evenings ago waiting for its check-in (it opens the next morning), logged through the API.
    items = api.routine(name)
    short = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    api.post(
        f"/profiles/{quote(name)}/sessions",
        {
            "screening_id": short["screening_id"],
            "pain_before": 3,
            "pain_after": 3,
            "items": [{"exercise": i["exercise_id"], "pain_during": 2} for i in items],
            "started_at": evening(days_ago=2),
        },
    )
    page.goto(f"/p/{quote(name)}/checkin")
    taps = 0
    page.get_by_test_id("pain-2").locator("xpath=..").click()
    taps += 1
    page.get_by_test_id("nerve_symptoms-no").locator("xpath=..").click()
    taps += 1
    page.get_by_test_id("checkin-submit").click()
    taps += 1
    expect(page).to_have_url(re.compile(r"/checkin/\d+/done"))
    assert taps == 3
    # After the session and its check-in, the next region's tests are offered (not the whole wall).
    expect(page.get_by_test_id("test-offer")).to_contain_text(re.compile(r"Today: your \w+"))
    assert axe_violations(page) == []
    shoot(page, "page-checkin-done")


def test_in_dark_mode_the_main_pages_keep_their_contrast(page: Page, api: Api) -> None:
    name = api.person("Dark Dee")
    page.emulate_media(color_scheme="dark")
    problems: list[str] = []
    for label, url in _pages(name)[:6]:
        page.goto(url)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        problems += [f"[{label}] {v}" for v in axe_violations(page)]
        shoot(page, f"page-dark-{label}")
    assert problems == []
