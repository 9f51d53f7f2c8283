"""The session log's pain scales look and work like every other page's (one macro, templates/_tap.html)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.browser.support import PHONE, Api, axe_violations, resize
from tests.factories import short_screen

LOOK = """(scale) => [...scale.querySelectorAll('label.tap')].map((label) => {
  const box = label.querySelector(':scope > span');
  const l = getComputedStyle(label), s = getComputedStyle(box), r = box.getBoundingClientRect();
  return {label_border: l.borderTopWidth, box_border: s.borderTopWidth, radius: s.borderRadius,
          weight: s.fontWeight, size: s.fontSize, tall: r.height >= 44, wide: r.width >= 44};
})"""


def _look(page: Page, testid: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.get_by_test_id(testid).evaluate(LOOK)
    return found


def test_the_pain_scales_after_a_session_match_the_baseline_ones_one_box_per_number(
    page: Page, api: Api, page_errors: list[str]
) -> None:
    name = api.person("Scale Sue")
    screening = api.post(f"/profiles/{quote(name)}/session-screenings", {"red_flags": short_screen()})
    resize(page, PHONE)
    page.goto(f"/p/{quote(name)}/baseline")
    baseline = _look(page, "pain-now")
    assert len(baseline) == 11
    assert all(t["tall"] and t["wide"] for t in baseline)  # targets of at least 44 px
    assert {t["label_border"] for t in baseline} == {"0px"}  # one box per number: the border is the number's

    page.goto(f"/p/{quote(name)}/session/play?screening={screening['screening_id']}")
    page.get_by_test_id("start").click()
    page.get_by_test_id("end-session").click()
    page.get_by_test_id("end-confirm-yes").click()
    form = page.get_by_test_id("pain-log-form")
    expect(form).to_be_visible()
    for testid in ("pain-before", "pain-during", "pain-after"):
        assert _look(page, testid) == baseline, testid
    expect(form.get_by_role("group", name="Your back pain now")).to_be_visible()
    expect(form.get_by_role("radio", name="0 (No pain)").first).to_be_attached()
    assert axe_violations(page) == []
    assert page_errors == []
