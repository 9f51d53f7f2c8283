"""Safety questions at phone width with JavaScript: "No to all of these" answers every question on show in its
group (follow-ups of a yes too), and a stopping answer says so right under the question."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, Api, axe_violations, resize


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


def test_a_stopping_yes_shows_a_calm_note_under_its_question_with_a_button_straight_to_the_stop_page(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    resize(page, PHONE)
    name = "Numb Nora"
    api.post("/profiles", {"name": name, "birth_year": 1958, "sex": "female"})
    page.goto(f"/p/{quote(name)}/screen")
    note = page.get_by_test_id("stop-note-q-saddle-numbness")
    expect(note).to_be_hidden()
    # a yes that does not stop on its own (it only opens follow-ups) shows no note
    page.get_by_test_id("q-leg-symptoms-yes").check()
    expect(page.locator("[data-stop-note]:visible")).to_have_count(0)
    page.get_by_test_id("q-saddle-numbness-yes").check()
    expect(note).to_be_visible()
    expect(note).to_contain_text("see a doctor now")  # the emergency's time phrase, from the safety rules
    # right under its question: the note starts within a short distance of the "Yes" just ticked
    yes_box = page.get_by_test_id("q-saddle-numbness-yes").bounding_box()
    note_box = note.bounding_box()
    assert yes_box is not None
    assert note_box is not None
    assert 0 < note_box["y"] - yes_box["y"] < 200
    assert axe_violations(page) == []
    page.get_by_test_id("q-saddle-numbness-no").check()
    expect(note).to_be_hidden()
    # a follow-up's stopping yes (a calf that may hold a clot: get seen today)
    calf = page.get_by_test_id("stop-note-q-calf-clot")
    page.get_by_test_id("q-calf-clot-yes").check()
    expect(calf).to_contain_text("see a doctor today")
    page.get_by_test_id("q-leg-symptoms-no").check()  # the follow-up is hidden again, and so is its note
    expect(calf).to_be_hidden()
    page.get_by_test_id("q-saddle-numbness-yes").check()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_test_id("stop-note-save-q-saddle-numbness").click()
    assert response.value.status == 303
    expect(page.get_by_test_id("stop")).to_be_visible()
    assert page_errors == []


def test_before_a_session_a_stopping_yes_shows_its_note_and_saving_goes_to_the_stop_page(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    resize(page, PHONE)
    name = api.person("Session Sid")
    page.goto(f"/p/{quote(name)}/session")
    page.get_by_test_id("q-toilet-change-yes").check()
    note = page.get_by_test_id("stop-note-q-leaking")
    expect(note).to_be_hidden()
    page.get_by_test_id("q-leaking-yes").check()
    expect(note).to_be_visible()
    note.get_by_role("button").click()
    expect(page.get_by_test_id("stop")).to_be_visible()
    assert page_errors == []
