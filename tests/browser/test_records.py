"""The records page, the report in the browser and importing a file, at phone and desktop width."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import Api, Server, axe_violations, no_horizontal_scroll, shoot


def test_from_progress_to_the_report_the_downloads_and_a_calendar_subscription(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Rena Records")
    api.post(f"/profiles/{quote(name)}/pain", {"pain": {"now": 2, "average_24h": 3, "worst_24h": 4}, "activities": {}})
    page.goto(f"/p/{quote(name)}/progress")
    page.get_by_test_id("records-link").click()
    expect(page.get_by_role("heading", name="Your records")).to_be_visible()
    page.get_by_test_id("make-feed").click()
    feed = page.get_by_test_id("feed-url")
    expect(feed).to_contain_text("/api/v1/calendar/")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "records")

    page.get_by_test_id("download-report-pdf").click()  # a background job: its page, then the download
    expect(page.get_by_role("heading", name="Your report as PDF")).to_be_visible()
    expect(page.get_by_test_id("report-download")).to_be_visible(timeout=60_000)  # the page follows the job
    assert axe_violations(page) == []
    with page.expect_download() as pdf:
        page.get_by_test_id("report-download").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")
    page.go_back()
    expect(page.get_by_role("heading", name="Your records")).to_be_visible()
    with page.expect_download() as ics:
        page.get_by_test_id("calendar-at").fill("07:30")
        page.get_by_test_id("download-calendar").click()
    assert b"RRULE:FREQ=WEEKLY" in Path(ics.value.path()).read_bytes()
    with urllib.request.urlopen(feed.inner_text(), timeout=15) as resp:
        assert b"BEGIN:VALARM" in resp.read()

    page.get_by_test_id("open-report").click()
    expect(page.get_by_role("heading", name=f"Supple progress report: {name}")).to_be_visible()
    expect(page.get_by_test_id("report-tests")).to_contain_text("Guide value band")
    expect(page.locator(".chart img")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "report")
    assert page_errors == []


def test_importing_an_export_makes_a_new_profile_and_a_bad_file_is_explained(
    page: Page, api: Api, server: Server, page_errors: list[str], tmp_path: Path
) -> None:
    name = api.person("Ivo Import")
    with urllib.request.urlopen(f"{server.base}/api/v1/profiles/{quote(name)}/export", timeout=15) as resp:
        raw = resp.read()
    cut = tmp_path / "cut.json"
    cut.write_bytes(raw[:300])
    page.goto("/")
    page.get_by_test_id("import-link").click()
    page.get_by_test_id("import-file").set_input_files(str(cut))
    page.get_by_test_id("import-submit").click()
    problems = page.get_by_test_id("import-problems")
    expect(problems).to_contain_text("nothing was saved")
    expect(problems).to_contain_text("cut short")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "import-refused")

    whole = tmp_path / "ivo.json"
    whole.write_bytes(raw)
    page.get_by_test_id("import-file").set_input_files(str(whole))
    page.get_by_test_id("import-name").fill("Ivo Moved")
    page.get_by_test_id("import-submit").click()
    expect(page).to_have_url(f"{server.base}/p/Ivo%20Moved")
    moved = json.loads(urllib.request.urlopen(f"{server.base}/api/v1/profiles/Ivo%20Moved/export", timeout=15).read())
    assert moved["data"]["assessments"] == json.loads(raw)["data"]["assessments"]
    assert page_errors == []
