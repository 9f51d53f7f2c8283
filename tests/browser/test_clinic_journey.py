"""A client's first days in a clinic, every step in the browser on the clinic's server (PostgreSQL when
the tests have it): invite → join → safety questions → baseline → a test → a session with high pain →
the clinician's alert → a red flag → the clinician's review and clearance (issue 17, "how it will be
judged"). test_clinic_flow.py holds the short version and what the browser keeps; this one does the
client's part through the pages a client uses, not the API.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from playwright.sync_api import Browser, Page, expect

from tests.browser.support import answer_all_no, stub_media
from tests.browser.test_clinic_flow import Clinic, _join, _log_in_clinician, _page, clinic

__all__ = ["clinic"]  # the clinic's server (a fixture of this module too)

NAME = "Pia Lund"
PLAY_TIMEOUT = 120_000  # the player runs at 1/100 speed (SUPPLE_TIMER_SCALE), on a busy machine too


def _invite(staff: Page) -> str:
    staff.fill("[data-testid=invite-name]", NAME)
    staff.fill("[data-testid=invite-email]", "pia@example.org")
    staff.click("[data-testid=invite-submit]")
    return staff.locator("[data-testid=invite-link]").inner_text()


def _safety_questions_and_baseline(person: Page, base: str) -> None:
    person.goto(f"{base}/screen")
    answer_all_no(person, "screen-form")
    person.get_by_test_id("screen-submit").click()
    person.wait_for_load_state("load")
    assert "/stop" not in person.url, person.url
    person.goto(f"{base}/baseline")
    form = person.get_by_test_id("baseline-form")
    for scale, value in (("pain-now", 3), ("pain-average_24h", 4), ("pain-worst_24h", 5)):
        form.get_by_test_id(f"{scale}-{value}").locator("xpath=..").click()
    form.get_by_test_id("activity-1-name").fill("Putting on socks")
    form.get_by_test_id("activity-1-score").fill("4")
    with person.expect_response(lambda r: r.request.method == "POST") as posted:
        person.get_by_test_id("baseline-submit").click()
    assert posted.value.status == 303, f"the baseline was refused ({posted.value.status})"


def _a_test(person: Page, base: str) -> None:
    person.goto(f"{base}/tests")
    person.get_by_test_id("test-link-knee-to-wall").click()
    form = person.get_by_test_id("test-form")
    form.get_by_test_id("method-toe_to_wall_cm").select_option("tape")
    form.get_by_test_id("right-toe_to_wall_cm-1").fill("6")
    with person.expect_response(lambda r: r.request.method == "POST") as posted:
        form.get_by_test_id("test-submit").click()
    assert posted.value.status == 303, f"the test was refused ({posted.value.status})"


def _a_session_that_hurts(person: Page, base: str) -> None:
    person.goto(f"{base}/routine")
    person.get_by_test_id("start-session").click()
    expect(person).to_have_url(re.compile(re.escape(base) + "/session$"))
    answer_all_no(person, "session-screen-form")
    person.get_by_test_id("pain-now-3").check()
    person.get_by_test_id("session-screen-submit").click()
    person.get_by_test_id("start").click()
    form = person.get_by_test_id("pain-log-form")
    expect(form).to_be_visible(timeout=PLAY_TIMEOUT)
    form.get_by_test_id("pain-during-4").check()
    form.get_by_test_id("pain-after-8").check()
    form.get_by_test_id("nerve-no").check()
    form.get_by_test_id("log-submit").click()
    expect(person.get_by_test_id("session-result")).to_be_visible()


def _row(staff: Page) -> None:
    staff.goto("/clinic/clients")
    expect(staff.get_by_test_id("client-row").filter(has_text=NAME)).to_have_count(1)


def test_a_client_joins_tests_exercises_and_a_clinician_sees_the_alert_reviews_and_clears(
    browser: Browser, clinic: Clinic
) -> None:
    errors: list[str] = []
    staff = _page(browser, clinic, errors)
    _log_in_clinician(staff, clinic)
    link = _invite(staff)

    person = _page(browser, clinic, errors)
    stub_media(person)
    person.goto(link)
    base = f"/p/{quote(NAME)}"
    _join(person, re.escape(base) + "$")
    _safety_questions_and_baseline(person, base)
    _a_test(person, base)
    person.goto(f"{base}/results")
    expect(person.get_by_test_id("level-ankle")).to_be_visible()

    _row(staff)
    row = staff.get_by_test_id("client-row").filter(has_text=NAME)
    expect(row.locator("[data-alert=pain-high]")).to_have_count(0)  # nothing to see before the session
    _a_session_that_hurts(person, base)
    staff.reload()
    expect(row.locator("[data-alert=pain-high]")).to_be_visible()  # pain 8 after the session: at once

    person.goto(f"{base}/screen")  # the next day's questions: a red flag this time
    answer_all_no(person, "screen-form")
    person.get_by_test_id("q-saddle-numbness-yes").check()
    person.get_by_test_id("screen-submit").click()
    expect(person.get_by_test_id("stop-clinic")).to_be_visible()  # "your clinician will review it"
    response = person.goto(f"{base}/routine")
    assert response is not None
    assert response.status == 403

    staff.reload()
    expect(row.locator("[data-alert=stopped]")).to_be_visible()
    row.get_by_role("link", name=NAME).click()
    expect(staff.get_by_test_id("client-stopped")).to_be_visible()
    expect(staff.locator("body")).to_contain_text("Knee-to-wall")  # the client's test, on the clinician's page
    staff.fill("[data-testid=clearance-note]", "Phoned today; the numbness was a cold seat, all normal now.")
    staff.click("[data-testid=clearance-submit]")
    expect(staff.get_by_test_id("client-running")).to_be_visible()

    response = person.goto(f"{base}/routine")
    assert response is not None
    assert response.status == 409  # cleared, and the safety questions come again before the next session
    person.goto(f"{base}/screen")
    answer_all_no(person, "screen-form")
    person.get_by_test_id("screen-submit").click()
    person.wait_for_load_state("load")
    assert "/stop" not in person.url, person.url
    response = person.goto(f"{base}/routine")
    assert response is not None
    assert response.status == 200
    expect(person.get_by_test_id("routine-item").first).to_be_visible()
    expect(person.get_by_test_id("stop")).to_have_count(0)
    assert errors == [], errors
