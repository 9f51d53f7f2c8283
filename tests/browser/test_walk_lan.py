"""The walk test on a phone paired over `supple serve --lan` (HTTPS, so the motion sensor may be read)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.support import PHONE
from tests.browser.test_lan_phone import _person
from tests.browser.test_walk import CADENCE, sensors_on, start_recording, walk_for
from tests.server.test_lan_server import LanServer, _start


@pytest.fixture(scope="module")
def lan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanServer]:
    proc, server = _start(tmp_path_factory.mktemp("lan-walk"))
    try:
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_paired_phone_records_a_walk_over_https(browser: Browser, lan: LanServer, page_errors: list[str]) -> None:
    _person(lan, "Wade")
    context = browser.new_context(
        base_url=lan.base, viewport=PHONE, is_mobile=True, has_touch=True, ignore_https_errors=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"/pair?t={lan.token}")
        cdp = sensors_on(page)
        page.goto("/p/Wade/walk")
        assert page.evaluate("window.isSecureContext") is True
        start_recording(page)
        walk_for(cdp, 25)
        page.get_by_test_id("walk-stop").click()
        expect(page).to_have_url(re.compile(r"/p/Wade/walk/\d+$"), timeout=30_000)
        cadence = int(page.get_by_test_id("walk-cadence").inner_text().split()[0])
        assert abs(cadence - CADENCE) <= 3
    finally:
        context.close()
    db = Path(lan.cert).parents[2] / "s.db"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source, placement FROM walk_recording").fetchall()
    assert rows == [("browser", "lower-back")]
    assert page_errors == []
