"""The short safety screen before a guided session, in a real browser: every question asked with no
answer chosen, the pain now tapped on a 0-10 scale, problems shown per question, a yes that stops the
session, and a safety check the server does not know refused before the player starts.

These tests set a person up through the JSON API, so they do not depend on the other pages.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Page, expect

from supple.catalogue.loader import default_catalogue
from supple.domain.screening import ScreenKind, questions_for
from tests.browser.support import Api, answer_all_no, axe_violations, no_horizontal_scroll, shoot


def test_the_short_screen_asks_every_session_question_with_no_answer_chosen(page: Page, api: Api) -> None:
    name = api.person("Screen Sam")
    page.goto(f"/p/{quote(name)}/session")
    form = page.get_by_test_id("session-screen-form")
    expect(form).to_be_visible()
    questions = questions_for(ScreenKind.SESSION, default_catalogue().safety)
    for q in questions:
        expect(form.get_by_test_id(f"q-{q.id}-yes")).not_to_be_checked()
        expect(form.get_by_test_id(f"q-{q.id}-no")).not_to_be_checked()
        expect(form.locator(f"#f-q-{q.id}")).to_contain_text(q.session_text or q.text)
    expect(page.get_by_role("heading", level=1)).to_have_text("Before you start")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "session-screen")


def test_the_pain_before_a_session_is_tapped_on_a_0_to_10_scale_of_big_targets(page: Page, api: Api) -> None:
    name = api.person("Tapping Tia")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/p/{quote(name)}/session")
    scale = page.get_by_test_id("pain-now")
    expect(scale.get_by_role("radio")).to_have_count(11)  # one radio group, no number box to type into
    expect(page.locator('input[name="pain"][type="number"]')).to_have_count(0)
    expect(page.get_by_role("group", name="Your back pain right now")).to_be_visible()
    for n in (0, 5, 10):
        box = scale.get_by_test_id(f"pain-now-{n}").locator("xpath=..").bounding_box()
        assert box is not None
        assert box["width"] >= 24, (n, box)
        assert box["height"] >= 44, (n, box)
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    answer_all_no(page, "session-screen-form")
    scale.get_by_text("6", exact=True).click()  # the number itself is the target
    expect(page.get_by_test_id("pain-now-6")).to_be_checked()
    shoot(page, "session-screen-pain-scale")
    page.get_by_test_id("session-screen-submit").click()
    expect(page).to_have_url(re.compile(r"/session/play\?screening=\d+&pain=6$"))


def test_a_short_screen_with_missing_answers_and_no_pain_comes_back_with_each_problem(page: Page, api: Api) -> None:
    name = api.person("Missing Mo")
    page.goto(f"/p/{quote(name)}/session")
    page.get_by_test_id("q-saddle-numbness-no").check()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_test_id("session-screen-submit").click()
    assert response.value.status == 422
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.get_by_test_id("q-saddle-numbness-no")).to_be_checked()  # kept what was answered
    expect(page.locator("#f-q-toilet-change")).to_contain_text("Please answer yes or no")
    expect(page.locator("#f-q-leaking")).to_be_hidden()  # a follow-up of an unanswered question is not asked yet
    expect(page.locator("#f-pain-error")).to_contain_text("Please fill this in")
    assert axe_violations(page) == []
    shoot(page, "session-screen-problems")

    answer_all_no(page, "session-screen-form")
    page.get_by_test_id("pain-now-4").check()
    page.get_by_test_id("session-screen-submit").click()
    expect(page).to_have_url(re.compile(r"/session/play\?screening=\d+&pain=4$"))


def test_a_yes_on_the_short_screen_stops_the_session_and_locks_the_player(page: Page, api: Api) -> None:
    name = api.person("Stop Stella")
    page.goto(f"/p/{quote(name)}/session")
    answer_all_no(page, "session-screen-form")
    page.get_by_test_id("q-toilet-change-yes").check()  # its follow-ups show
    page.get_by_test_id("q-leaking-yes").check()
    page.get_by_test_id("pain-now-2").check()
    page.get_by_test_id("session-screen-submit").click()
    expect(page).to_have_url(re.compile(rf"/p/{re.escape(quote(name))}/stop$"))
    response = page.goto(f"/p/{quote(name)}/session/play?screening=1&pain=2")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_test_id("pain-log-form")).to_have_count(0)
    expect(page.get_by_text("emergency", exact=False).first).to_be_visible()


def test_an_unknown_safety_check_is_refused_before_the_session_starts(page: Page, api: Api) -> None:
    name = api.person("Lost Lou", minutes=5)
    response = page.goto(f"/p/{quote(name)}/session/play?screening=999999&pain=3")
    assert response is not None
    assert response.status == 409
    expect(page.get_by_test_id("error-summary")).to_contain_text(re.compile("no such short screen", re.IGNORECASE))
    expect(page.get_by_test_id("session-screen-form")).to_be_visible()  # answer again right here
    expect(page.get_by_test_id("player")).to_have_count(0)
