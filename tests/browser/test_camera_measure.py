"""Measuring from a photo or video in Chromium: upload, progress, the annotated result, confirm."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, Api, axe_violations, no_horizontal_scroll, open_choices, resize, shoot
from tests.vision.media import LUNGE_CLIP, lying_photo, read_frames, write_video


def test_a_photo_is_measured_shown_annotated_and_recorded_as_a_camera_result(
    page: Page, api: Api, page_errors: list[str], tmp_path: Path
) -> None:
    photo = lying_photo(tmp_path)
    name = api.person("Camera Cleo", tests=False)
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/tests/modified-thomas")
    open_choices(page)
    form = page.get_by_test_id("camera-form")
    expect(form).to_be_visible()
    page.get_by_test_id("camera-file").set_input_files(str(photo))
    page.get_by_test_id("camera-side-left").check()
    page.get_by_test_id("camera-submit").click()

    expect(page.get_by_test_id("camera-result")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("camera-value")).to_have_count(2)  # thigh angle and knee bend
    expect(page.get_by_test_id("camera-value").first).to_contain_text("°")
    expect(page.get_by_test_id("camera-frame")).to_have_text("the photo")
    image = page.get_by_test_id("camera-image")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "camera-photo-result")

    page.get_by_test_id("camera-confirm").click()
    page.wait_for_url(f"**/p/{quote(name)}/tests?saved=modified-thomas")
    status, results = api.call("GET", f"/profiles/{quote(name)}/results")
    assert status == 200
    assert "modified-thomas" in str(results)
    assert page_errors == []


def test_a_video_shows_a_progress_bar_then_retake_advice(
    page: Page, api: Api, page_errors: list[str], tmp_path: Path
) -> None:
    frames = read_frames(LUNGE_CLIP, range(0, 60), width=540)
    clip = write_video(tmp_path / "front.mp4", frames, 30)
    name = api.person("Camera Cato", tests=False)
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    open_choices(page)
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


def test_the_upload_is_a_clear_choice_of_its_own_with_large_stacked_pickers(page: Page, api: Api) -> None:
    name = api.person("Camera Cora", tests=False)
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    # One of three ways to measure, each behind its own heading; not mixed into the typed form.
    choice = page.get_by_test_id("choice-camera")
    expect(choice.locator("summary")).to_have_text(re.compile("photo or video"))
    open_choices(page)
    box = page.get_by_test_id("camera-measure")
    expect(choice.get_by_test_id("camera-measure")).to_be_visible()
    expect(page.get_by_test_id("test-form").get_by_test_id("camera-measure")).to_have_count(0)
    capture = page.get_by_test_id("camera-capture").bounding_box()
    chosen = page.get_by_test_id("camera-file").bounding_box()
    assert capture is not None
    assert chosen is not None
    for picker in (capture, chosen):
        assert picker["height"] >= 44
        assert picker["width"] >= 300  # full width at 360 px
    assert chosen["y"] >= capture["y"] + capture["height"]  # stacked, not side by side
    expect(page.get_by_label("Take a photo or video")).to_have_attribute("capture", "environment")
    expect(page.get_by_label("Choose a file")).to_be_visible()
    assert no_horizontal_scroll(page)
    box.scroll_into_view_if_needed()
    shoot(page, "camera-upload-360", full_page=False)


def test_a_text_file_comes_back_to_the_test_page_with_the_error_by_the_upload(
    page: Page, api: Api, page_errors: list[str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    name = api.person("Camera Cruz", tests=False)
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/tests/knee-to-wall")
    open_choices(page)
    page.get_by_test_id("camera-side-right").check()
    page.get_by_test_id("camera-file").set_input_files(str(notes))
    with page.expect_response(lambda r: r.url.endswith("/camera") and r.request.method == "POST") as sent:
        page.get_by_test_id("camera-submit").click()
    assert sent.value.status == 422
    expect(page.get_by_test_id("camera-errors")).to_be_visible()
    error = page.get_by_test_id("camera-error-file")
    expect(error).to_contain_text("not a photo or a video")
    expect(page.get_by_test_id("camera-file")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("camera-side-right")).to_be_checked()  # the answers are kept
    expect(page.get_by_test_id("test-form")).to_be_visible()  # the whole test page, not a dead end
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    shoot(page, "camera-upload-error-360", full_page=False)

    page.get_by_test_id("camera-file").set_input_files(str(lying_photo(tmp_path)))  # trying again from here
    page.get_by_test_id("camera-submit").click()
    page.wait_for_url(f"**/p/{quote(name)}/camera/*")  # the upload was taken this time
    assert page_errors == []
