"""A phone on the home network: pairs with the QR code's address, then measures over HTTPS.

`supple serve --lan` runs for real (on 127.0.0.1 here); Chromium plays the phone, accepting the
self-signed certificate as a person would after checking its fingerprint.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import PHONE, axe_violations, open_choices, shoot
from tests.browser.test_phone_measure import SHIN_40, WALL, orient, start_phone, take
from tests.factories import baseline, screen_answers
from tests.server.test_lan_server import LanServer, _start, _trusting


@pytest.fixture(scope="module")
def lan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanServer]:
    proc, server = _start(tmp_path_factory.mktemp("lan-phone"))
    try:
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _person(lan: LanServer, name: str) -> None:
    with httpx.Client(base_url=lan.base, verify=_trusting(lan.cert), timeout=15) as c:
        assert c.get("/pair", params={"t": lan.token}).status_code == 303
        for path, body in (
            ("/profiles", {"name": name, "birth_year": 1975, "sex": "male"}),
            (f"/profiles/{quote(name)}/screenings", screen_answers()),
            (f"/profiles/{quote(name)}/pain", baseline()),
        ):
            r = c.post(f"/api/v1{path}", json=body)
            assert r.status_code in (200, 201), r.text


def test_a_paired_phone_measures_over_https(browser: Browser, lan: LanServer, page_errors: list[str]) -> None:
    _person(lan, "Lena")
    context = browser.new_context(
        base_url=lan.base, viewport=PHONE, is_mobile=True, has_touch=True, ignore_https_errors=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/p/Lena/tests/knee-to-wall")
        expect(page).to_have_url(re.compile(r"/pair\?next=/$"))  # not paired yet: nothing shown
        expect(page.get_by_test_id("pair-form")).to_be_visible()
        page.goto(f"/pair?t={lan.token}")  # what scanning the QR code does
        page.goto("/p/Lena/tests/knee-to-wall")
        open_choices(page)
        assert page.evaluate("window.isSecureContext") is True
        cdp = context.new_cdp_session(page)
        start_phone(page, cdp, WALL)
        page.get_by_test_id("phone-zero").click()
        take(page, cdp, SHIN_40["landscape"], "left", ["40°"])
        orient(cdp, *WALL)
        shoot(page, "phone-measure-over-lan", full_page=False)
        page.get_by_test_id("phone-save").click()
        expect(page).to_have_url(re.compile(r"/tests\?saved=knee-to-wall$"))
    finally:
        context.close()
    db = Path(lan.cert).parents[2] / "s.db"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT side, value, method FROM measurement WHERE test_id = 'knee-to-wall'").fetchall()
    assert rows == [("left", 40.0, "phone")]
    assert page_errors == []


def test_the_computer_opens_the_qr_page_with_its_own_link(
    browser: Browser, lan: LanServer, page_errors: list[str]
) -> None:
    context = browser.new_context(base_url=lan.base, ignore_https_errors=True)
    page = context.new_page()
    try:
        page.goto("/lan")
        expect(page.get_by_test_id("pair-form")).to_be_visible()  # the QR page is protected too
        shoot(page, "lan-pair", full_page=False)
        assert axe_violations(page) == []
        page.goto(f"/pair?t={lan.token}&next=/lan")  # the link printed in the terminal
        expect(page).to_have_url(re.compile(r"/lan$"))
        expect(page.get_by_test_id("lan-qr").locator("svg")).to_be_visible()
        expect(page.get_by_test_id("lan-code")).to_have_text(lan.code)
        expect(page.get_by_test_id("lan-address")).to_have_text(f"{lan.base}/")
        shoot(page, "lan-desktop")
        assert axe_violations(page) == []
    finally:
        context.close()
    assert page_errors == []
