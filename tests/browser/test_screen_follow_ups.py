"""Safety questions with JavaScript: a follow-up shown by a "yes" and left blank is named on the first submit."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import Api, answer_all_no


def test_a_follow_up_shown_by_a_yes_and_left_blank_is_named_on_the_first_submit(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = "Blank Bea"
    api.post("/profiles", {"name": name, "birth_year": 1966, "sex": "female"})
    page.goto(f"/p/{quote(name)}/screen")
    answer_all_no(page, "screen-form")
    page.get_by_test_id("q-leg-symptoms-yes").check()
    expect(page.get_by_test_id("q-both-legs-yes")).to_be_visible()
    for qid in ("weakness-worsening", "foot-drop", "numbness-spreading", "calf-clot"):
        page.get_by_test_id(f"q-{qid}-no").check()
    # "Is it in both legs?" is left blank
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_test_id("screen-submit").click()
    assert response.value.status == 422
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Is it in both legs?")
    expect(summary.locator('a[href="#f-red_flags-both-legs"]')).to_have_count(1)
    expect(page.get_by_test_id("screen-step-two")).to_have_count(0)
    # the answers given are kept, and the follow-up stays on the page to be answered
    expect(page.get_by_test_id("q-leg-symptoms-yes")).to_be_checked()
    expect(page.get_by_test_id("q-both-legs-yes")).to_be_visible()
    page.get_by_test_id("q-both-legs-no").check()
    page.get_by_test_id("screen-submit").click()
    expect(page.get_by_test_id("screen-result")).to_be_visible()
    assert page_errors == []


def test_before_a_session_a_blank_follow_up_of_a_yes_is_named_on_the_first_submit(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Blank Ben")
    page.goto(f"/p/{quote(name)}/session")
    answer_all_no(page, "session-screen-form")
    page.get_by_test_id("q-leg-symptoms-yes").check()
    for qid in ("both-legs", "weakness-worsening", "foot-drop", "calf-clot"):
        page.get_by_test_id(f"q-{qid}-no").check()
    page.get_by_test_id("pain-now-3").check()
    # "Is the numb area spreading?" is left blank
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_test_id("session-screen-submit").click()
    assert response.value.status == 422
    summary = page.get_by_test_id("error-summary")
    expect(summary.locator('a[href="#f-q-numbness-spreading"]')).to_have_count(1)
    expect(page.get_by_test_id("screen-step-two")).to_have_count(0)
    expect(page.get_by_test_id("pain-now-3")).to_be_checked()  # kept
    page.get_by_test_id("q-numbness-spreading-no").check()
    page.get_by_test_id("session-screen-submit").click()
    expect(page.get_by_test_id("player")).to_be_visible()
    assert page_errors == []
