"""The results page's body diagram: a region measured per side shows its left and right on their own."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.catalogue.schema import Region
from supple.domain.assessment import MetricResult, RegionSummary, Side
from supple.web.pages.diagram import body_diagram
from supple.web.pages.result_contexts import RegionView, side_levels
from tests import factories as f

API = "/api/v1"


def _zone(svg: str, region: str, side: str) -> str:
    found = re.search(rf'<g class="bd-zone (level-[a-z]+)" data-region="{region}" data-side="{side}">', svg)
    assert found is not None, (region, side)
    return found.group(1)


def test_the_results_diagram_shows_the_stiff_right_ankle_apart_from_the_left(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    page = client.get("/p/Ann/results").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    # stiff_person_tests: left toe-to-wall 11.2 cm (adequate), right 6.2 cm (restricted)
    assert _zone(svg, "ankle", "left") == "level-adequate"
    assert _zone(svg, "ankle", "right") == "level-restricted"
    assert "Right: restricted" in svg
    assert "Ankles: left adequate, right restricted" in svg  # the picture's words for a screen reader
    assert "Seen from behind, so your left side is on the left." in page


def _result(side: Side, level: str | None) -> MetricResult:
    return MetricResult("knee-to-wall", "toe_to_wall_cm", side, 5.0, 1, "tape", "cm", level, 0.0, None)  # type: ignore[arg-type]


def test_a_side_without_a_scored_result_is_not_tested_and_a_region_without_sides_stays_whole() -> None:
    summary = RegionSummary(Region.ANKLE, "borderline", 0.0, (_result(Side.LEFT, "borderline"),), (), ())
    sides = side_levels(summary)
    assert [(s.side, s.level, s.level_word) for s in sides] == [
        ("left", "borderline", "borderline"),
        ("right", None, "not tested"),
    ]
    whole = RegionSummary(Region.THORACIC, "adequate", 0.0, (_result(Side.NONE, "adequate"),), (), ())
    assert side_levels(whole) == []
    view = RegionView("thoracic", "Mid back", "adequate", "adequate", "", [], [], [], [])
    svg = body_diagram([view])
    assert 'data-region="thoracic">' in svg
    assert "data-side" not in svg
