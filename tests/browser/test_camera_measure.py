"""Measuring from a photo or video in Chromium: upload, progress, the annotated result, confirm."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, Api, axe_violations, no_horizontal_scroll, resize, shoot
from tests.vision.media import COCO_IMAGE, POSE2SIM, need_shared, read_frames, write_video


def test_a_photo_is_measured_shown_annotated_and_recorded_as_a_camera_result(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    need_shared(COCO_IMAGE)
    name = api.person("Camera Cleo", tests=False)
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    form = page.get_by_test_id("camera-form")
    expect(form).to_be_visible()
    page.get_by_test_id("camera-file").set_input_files(str(COCO_IMAGE))
    page.get_by_test_id("camera-side-left").check()
    page.get_by_test_id("camera-submit").click()

    expect(page.get_by_test_id("camera-result")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("camera-value")).to_contain_text("°")
    expect(page.get_by_test_id("camera-frame")).to_have_text("the photo")
    image = page.get_by_test_id("camera-image")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "camera-photo-result")

    page.get_by_test_id("camera-confirm").click()
    page.wait_for_url(f"**/p/{quote(name)}/tests?saved=knee-to-wall")
    status, results = api.call("GET", f"/profiles/{quote(name)}/results")
    assert status == 200
    assert "knee-to-wall" in str(results)
    assert page_errors == []


def test_a_video_shows_a_progress_bar_then_retake_advice(
    page: Page, api: Api, page_errors: list[str], tmp_path: Path
) -> None:
    need_shared(POSE2SIM / "videos" / "cam01.mp4")
    frames = read_frames(POSE2SIM / "videos" / "cam01.mp4", range(0, 60), width=540)
    clip = write_video(tmp_path / "front.mp4", frames, 30)
    name = api.person("Camera Cato", tests=False)
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    page.get_by_test_id("camera-file").set_input_files(str(clip))
    page.get_by_test_id("camera-submit").click()

    expect(page.get_by_test_id("camera-progress")).to_be_visible()
    shoot(page, "camera-video-progress")
    advice = page.get_by_test_id("camera-issue")
    expect(advice.first).to_be_visible(timeout=90_000)
    expect(page.get_by_test_id("camera-retake-advice")).to_contain_text("side-on")
    expect(page.get_by_test_id("camera-confirm")).to_have_count(0)  # never a silent number
    assert no_horizontal_scroll(page)
    shoot(page, "camera-video-retake")
    assert page_errors == []
