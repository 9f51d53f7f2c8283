"""Safety questions at phone width with JavaScript: "No to all of these" answers every question on show in its
group (follow-ups of a yes too), and a stopping answer says so right under the question."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, Api, resize


def test_no_to_all_of_these_after_yes_to_long_standing_pain_answers_its_follow_ups_and_the_answers_save(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    resize(page, PHONE)
    name = "Chronic Chris"
    api.post("/profiles", {"name": name, "birth_year": 1964, "sex": "male"})
    page.goto(f"/p/{quote(name)}/screen")
    form = page.get_by_test_id("screen-form")
    chronic = page.get_by_test_id("q-pain-over-3-months-yes")
    # the group says why its first question is usually a yes, and that it never stops the exercises
    expect(form.locator("section.question-group", has=chronic)).to_contain_text("never stop the exercises")
    chronic.check()
    expect(page.get_by_test_id("q-onset-before-40-yes")).to_be_visible()
    buttons = form.locator("[data-none-of-these] button")
    for i in range(buttons.count()):
        buttons.nth(i).click()
    expect(page.get_by_test_id("q-pain-over-3-months-yes")).to_be_checked()  # a yes is kept
    for qid in ("onset-before-40", "gradual-onset", "better-with-exercise", "not-better-with-rest"):
        expect(page.get_by_test_id(f"q-{qid}-no")).to_be_checked()
    # follow-ups that are not on show stay unanswered (they count as "no" on the server)
    expect(page.get_by_test_id("q-both-legs-no")).not_to_be_checked()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_test_id("screen-submit").click()
    assert response.value.status == 303  # saved (a refused form comes back 422)
    expect(page.get_by_test_id("screen-result")).to_be_visible()
    assert page_errors == []
