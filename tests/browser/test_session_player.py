"""The guided session in a real browser: the player, the pain log, the result (the short screen before it:
test_session_screen.py).

These tests set a person up through the JSON API, so they do not depend on the other pages.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Browser, Dialog, Page, expect

from supple.catalogue.loader import default_catalogue
from supple.catalogue.schema import DoseKind, Region, Sides
from supple.cli.player import phases as terminal_phases
from supple.domain.dosing import Dose
from supple.domain.formatting import every
from supple.domain.plan_types import RoutineItem
from tests.browser.support import Api, Server, answer_all_no, axe_violations, no_horizontal_scroll, shoot, stub_media
from tests.factories import short_screen

PLAY_TIMEOUT = 60_000  # the whole routine at 1/100 speed takes about 10 s; be generous


def start_player(page: Page, name: str, pain: int = 3) -> None:
    page.goto(f"/p/{quote(name)}/session")
    answer_all_no(page, "session-screen-form")
    page.get_by_test_id(f"pain-now-{pain}").check()
    page.get_by_test_id("session-screen-submit").click()
    expect(page).to_have_url(re.compile(r"/session/play\?screening=\d+&pain=" + str(pain)))
    expect(page.get_by_test_id("player")).to_be_visible()


def _spoke_beeped_and_kept_the_screen_awake(page: Page, data: dict[str, Any]) -> None:
    """At the end of the routine: what the player said, its beeps, and the screen wake lock."""
    said = page.evaluate("() => window.__said")
    first = data["items"][0]
    assert said[0].startswith(f"{first['name']}. ")  # the exercise's name first
    assert "Right side. Get ready." in said
    assert "Hold." in said or "Slow reps. 1." in said
    assert said[-1] == "Done."
    holds = len({(p["item"], p["side"]) for p in data["phases"] if p["kind"] == "hold"})
    assert page.evaluate("() => window.__beeps") >= holds  # a beep at the end of every hold
    assert page.evaluate("() => window.__locks") == 2  # kept awake, and again after coming back
    assert page.evaluate("() => window.__released") == 1  # let go at the end


def _the_result_shows_amber_lights_until_the_morning(page: Page, name: str, items: list[dict[str, Any]]) -> None:
    result = page.get_by_test_id("session-result")
    expect(result).to_be_visible()
    for item in items:
        light = page.get_by_test_id(f"signal-{item['exercise_id']}")
        expect(light).to_have_attribute("data-signal", "amber")  # no green before a good next morning
        expect(light).to_contain_text("Amber")
    expect(page.get_by_test_id("light-rules")).to_contain_text("above 5 out of 10")
    expect(result).to_contain_text("tomorrow morning settles these lights")
    expect(page.get_by_test_id("checkin-link")).to_have_attribute("href", f"/p/{quote(name)}/checkin")
    assert axe_violations(page) == []
    shoot(page, "session-result")


def test_the_player_runs_every_exercise_to_the_end_and_saves_the_pain_log(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Player Pat", minutes=5)
    items = api.routine(name)
    stub_media(page)
    start_player(page, name)
    data = json.loads(page.locator("#routine-data").text_content() or "{}")
    assert data["timer_scale"] == 0.01
    assert [i["id"] for i in data["items"]] == [i["exercise_id"] for i in items]
    expect(page.get_by_test_id("pain-log-form")).to_be_hidden()
    shoot(page, "session-player-start", full_page=False)
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("timer")).to_have_text(re.compile(r"^\d+(:\d\d)?$"))
    expect(page.get_by_test_id("timer-unit")).to_have_text(re.compile(r"^(seconds?|minutes and seconds) left$"))
    expect(page.get_by_test_id("phase")).not_to_be_empty()
    page.evaluate("() => window.__systemReleasesLock()")  # e.g. the phone went to another app and back
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    form = page.get_by_test_id("pain-log-form")
    expect(form).to_be_visible(timeout=PLAY_TIMEOUT)
    _spoke_beeped_and_kept_the_screen_awake(page, data)
    expect(page.get_by_test_id("player")).to_be_hidden()
    expect(page.get_by_test_id("session-summary")).to_contain_text(f"you did {every(len(items), 'exercise')}.")
    expect(page.get_by_test_id("log-hint")).to_have_text("Untick anything you skipped.")
    for item in items:
        expect(form.get_by_test_id(f"done-{item['exercise_id']}")).to_be_checked()
    expect(form.get_by_test_id("nerve-no")).not_to_be_checked()  # a safety answer is never assumed
    expect(form.get_by_test_id("nerve-yes")).not_to_be_checked()
    form.get_by_test_id("nerve-no").check()
    form.get_by_test_id("pain-during-2").check()
    form.get_by_test_id("pain-after-3").check()
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    shoot(page, "session-pain-log")
    form.get_by_test_id("log-submit").click()
    _the_result_shows_amber_lights_until_the_morning(page, name, items)
    assert page_errors == []


def _pause_freezes_the_clock_in_light_and_dark(page: Page) -> tuple[str | None, str | None]:
    """Paused: a minute of session time changes neither the timer nor the exercise; the paused player
    passes the accessibility check in both themes. Returns the (timer, exercise) text it froze at."""
    player = page.get_by_test_id("player")
    timer = page.get_by_test_id("timer")
    exercise = page.get_by_test_id("exercise-count")
    expect(player).to_have_attribute("data-state", "paused")
    expect(page.get_by_test_id("paused-badge")).to_be_visible()
    frozen = (timer.text_content(), exercise.text_content())
    page.clock.run_for(600)  # fire every timer due in 600 ms: at 1/100 speed, a minute of session time
    assert (timer.text_content(), exercise.text_content()) == frozen
    expect(page.get_by_test_id("announce")).to_have_text("Paused.")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    shoot(page, "session-player-paused", full_page=False)
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(  # colour transitions finish before contrast is measured
        "() => document.getAnimations().every(a => a.playState !== 'running')"
    )
    assert axe_violations(page) == []  # contrast holds in the dark theme too
    shoot(page, "session-player-paused-dark", full_page=False)
    page.emulate_media(color_scheme="light")
    return frozen


def _keys_and_buttons_move_between_exercises_while_paused(page: Page, first: int, count: int) -> None:
    player = page.get_by_test_id("player")
    exercise = page.get_by_test_id("exercise-count")
    page.keyboard.press("ArrowRight")
    expect(exercise).to_have_text(f"Exercise {first + 1} of {count}")
    expect(page.get_by_test_id("phase")).to_contain_text("Get ready")
    page.keyboard.press("s")
    expect(exercise).to_have_text(f"Exercise {first + 2} of {count}")
    page.keyboard.press("ArrowLeft")
    expect(exercise).to_have_text(f"Exercise {first + 1} of {count}")
    page.keyboard.press("b")
    expect(exercise).to_have_text(f"Exercise {first} of {count}")
    page.get_by_test_id("skip").click()
    expect(exercise).to_have_text(f"Exercise {first + 1} of {count}")
    page.get_by_test_id("back").click()
    expect(exercise).to_have_text(f"Exercise {first} of {count}")
    expect(player).to_have_attribute("data-state", "paused")  # moving while paused stays paused


def _mute_is_a_pressed_toggle_kept_in_local_storage(page: Page) -> None:
    mute = page.get_by_test_id("mute")
    # A toggle named for its action; whether it is on is aria-pressed, not a changing label.
    expect(mute).to_have_text("Mute")
    expect(mute).to_have_attribute("aria-pressed", "false")
    mute.click()
    expect(mute).to_have_text("Mute")
    expect(mute).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => localStorage.getItem('supple.muted')") == "1"
    page.keyboard.press("m")
    expect(mute).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("m")


def test_pause_stops_the_clock_skip_moves_on_back_returns_and_mute_is_remembered(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Keys Kim")
    count = len(api.routine(name))
    stub_media(page)
    page.clock.install()  # the page's clock runs as usual until the test moves it by hand
    start_player(page, name)
    player = page.get_by_test_id("player")
    exercise = page.get_by_test_id("exercise-count")
    page.get_by_test_id("start").click()
    page.keyboard.press(" ")
    frozen = _pause_freezes_the_clock_in_light_and_dark(page)
    first = int(re.findall(r"\d+", frozen[1] or "")[0])
    _keys_and_buttons_move_between_exercises_while_paused(page, first, count)
    _mute_is_a_pressed_toggle_kept_in_local_storage(page)
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.reload()
    assert asked == ["beforeunload"]  # leaving asks first
    expect(page.get_by_test_id("mute")).to_have_attribute("aria-pressed", "true")  # remembered
    expect(player).to_have_attribute("data-state", "paused")  # back where it was, paused
    expect(exercise).to_have_text(f"Exercise {first} of {count}")

    page.get_by_test_id("pause").click()
    expect(player).to_have_attribute("data-state", "running")
    page.get_by_test_id("pause").click()
    expect(player).to_have_attribute("data-state", "paused")
    assert page.evaluate("() => window.__said") == []  # muted: nothing is spoken
    page.get_by_test_id("pause").click()
    expect(player).to_have_attribute("data-state", "running")
    expect(page.get_by_test_id("paused-badge")).to_be_hidden()
    page.get_by_test_id("end-session").click()
    page.get_by_test_id("end-confirm-yes").click()
    expect(page.get_by_test_id("pain-log-form")).to_be_visible()
    assert page_errors == []


def test_ending_early_ticks_only_the_exercises_that_were_finished(page: Page, api: Api) -> None:
    name = api.person("Early Eve")
    items = api.routine(name)
    start_player(page, name)
    page.get_by_test_id("start").click()
    expect(page.get_by_test_id("exercise-count")).to_have_text(re.compile(r"Exercise 2 of"), timeout=PLAY_TIMEOUT)
    page.get_by_test_id("end-session").click()
    page.get_by_test_id("end-confirm-yes").click()
    form = page.get_by_test_id("pain-log-form")
    expect(form).to_be_visible()
    expect(page.get_by_test_id("session-summary")).to_contain_text(f"1 of {len(items)} exercises")
    expect(page.get_by_test_id("log-hint")).not_to_contain_text("Untick anything you skipped")
    expect(form.get_by_test_id(f"done-{items[0]['exercise_id']}")).to_be_checked()
    for item in items[1:]:
        expect(form.get_by_test_id(f"done-{item['exercise_id']}")).not_to_be_checked()
    expect(form.locator('fieldset[data-testid="pain-during"]')).to_have_count(1)  # one question, not one per exercise
    expect(form.locator('input[name="nerve"][value="yes"]')).to_have_count(1)
    form.get_by_test_id("pain-during-6").check()
    form.get_by_test_id("nerve-yes").check()
    form.get_by_test_id("pain-after-4").check()
    form.get_by_test_id("log-submit").click()
    expect(page.get_by_test_id(f"signal-{items[0]['exercise_id']}")).to_have_attribute("data-signal", "red")
    expect(page.get_by_test_id(f"signal-{items[1]['exercise_id']}")).to_contain_text("Not done")
    expect(page.get_by_test_id("paused")).to_contain_text("paused")  # nerve symptoms pause the program
    expect(page.get_by_test_id("checkin-link")).to_have_count(0)


def test_without_javascript_the_pain_log_is_a_plain_form_that_counts_every_exercise(
    browser: Browser, server: Server, api: Api
) -> None:
    name = api.person("Plain Pia")
    items = api.routine(name)
    context = browser.new_context(base_url=server.base, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/p/{quote(name)}/session")
        answer_all_no(page, "session-screen-form")
        page.get_by_test_id("pain-now-3").check()
        page.get_by_test_id("session-screen-submit").click()
        form = page.get_by_test_id("pain-log-form")
        expect(form).to_be_visible()
        expect(page.get_by_test_id("player")).to_be_hidden()
        for item in items:
            expect(form.get_by_test_id(f"done-{item['exercise_id']}")).to_be_checked()
        with page.expect_response(lambda r: r.request.method == "POST") as response:
            form.get_by_test_id("log-submit").click()  # nothing filled in: every problem comes back
        assert response.value.status == 422
        expect(page.get_by_test_id("error-summary")).to_be_visible()
        expect(page.locator("#f-pain_after-error")).to_contain_text("Please fill this in")
        expect(page.locator("#f-nerve-error")).to_contain_text("Please answer yes or no")
        form.get_by_test_id("pain-after-2").check()
        form.get_by_test_id("nerve-no").check()
        with page.expect_response(lambda r: r.request.method == "POST") as response:
            form.get_by_test_id("log-submit").click()
        assert response.value.status == 422
        expect(page.locator("#f-pain_during-error")).to_contain_text("Needed for a completed exercise")
        expect(page.locator("#f-pain_during-error > span")).to_have_count(1)  # said once, not once per exercise
        expect(form.get_by_test_id("pain-after-2")).to_be_checked()  # kept
        form.get_by_test_id("pain-during-1").check()
        form.get_by_test_id("log-submit").click()
        expect(page.get_by_test_id("session-result")).to_be_visible()
        expect(page.get_by_test_id("traffic-lights").locator("li")).to_have_count(len(items))
    finally:
        context.close()


def test_the_browser_player_follows_the_phases_the_server_built_the_same_as_the_terminal_player(
    page: Page, api: Api
) -> None:
    name = api.person("Phase Phil")
    start_player(page, name)
    data = json.loads(page.locator("#routine-data").text_content() or "{}")
    routine = {i["exercise_id"]: i for i in api.routine(name)}
    terminal = []
    for item in data["items"]:
        raw = routine[item["id"]]["dose"]
        dose = Dose(
            DoseKind(raw["kind"]),
            raw["sets"],
            Sides(raw["sides"]),
            raw["rest_s"],
            raw["hold_s"],
            raw["reps"],
            raw["rep_s"],
        )
        it = routine[item["id"]]
        region = Region(it["region"]) if it["region"] else None  # strength work has no region
        terminal_item = RoutineItem(
            it["slot_id"], it["exercise_id"], region, it["target"], dose, it["seconds"], it["reason"]
        )
        terminal.append(terminal_phases(terminal_item))
    played = page.evaluate(
        """async (data) => (await import('/static/player.js')).phasesFrom(data)""",
        data,
    )
    expected = [(n, ph.label, ph.seconds, ph.side, ph.set_no) for n, phs in enumerate(terminal) for ph in phs]
    assert [(p["item"], p["label"], p["seconds"], p["side"], p["set"]) for p in played] == expected
    assert all(abs(p["ms"] - p["seconds"] * 10) < 1e-6 for p in played)  # every timer × 0.01
    assert all(p["seconds"] > 0 for p in played)
    assert default_catalogue().exercises[data["items"][0]["id"]].name == data["items"][0]["name"]


def test_a_log_whose_safety_check_was_used_meanwhile_comes_back_with_the_way_to_answer_again(
    page: Page, api: Api
) -> None:
    name = api.person("Stale Stan", minutes=5)
    short = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    page.goto(f"/p/{quote(name)}/session/play?screening={short['screening_id']}&pain=3")
    # Meanwhile the same safety check serves a session logged elsewhere (another tab, the terminal).
    items = [{"exercise": i["exercise_id"], "pain_during": 1} for i in api.routine(name)]
    api.post(
        f"/profiles/{quote(name)}/sessions",
        {"screening_id": short["screening_id"], "pain_before": 3, "pain_after": 3, "items": items},
    )
    page.get_by_test_id("start").click()
    page.get_by_test_id("end-session").click()
    page.get_by_test_id("end-confirm-yes").click()
    form = page.get_by_test_id("pain-log-form")
    for box in form.locator("[data-testid^=done-]").all():
        box.check()
    form.get_by_test_id("pain-during-1").check()
    form.get_by_test_id("pain-after-1").check()
    form.get_by_test_id("nerve-no").check()
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        form.get_by_test_id("log-submit").click()
    assert response.value.status == 422
    expect(page.get_by_test_id("error-summary")).to_contain_text(re.compile("already used", re.IGNORECASE))
    expect(page.get_by_test_id("rescreen")).to_have_attribute("href", f"/p/{quote(name)}/session")
    expect(page.get_by_test_id("player")).to_be_hidden()  # just the form, with what was typed
    expect(form.get_by_test_id("pain-after-1")).to_be_checked()


def test_ending_at_once_says_nothing_is_ticked_and_sends_no_exercise_time(page: Page, api: Api) -> None:
    """Ended within seconds: the log does not ask to untick what is not ticked, and the player's clock
    goes with the log (a few seconds at most), so the weekly minutes count what was done."""
    name = api.person("Quick Quinn")
    items = api.routine(name)
    page.clock.install()  # time moves only when the test moves it
    start_player(page, name)
    page.get_by_test_id("start").click()
    page.clock.run_for(20)  # 2 s of routine time at 1/100 speed
    page.get_by_test_id("end-session").click()
    page.get_by_test_id("end-confirm-yes").click()
    form = page.get_by_test_id("pain-log-form")
    expect(form).to_be_visible()
    expect(page.get_by_test_id("session-summary")).to_contain_text(f"0 of {len(items)} exercises")
    expect(page.get_by_test_id("log-hint")).to_contain_text("Nothing is ticked yet")
    data = json.loads(page.locator("#routine-data").text_content() or "{}")
    whole = sum(p["seconds"] for p in data["phases"] if p["item"] == 0)
    sent = [form.locator(f'input[name="item-{i}-seconds"]').input_value() for i in range(len(items))]
    assert 2 <= int(sent[0]) < whole / 2  # what the clock ran on the first exercise, not its whole dose
    assert sent[1:] == ["0"] * (len(items) - 1)
