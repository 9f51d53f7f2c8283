"""Measuring with the phone, in Chromium with the device orientation injected through DevTools.

The phone "lies" on a shin leaning 40 degrees forward (35 on the right), zeroed against a wall; the
same shin is measured held portrait, landscape and upside down (see tests/unit/test_inclinometer.py for
the hand-computed angles). The values must show live, be taken by themselves once steady, and be stored
with the method "phone" and the placement.
"""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.browser.conftest import LAUNCH_ARGS
from tests.browser.support import (
    CHROMIUM,
    Api,
    Server,
    axe_violations,
    no_horizontal_scroll,
    open_choices,
    shoot,
    watch_errors,
)
from tests.server.live import free_port, start, stop

WALL = (0.0, 90.0, 0.0)  # upright, portrait, screen facing the room
# (alpha, beta, gamma) of a phone on a shin leaning `lean` degrees forward, three ways round.
SHIN_40 = {"portrait": (10.0, 130.0, 0.0), "landscape": (200.0, -180.0, 50.0), "upside-down": (300.0, -130.0, 0.0)}
SHIN_35 = {"portrait": (0.0, 125.0, 0.0), "landscape": (0.0, -180.0, 55.0), "upside-down": (0.0, -125.0, 0.0)}


def orient(cdp: CDPSession, alpha: float, beta: float, gamma: float) -> None:
    cdp.send("DeviceOrientation.setDeviceOrientationOverride", {"alpha": alpha, "beta": beta, "gamma": gamma})


def start_phone(page: Page, cdp: CDPSession, first: tuple[float, float, float]) -> None:
    orient(cdp, *first)
    page.get_by_test_id("phone-start").click()
    expect(page.get_by_test_id("phone-live")).to_be_visible()
    expect(page.get_by_test_id("phone-start")).to_be_hidden()


def take(page: Page, cdp: CDPSession, pose: tuple[float, float, float], side: str, expected: list[str]) -> None:
    """Hold the phone in ``pose``: the live readout shows it, then Measure takes it by itself."""
    orient(cdp, *pose)
    expect(page.get_by_test_id("phone-angle")).to_have_text(expected[-1])
    page.get_by_test_id("phone-go").click()
    expect(page.get_by_test_id(f"phone-trials-{side}")).to_have_text(", ".join(expected))


def stored(server: Server, name: str, test_id: str) -> list[tuple[str, str, int, float, str, str | None]]:
    db = Path(server.log).parent / "s.db"
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT m.metric_id, m.side, m.trial, m.value, m.method, m.placement FROM measurement m "
            "JOIN assessment a ON a.id = m.assessment_id JOIN profile p ON p.id = a.profile_id "
            "WHERE p.name = ? AND m.test_id = ? ORDER BY m.metric_id, m.side, m.trial",
            (name, test_id),
        ).fetchall()
    return [tuple(r) for r in rows]


def test_knee_to_wall_by_phone_held_portrait_landscape_and_upside_down(
    page: Page, api: Api, server: Server, page_errors: list[str]
) -> None:
    name = api.person("Phil Phone", tests=False)
    page.goto(f"/p/{name}/tests/knee-to-wall")
    open_choices(page)
    panel = page.get_by_test_id("phone-measure")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("phone-picture")).to_be_visible()
    cdp = page.context.new_cdp_session(page)
    start_phone(page, cdp, WALL)
    page.get_by_test_id("phone-zero").click()
    expect(page.get_by_test_id("phone-angle")).to_have_text("0°")

    left: list[str] = []
    for pose in SHIN_40.values():  # portrait, landscape, upside down
        left.append("40°")
        take(page, cdp, pose, "left", left)
        expect(panel).to_have_attribute(
            "data-spoken", re.compile(rf"^40 degrees\. Try {len(left)}, left side\."), timeout=1
        )
    # After three tries on the left the panel moves on to the right side, and says so.
    expect(panel).to_have_attribute("data-spoken", re.compile(r"Now the right side\.$"))
    expect(page.get_by_test_id("phone-side-right")).to_be_checked()
    right: list[str] = []
    for pose in SHIN_35.values():
        right.append("35°")
        take(page, cdp, pose, "right", right)
    shoot(page, "phone-measure-knee-to-wall")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)

    page.get_by_test_id("phone-save").click()
    expect(page).to_have_url(re.compile(r"/tests\?saved=knee-to-wall$"))
    rows = stored(server, name, "knee-to-wall")
    placement = "phone flat on the shin, 15 cm below the bump under the kneecap; zeroed on a wall"
    assert rows == [
        *[("tibia_angle_deg", "left", n, 40.0, "phone", placement) for n in (1, 2, 3)],
        *[("tibia_angle_deg", "right", n, 35.0, "phone", placement) for n in (1, 2, 3)],
    ]
    assert page_errors == []


def test_nothing_is_taken_while_the_phone_moves(page: Page, api: Api, page_errors: list[str]) -> None:
    """Seated rotation by compass: the turn is read only once it has stayed within 1 degree for the hold time.

    The page's clock is Playwright's, moved on by hand, so "moving" and "held" do not depend on how busy
    the machine is. With the test server's timer scale the hold time is 0.4 s.
    """
    name = api.person("Rita Rotation", tests=False)
    page.clock.install(time=0)
    page.goto(f"/p/{name}/tests/seated-thoracic-rotation")
    open_choices(page)
    page.clock.pause_at(1_000_000)  # well ahead of the page load
    cdp = page.context.new_cdp_session(page)
    upright_on_chest = (0.0, 90.0, 0.0)
    start_phone(page, cdp, upright_on_chest)
    page.get_by_test_id("phone-zero").click()
    page.get_by_test_id("phone-go").click()
    page.clock.run_for(100)  # past the (scaled) get-ready countdown
    for turn in (8, 16, 24, 32, 40, 48):  # turning: a new heading every 0.2 s
        orient(cdp, turn, 90, 0)
        expect(page.get_by_test_id("phone-angle")).to_have_text(f"{turn}°")
        page.clock.run_for(200)
        expect(page.get_by_test_id("phone-state")).to_have_text("Hold still…")
    expect(page.get_by_test_id("phone-trials-left")).to_have_text("none yet")
    page.clock.run_for(500)  # held at 48
    expect(page.get_by_test_id("phone-trials-left")).to_have_text("48°")
    expect(page.get_by_test_id("phone-measure")).to_have_attribute("data-spoken", re.compile("^48 degrees"))
    assert page_errors == []


def test_knee_below_the_bed_is_a_minus_value(page: Page, api: Api, page_errors: list[str]) -> None:
    name = api.person("Tom Thomas", tests=False)
    page.goto(f"/p/{name}/tests/modified-thomas")
    open_choices(page)
    cdp = page.context.new_cdp_session(page)
    flat_on_bed = (0.0, 0.0, 0.0)
    start_phone(page, cdp, flat_on_bed)
    page.get_by_test_id("phone-zero").click()
    orient(cdp, 0, 0, -12)  # the thigh hangs 12 degrees; the phone lies on it landscape
    expect(page.get_by_test_id("phone-angle")).to_have_text("-12°")
    page.get_by_test_id("phone-below").uncheck()
    expect(page.get_by_test_id("phone-angle")).to_have_text("12°")
    assert page_errors == []


def test_without_sensors_the_typed_form_is_offered(page: Page, api: Api, page_errors: list[str]) -> None:
    """A desktop Chromium without an injected orientation: no readings arrive, so the panel says so."""
    name = api.person("Desmond Desk", tests=False)
    page.goto(f"/p/{name}/tests/supine-hip-flexion")
    open_choices(page)
    page.get_by_test_id("phone-start").click()
    message = page.get_by_test_id("phone-message")
    expect(message).to_contain_text("does not report its tilt")
    expect(message).to_contain_text("Type your values")
    expect(page.get_by_test_id("phone-live")).to_be_hidden()
    expect(page.get_by_test_id("test-form")).to_be_visible()
    shoot(page, "phone-measure-no-sensors", full_page=False)
    assert page_errors == []


def test_tests_without_a_phone_method_have_no_phone_panel(page: Page, api: Api) -> None:
    name = api.person("Fay Faber", tests=False)
    page.goto(f"/p/{name}/tests/faber-distance")
    open_choices(page)
    expect(page.get_by_test_id("test-form")).to_be_visible()
    expect(page.get_by_test_id("phone-measure")).to_have_count(0)


# Chromium has no permission prompt for motion; iOS Safari does. This stands in for Safari's
# `DeviceOrientationEvent.requestPermission` and notes whether it was called during the tap.
IOS_PERMISSION = """
window.__asked = [];
for (const Ctor of [window.DeviceOrientationEvent, window.DeviceMotionEvent]) {
  Ctor.requestPermission = () => {
    window.__asked.push(navigator.userActivation.isActive);
    return Promise.resolve(%s);
  };
}
"""


def test_ios_permission_is_asked_during_the_tap(page: Page, api: Api, page_errors: list[str]) -> None:
    name = api.person("Ida Ios", tests=False)
    page.add_init_script(IOS_PERMISSION % '"granted"')
    page.goto(f"/p/{name}/tests/lumbar-locked-rotation")
    open_choices(page)
    cdp = page.context.new_cdp_session(page)
    start_phone(page, cdp, (0.0, 0.0, 0.0))
    assert page.evaluate("window.__asked") == [True, True]
    assert page_errors == []


def test_ios_permission_refused_offers_typed_entry(page: Page, api: Api, page_errors: list[str]) -> None:
    name = api.person("Ivo Ios", tests=False)
    page.add_init_script(IOS_PERMISSION % '"denied"')
    page.goto(f"/p/{name}/tests/lumbar-locked-rotation")
    open_choices(page)
    page.get_by_test_id("phone-start").click()
    expect(page.get_by_test_id("phone-message")).to_contain_text("Motion access was not allowed")
    expect(page.get_by_test_id("phone-live")).to_be_hidden()
    expect(page.get_by_test_id("test-form")).to_be_visible()
    assert page_errors == []


def test_over_plain_http_from_the_network_the_panel_asks_for_https(
    browser: Browser, api: Api, server: Server, page_errors: list[str], tmp_path: Path
) -> None:
    """Seen as another machine on the network (a name that is not localhost), the page is not secure."""
    name = api.person("Nina Network", tests=False)
    # A second server on the same data, listening on every address (the one at 127.0.0.1 refuses other names).
    port = free_port()
    everywhere = start(server.log.parent / "s.db", port, tmp_path, host="0.0.0.0")
    args = [*LAUNCH_ARGS, "--host-resolver-rules=MAP supple.home.test 127.0.0.1"]
    other = browser.browser_type.launch(executable_path=str(CHROMIUM), args=args)
    try:
        page = other.new_page()
        watch_errors(page, page_errors)
        page.goto(f"http://supple.home.test:{port}/p/{quote(name)}/tests/knee-to-wall")
        open_choices(page)
        assert page.evaluate("window.isSecureContext") is False
        page.get_by_test_id("phone-start").click()
        expect(page.get_by_test_id("phone-message")).to_contain_text("secure (https) connection")
        expect(page.get_by_test_id("phone-message")).to_contain_text("phone mode")
        expect(page.get_by_test_id("test-form")).to_be_visible()
    finally:
        other.close()
        stop(everywhere)
    assert page_errors == []


def test_hip_rotation_is_zeroed_again_on_the_other_shin(
    page: Page, api: Api, server: Server, page_errors: list[str]
) -> None:
    """The phone stays on the shin it was zeroed on; the shin swings sideways 25 degrees (the phone turns
    in its own plane: "up" seen from the phone goes from (0, 1, 0) to (sin 25, cos 25, 0))."""
    name = api.person("Hugo Hip", tests=False)
    page.goto(f"/p/{name}/tests/hip-rotation")
    open_choices(page)
    page.get_by_test_id("phone-what").select_option("shin-outward")
    cdp = page.context.new_cdp_session(page)
    hanging = (0.0, 90.0, 0.0)
    start_phone(page, cdp, hanging)
    page.get_by_test_id("phone-zero").click()
    swung = (0.0, 65.0, -90.0)
    taken: list[str] = []
    for _ in range(3):
        taken.append("25°")
        take(page, cdp, swung, "left", taken)
        orient(cdp, *hanging)
    expect(page.get_by_test_id("phone-side-right")).to_be_checked()
    expect(page.get_by_test_id("phone-state")).to_contain_text("Zero the phone on that side first")
    expect(page.get_by_test_id("phone-go")).to_be_disabled()
    page.get_by_test_id("phone-zero").click()
    take(page, cdp, swung, "right", ["25°"])
    page.get_by_test_id("phone-save").click()
    expect(page).to_have_url(re.compile(r"/tests\?saved=hip-rotation$"))
    placement = "phone on the front of the mid-shin; zeroed with the shin hanging straight"
    assert stored(server, name, "hip-rotation") == [
        *[("external_rotation_deg", "left", n, 25.0, "phone", placement) for n in (1, 2, 3)],
        ("external_rotation_deg", "right", 1, 25.0, "phone", placement),
    ]
    assert page_errors == []


def gravity(cdp: CDPSession, up: tuple[float, float, float]) -> None:
    """What a still phone's accelerometer reads: 9.81 m/s² along "up" seen from the phone."""
    x, y, z = (9.81 * c for c in up)
    cdp.send(
        "Emulation.setSensorOverrideReadings", {"type": "accelerometer", "reading": {"xyz": {"x": x, "y": y, "z": z}}}
    )


def test_gravity_alone_is_enough_for_a_tilt(page: Page, api: Api, page_errors: list[str]) -> None:
    """Only the accelerometer is emulated (DevTools sensor override), no orientation: the shin is read
    from the gravity vector. Up seen from the phone: wall (0, 1, 0); shin, landscape (cos 40, 0, cos 130)."""
    name = api.person("Greta Gravity", tests=False)
    cdp = page.context.new_cdp_session(page)
    for sensor in ("accelerometer", "linear-acceleration", "gyroscope"):
        cdp.send("Emulation.setSensorOverrideEnabled", {"enabled": True, "type": sensor})
    for sensor in ("linear-acceleration", "gyroscope"):
        cdp.send("Emulation.setSensorOverrideReadings", {"type": sensor, "reading": {"xyz": {"x": 0, "y": 0, "z": 0}}})
    gravity(cdp, (0.0, 1.0, 0.0))
    page.goto(f"/p/{name}/tests/knee-to-wall")
    open_choices(page)
    page.get_by_test_id("phone-start").click()
    expect(page.get_by_test_id("phone-live")).to_be_visible()
    page.get_by_test_id("phone-zero").click()
    expect(page.get_by_test_id("phone-angle")).to_have_text("0°")
    gravity(cdp, (math.cos(math.radians(40)), 0.0, math.cos(math.radians(130))))
    expect(page.get_by_test_id("phone-angle")).to_have_text("40°")
    page.get_by_test_id("phone-go").click()
    expect(page.get_by_test_id("phone-trials-left")).to_have_text("40°")
    assert page_errors == []
