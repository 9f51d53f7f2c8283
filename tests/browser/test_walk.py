"""The walk test in Chromium: motion readings fed through the DevTools sensor emulation are recorded,
sent and analysed; a file is imported through the form; refusals are shown and store nothing.

The emulated accelerometer follows a synthetic lower-back walk (108 steps a minute) in real time: each
reading set is the walk's value at the moment it is set, so a busy machine only thins the samples.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import Browser, CDPSession, Page, Route, expect

from supple.domain.gait_impact import synthetic_walk
from tests.browser.support import PHONE, Api, Server, axe_violations, no_horizontal_scroll, resize, shoot
from tests.gait_files import generic_csv, walk

SENSORS = ("accelerometer", "linear-acceleration", "gyroscope")
CADENCE = 108


def stored(server: Server, name: str) -> list[tuple[str, int, float | None]]:
    db = Path(server.log).parent / "s.db"
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT w.source, w.steps, w.cadence FROM walk_recording w JOIN profile p ON p.id = w.profile_id "
            "WHERE p.name = ? ORDER BY w.id",
            (name,),
        ).fetchall()
    return [tuple(r) for r in rows]


def walk_jobs(server: Server, name: str) -> list[str]:
    """The statuses of the person's walk-analysis jobs in the job store."""
    with sqlite3.connect(Path(server.log).parent / "s.db") as conn:
        rows = conn.execute("SELECT status FROM job_result WHERE kind = 'walk-analysis' AND owner = ?", (name,))
        return [str(r[0]) for r in rows.fetchall()]


def sensors_on(page: Page) -> CDPSession:
    cdp = page.context.new_cdp_session(page)
    for kind in SENSORS:
        cdp.send("Emulation.setSensorOverrideEnabled", {"enabled": True, "type": kind})
    # device motion starts only once every sensor behind it has given a reading
    cdp.send("Emulation.setSensorOverrideReadings", {"type": "gyroscope", "reading": {"xyz": {"x": 0, "y": 0, "z": 0}}})
    cdp.send(
        "Emulation.setSensorOverrideReadings",
        {"type": "linear-acceleration", "reading": {"xyz": {"x": 0, "y": 0, "z": 0}}},
    )
    set_reading(cdp, 0.0, 9.81, 0.0)
    return cdp


def set_reading(cdp: CDPSession, x: float, y: float, z: float) -> None:
    cdp.send(
        "Emulation.setSensorOverrideReadings", {"type": "accelerometer", "reading": {"xyz": {"x": x, "y": y, "z": z}}}
    )


def walk_for(cdp: CDPSession, seconds: float) -> None:
    """Feed the walk in real time: the phone upright in a belt (its y axis points up)."""
    t, acc = synthetic_walk(seconds + 10, 200, CADENCE, seed=7, still_s=0.5)
    start = time.monotonic()
    while (now := time.monotonic() - start) < seconds:
        i = min(int(now * 200), len(t) - 1)
        up, side, forward = acc[i]
        set_reading(cdp, float(side), float(up), float(forward))


CONTROLS = ("walk-start", "walk-stop", "walk-cancel", "walk-sending")

# Every control a finger uses on the walk page: buttons, the duration list, the file picker, number
# fields, the radio choices and the check box (their whole label is the target), as shown now, and
# whether its words spill out of it.
TARGETS = """() => [...document.querySelectorAll(
  'main .button, main select, main input[type=file], main input[type=number], main label.choice, main .check')]
  .filter((el) => el.offsetParent !== null)
  .map((el) => { const r = el.getBoundingClientRect();
    return {what: el.dataset.testid || el.textContent.trim().slice(0, 40) || el.id, h: r.height, w: r.width,
            cut: el.scrollHeight > el.clientHeight + 1}; })"""


def real_countdown(route: Route) -> None:
    """The page with its timers at their real length (the test server scales them by 0.01), so the
    5-second countdown can be seen and cancelled."""
    answer = route.fetch()
    body = answer.text()
    assert '"timer_scale": 0.01' in body
    route.fulfill(response=answer, body=body.replace('"timer_scale": 0.01', '"timer_scale": 1'))


def shown_controls(page: Page) -> list[str]:
    return [c for c in CONTROLS if page.get_by_test_id(c).is_visible()]


def small_targets(page: Page) -> list[dict[str, object]]:
    found: list[dict[str, object]] = page.evaluate(TARGETS)
    assert len(found) >= 9, found  # Start, minutes, file, 2 placements, Analyse, the walking target's form
    return [t for t in found if float(str(t["h"])) < 44 or float(str(t["w"])) < 44 or t["cut"]]  # cut: words spill out


def start_recording(page: Page) -> None:
    page.get_by_test_id("walk-start").click()
    expect(page.get_by_test_id("walk-recorder")).to_have_attribute("data-state", "recording")


def test_a_walk_recorded_from_the_motion_sensor_is_sent_and_shown_with_its_steps_and_pace(
    page: Page, api: Api, server: Server, page_errors: list[str]
) -> None:
    name = api.person("Wendy Walker", tests=False)
    cdp = sensors_on(page)
    page.goto(f"/p/{name}/walk")
    expect(page.get_by_test_id("walk-recorder")).to_be_visible()
    expect(page.get_by_test_id("walk-picture")).to_be_visible()
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    start_recording(page)
    walk_for(cdp, 30)
    expect(page.get_by_test_id("walk-samples")).not_to_have_text("0")
    shoot(page, "walk-recording")
    sent: list[str] = []

    def lose_the_first_answer(route: Route) -> None:
        """The server gets the first upload, but its answer is lost on the way back (a dropped connection)."""
        sent.append(route.request.url)
        if len(sent) == 1:
            answer = route.fetch()
            assert answer.status == 202
            assert "/walk-jobs/" in answer.headers["location"]
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r".*/walks\?.*"), lose_the_first_answer)
    page.get_by_test_id("walk-stop").click()
    expect(page).to_have_url(re.compile(rf"/p/{re.escape(name).replace(' ', '%20')}/walk/\d+$"), timeout=30_000)
    steps_text = page.get_by_test_id("walk-steps").inner_text()
    steps = int(steps_text.split()[0])
    # 30 s at 108 steps a minute, less the half second standing at the start: about 53 steps
    assert 45 <= steps <= 56, steps_text
    cadence = int(page.get_by_test_id("walk-cadence").inner_text().split()[0])
    assert abs(cadence - CADENCE) <= 3
    # Either the browser gave enough readings for the jolt, or the page says why there is none
    impact = page.get_by_test_id("walk-impact")
    no_impact = page.get_by_test_id("walk-no-impact")
    assert impact.count() + no_impact.count() == 1
    if no_impact.count():
        expect(no_impact).to_contain_text("samples per second")
    expect(page.get_by_test_id("walk-education")).to_contain_text("not something to push down")
    shoot(page, "walk-result")
    assert axe_violations(page) == []
    rows = stored(server, name)
    assert len(rows) == 1  # sent twice with the same client_id: analysed and stored once
    assert rows[0][0] == "browser"
    assert len(sent) == 2
    assert sent[0] == sent[1]
    assert walk_jobs(server, name) == ["saved"]  # the retry found the first upload's job: one analysis
    assert "client_id=" in sent[0]
    assert [e for e in page_errors if "ERR_CONNECTION_RESET" not in e and "Failed to fetch" not in e] == []


def test_a_recording_stopped_too_soon_is_refused_with_the_reason_and_nothing_is_stored(
    page: Page, api: Api, server: Server, page_errors: list[str]
) -> None:
    name = api.person("Sam Short", tests=False)
    cdp = sensors_on(page)
    page.goto(f"/p/{name}/walk")
    start_recording(page)
    walk_for(cdp, 3)
    page.get_by_test_id("walk-stop").click()
    expect(page.get_by_test_id("walk-recorder")).to_have_attribute("data-state", "refused")
    expect(page.get_by_test_id("walk-message")).to_contain_text("too short")
    expect(page.get_by_test_id("walk-message")).to_contain_text(". Allowed: ")  # as the pages and the CLI say it
    expect(page.get_by_test_id("walk-message")).to_contain_text("Nothing was saved")
    assert ".." not in (page.get_by_test_id("walk-message").text_content() or "")
    expect(page.get_by_test_id("walk-start")).to_be_visible()
    assert stored(server, name) == []
    assert [e for e in page_errors if "status of 422" not in e] == []  # the refusal itself is a 422


def test_files_are_imported_through_the_form_and_bad_ones_are_refused(
    page: Page, api: Api, server: Server, page_errors: list[str], tmp_path: Path
) -> None:
    name = api.person("Ivy Import", tests=False)
    page.goto(f"/p/{name}/walk")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wrong_units = tmp_path / "units.csv"
    t, acc = walk(60)
    wrong_units.write_bytes(generic_csv(t, acc * 5, "m/s2"))
    # an empty file is refused at once on the walk page; a file in the wrong units by the analysis job
    page.get_by_test_id("walk-file").set_input_files(str(empty))
    page.get_by_test_id("walk-import-submit").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_contain_text("the file is empty")
    page.get_by_test_id("walk-file").set_input_files(str(wrong_units))
    page.get_by_test_id("walk-import-submit").click()
    expect(page.get_by_test_id("walk-job-failed")).to_contain_text("neither about 1 g nor about 9.8")
    assert axe_violations(page) == []
    assert stored(server, name) == []
    page.get_by_test_id("walk-job-retry").click()
    good = tmp_path / "walk.csv"
    good.write_bytes(generic_csv(t, acc, "g"))
    page.get_by_test_id("walk-file").set_input_files(str(good))
    page.get_by_test_id("walk-placement-lower-back").check()
    page.get_by_test_id("walk-import-submit").click()
    expect(page.get_by_test_id("walk-impact")).to_contain_text(" g")  # the job page reloads itself when done
    expect(page.get_by_test_id("walk-steps")).to_contain_text("steps")
    assert stored(server, name) == []  # not saved until the person says so
    assert axe_violations(page) == []
    page.get_by_test_id("walk-save").click()
    expect(page.get_by_test_id("walk-back")).to_be_visible()
    expect(page.get_by_test_id("walk-impact")).to_contain_text(" g")
    assert len(stored(server, name)) == 1
    assert np.isclose(stored(server, name)[0][2] or 0, 110, atol=2)
    assert [e for e in page_errors if "status of 422" not in e] == []  # the empty file's refusal is a 422 page


def test_the_recorder_shows_only_the_controls_of_each_state_with_large_targets_on_a_phone(
    page: Page, api: Api, server: Server, page_errors: list[str]
) -> None:
    name = api.person("Stella States", tests=False)
    cdp = sensors_on(page)
    resize(page, PHONE)
    page.route(f"**/p/{name.replace(' ', '%20')}/walk", real_countdown)
    page.goto(f"/p/{name}/walk")
    recorder = page.get_by_test_id("walk-recorder")
    expect(recorder).to_have_attribute("data-state", "idle")
    assert shown_controls(page) == ["walk-start"]  # before the start: no Stop, no Cancel
    assert small_targets(page) == []
    assert page.get_by_test_id("walk-placement-lower-back").is_checked()
    page.get_by_text("In a trouser pocket").click()  # the whole choice box is the target, not the dot
    assert page.get_by_test_id("walk-placement-pocket").is_checked()
    assert axe_violations(page) == []

    page.get_by_test_id("walk-start").click()
    expect(recorder).to_have_attribute("data-state", "countdown")
    assert shown_controls(page) == ["walk-cancel"]  # nothing recorded yet: nothing to send
    expect(page.get_by_test_id("walk-countdown")).to_be_visible()
    expect(page.get_by_test_id("walk-minutes")).to_be_disabled()
    page.get_by_test_id("walk-cancel").click()
    expect(recorder).to_have_attribute("data-state", "idle")
    assert shown_controls(page) == ["walk-start"]
    expect(page.get_by_test_id("walk-countdown")).to_be_hidden()
    expect(page.get_by_test_id("walk-message")).to_contain_text("Nothing was sent")
    expect(page.get_by_test_id("walk-minutes")).to_be_enabled()

    start_recording(page)
    assert shown_controls(page) == ["walk-stop", "walk-cancel"]
    assert small_targets(page) == []
    assert axe_violations(page) == []
    walk_for(cdp, 3)
    held: list[Route] = []

    def hold(route: Route) -> None:
        """Hold the upload, to see the page while it is being sent."""
        held.append(route)

    page.route(re.compile(r".*/walks\?.*"), hold)
    page.get_by_test_id("walk-stop").click()
    expect(recorder).to_have_attribute("data-state", "sending")
    assert shown_controls(page) == ["walk-sending"]  # only the progress while sending
    expect(page.get_by_test_id("walk-progress")).to_be_visible()
    expect(page.get_by_test_id("walk-message")).to_contain_text("Sending")
    assert axe_violations(page) == []
    for _ in range(100):  # the held request reaches the handler while Playwright waits
        if held:
            break
        page.wait_for_timeout(100)
    held[0].continue_()
    expect(recorder).to_have_attribute("data-state", "refused")  # 3 s is too short: the reason, and Start again
    assert shown_controls(page) == ["walk-start"]
    expect(page.get_by_test_id("walk-message")).to_contain_text("Nothing was saved")
    assert stored(server, name) == []
    assert [e for e in page_errors if "status of 422" not in e] == []


def test_without_javascript_the_recorder_stays_hidden_and_a_file_is_imported_through_the_form(
    browser: Browser, api: Api, server: Server, tmp_path: Path
) -> None:
    name = api.person("Nora Noscript", tests=False)
    context = browser.new_context(base_url=server.base, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/p/{name}/walk")
        expect(page.get_by_test_id("walk-recorder")).to_be_hidden()  # it needs the script to record
        assert [c for c in CONTROLS if page.get_by_test_id(c).is_visible()] == []
        good = tmp_path / "walk.csv"
        good.write_bytes(generic_csv(*walk(60), "g"))
        page.get_by_test_id("walk-file").set_input_files(str(good))
        page.get_by_text("In a belt or clip at the lower back").click()
        assert page.get_by_test_id("walk-placement-lower-back").is_checked()
        page.get_by_test_id("walk-import-submit").click()
        # the job page refreshes itself (a meta refresh) until the walk is found
        expect(page.get_by_test_id("walk-steps")).to_contain_text("steps", timeout=60_000)
        page.get_by_test_id("walk-save").click()
        expect(page.get_by_test_id("walk-back")).to_be_visible()
        assert len(stored(server, name)) == 1
    finally:
        context.close()
