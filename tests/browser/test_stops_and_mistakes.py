"""A red flag stops everything; a value out of range comes back with the range to use."""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import Api, answer_all_no, axe_violations, shoot

ONWARD = ("/routine", "/exercises", "/session", "/tests", "/results", "/progress", "/baseline")


def test_a_yes_to_a_cauda_equina_question_shows_only_the_emergency_stop_and_locks_the_routine(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = "Red Flag Rita"
    api.post("/profiles", {"name": name, "birth_year": 1970, "sex": "female"})
    page.goto(f"/p/{quote(name)}/screen")
    answer_all_no(page, "screen-form")
    page.get_by_test_id("q-saddle-numbness-yes").check()
    page.get_by_test_id("screen-submit").click()

    stop = page.get_by_test_id("stop")
    expect(stop).to_be_visible()
    expect(page.get_by_test_id("stop-heading")).to_contain_text(re.compile("emergency", re.IGNORECASE))
    expect(stop).to_contain_text(re.compile("emergency department|999|911", re.IGNORECASE))
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [h for h in hrefs if any(part in h for part in ONWARD)] == []
    assert axe_violations(page) == []
    shoot(page, "stop-emergency")

    response = page.goto(f"/p/{quote(name)}/routine")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_test_id("stop")).to_be_visible()
    expect(page.get_by_test_id("routine-item")).to_have_count(0)
    response = page.goto(f"/p/{quote(name)}/session")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_test_id("session-screen-form")).to_have_count(0)
    assert page_errors == []


def test_a_knee_to_wall_of_40_cm_comes_back_with_the_range_0_to_30_cm(page: Page, api: Api) -> None:
    name = api.person("Tape Tom", tests=False)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    form = page.get_by_test_id("test-form")
    form.get_by_test_id("method-toe_to_wall_cm").select_option("tape")
    form.get_by_test_id("right-toe_to_wall_cm-1").fill("40")
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        form.get_by_test_id("test-submit").click()
    assert response.value.status == 422
    field = page.locator(".field", has=page.get_by_test_id("right-toe_to_wall_cm-1"))
    expect(field).to_contain_text(re.compile(r"0 to 30 cm"))
    expect(page.get_by_test_id("right-toe_to_wall_cm-1")).to_have_value("40")  # kept, to correct
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    assert axe_violations(page) == []
    shoot(page, "test-knee-to-wall-out-of-range")


def test_a_yes_shows_its_follow_up_questions_at_once_and_a_no_hides_them_again(page: Page, api: Api) -> None:
    name = "Adaptive Ada"
    api.post("/profiles", {"name": name, "birth_year": 1960, "sex": "female"})
    page.goto(f"/p/{quote(name)}/screen")
    answer_all_no(page, "screen-form")
    follow_up = page.get_by_test_id("q-both-legs-yes")
    expect(follow_up).to_be_hidden()
    page.get_by_test_id("q-leg-symptoms-yes").check()
    expect(follow_up).to_be_visible()
    page.get_by_test_id("q-leg-symptoms-no").check()
    expect(follow_up).to_be_hidden()
    page.get_by_test_id("q-leg-symptoms-yes").check()
    follow_up.check()
    for qid in ("weakness-worsening", "foot-drop", "numbness-spreading", "calf-clot"):
        page.get_by_test_id(f"q-{qid}-no").check()
    page.get_by_test_id("screen-submit").click()
    expect(page.get_by_test_id("stop-heading")).to_contain_text(re.compile("emergency", re.IGNORECASE))


def test_no_to_all_of_these_answers_the_unanswered_questions_on_show_in_its_group_and_keeps_a_yes(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = "Group Gail"
    api.post("/profiles", {"name": name, "birth_year": 1968, "sex": "female"})
    page.goto(f"/p/{quote(name)}/screen")
    form = page.get_by_test_id("screen-form")
    chosen = page.get_by_test_id("q-toilet-change-yes")
    group = form.locator("section.question-group", has=chosen)
    chosen.check()
    expect(page.get_by_test_id("q-leaking-yes")).to_be_visible()  # its follow-ups show

    group.locator("[data-none-of-these] button").click()

    expect(chosen).to_be_checked()  # a yes is never overwritten
    shown = group.locator(".red-flag:not([hidden]) fieldset")
    assert shown.count() > group.locator(".red-flag:not(.follow-up) fieldset").count()
    for i in range(shown.count()):
        expect(shown.nth(i).locator("input:checked")).to_have_count(1)
    # the follow-ups of the yes on show are answered too
    expect(page.get_by_test_id("q-leaking-no")).to_be_checked()
    # and the other groups are left for the person to read
    others = form.locator("section.question-group").filter(has_not=chosen)
    expect(others.first.locator('input[value="no"]:checked')).to_have_count(0)
    assert axe_violations(page) == []
    assert page_errors == []
