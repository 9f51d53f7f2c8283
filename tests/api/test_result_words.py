"""Results in plain words: a verdict never reaches past the tests that were scored, the "measure again"
notes name the test and the side and come right after saving, and the routine says when its reason is
provisional."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from supple.catalogue.loader import default_catalogue
from supple.report.charts import pain_chart
from tests import factories as f

API = "/api/v1"

HIPS = {
    "hip-rotation": {
        "method": "phone",
        "left": {"internal_rotation_deg": [30], "external_rotation_deg": [30]},
        "right": {"internal_rotation_deg": [40], "external_rotation_deg": [40]},
    },
    "supine-hip-flexion": {"method": "phone", "left": {"hip_flexion_deg": [30]}, "right": {"hip_flexion_deg": [40]}},
}


def _person(client: TestClient, tests: dict[str, Any]) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Bea", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Bea/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Bea/assessments", json={"tests": tests}).status_code == 201


def _region(html: str, key: str) -> str:
    start = html.index(f'data-testid="region-{key}"')
    return html[start : html.index("</section>", start)]


def test_hips_are_not_called_adequate_past_the_one_test_that_was_scored(client: TestClient) -> None:
    _person(client, HIPS)
    hips = _region(client.get("/p/Bea/results").text, "hip")
    sentence = re.search(r"</h2>\s*<p>(.*?)</p>", hips, re.S)
    assert sentence is not None
    said = sentence.group(1)
    assert "on the tests you did" not in said
    assert "seated hip rotation" in said  # what was scored
    assert "Not scored yet: knee to chest lying down" in said  # what was not
    assert re.search(r'data-testid="level-hip">adequate so far<', hips)
    # Each "measure again" note names the test and the side.
    assert "Knee to chest lying down, left side: 30°" in hips
    assert "Knee to chest lying down, right side: 40°" in hips


def test_unlikely_values_are_pointed_out_right_after_saving(client: TestClient) -> None:
    _person(client, {"hip-rotation": HIPS["hip-rotation"]})
    form = {"method": "phone", "left.hip_flexion_deg.1": "30", "right.hip_flexion_deg.1": "130"}
    r = client.post("/p/Bea/tests/supine-hip-flexion", data=form, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert 'data-testid="saved"' in page
    checks = re.search(r'data-testid="saved-checks">(.*?)</div>', page, re.S)
    assert checks is not None
    assert "Knee to chest lying down, left side: 30° is unusual" in checks.group(1)
    assert "right side" not in checks.group(1)  # 130° is usual: only the odd one is named


def test_sides_far_apart_are_not_called_unlikely_right_after_saving(client: TestClient) -> None:
    """A 5 cm difference between the ankles can be real (an old sprain): the note asks to measure again
    and says why, without calling the values unlikely."""
    _person(client, {"hip-rotation": HIPS["hip-rotation"]})
    form = {"toe_to_wall_cm.method": "tape", "left.toe_to_wall_cm.1": "6", "right.toe_to_wall_cm.1": "11"}
    r = client.post("/p/Bea/tests/knee-to-wall", data=form, follow_redirects=False)
    assert r.status_code == 303
    checks = re.search(r'data-testid="saved-checks">(.*?)</div>', client.get(r.headers["location"]).text, re.S)
    assert checks is not None
    assert "unlikely" not in checks.group(1)
    assert "please measure again" in checks.group(1)
    assert "differ by 5 cm" in checks.group(1)


def test_the_routine_calls_its_reason_provisional_when_it_rests_on_values_to_measure_again(
    client: TestClient,
) -> None:
    apart = {"method": "tape", "left": {"toe_to_wall_cm": [6]}, "right": {"toe_to_wall_cm": [11.5]}}
    _person(client, {"knee-to-wall": apart})
    results = client.get("/p/Bea/results").text
    assert "differ by 5.5 cm" in _region(results, "ankle")  # the app asks for both sides again
    routine = client.get("/p/Bea/routine").text
    assert "stiffer than our guide" in routine
    for line in re.findall(r"[^<>]*stiffer than our guide[^<>]*", routine):
        assert line.strip().startswith("For now, until you measure knee-to-wall again:"), line


def test_first_test_results_on_progress_say_what_they_mean_before_the_numbers(client: TestClient) -> None:
    apart = {"method": "tape", "left": {"toe_to_wall_cm": [9]}, "right": {"toe_to_wall_cm": [11]}}
    _person(client, {"knee-to-wall": apart, **HIPS})
    page = client.get("/p/Bea/progress").text
    section = page[page.index('data-testid="first-results"') :]
    section = section[: section.index("</section>")]
    verdicts = section.index('data-testid="first-verdicts"')
    details = section.index("<details")
    assert verdicts < details < section.index("<table")  # the numbers only behind details
    listed = section[verdicts:details]
    assert "Your left ankle is a little stiffer than our guide." in listed
    assert "Not scored yet: the value looks unusual, so please measure again." in listed  # knee to chest 30°
    assert "11 cm" not in listed


def test_the_pain_chart_labels_the_date_of_its_only_point() -> None:
    svg = pain_chart([(date(2026, 12, 5), 5)], default_catalogue().outcomes.pain, "t")
    labels = set(re.findall(r">(\d{1,2} [A-Z][a-z]{2})<", svg))
    assert labels == {"5 Dec"}  # the point's own date, not the days around it


def test_doing_a_test_again_the_same_day_says_before_saving_that_it_replaces_todays_values(
    client: TestClient,
) -> None:
    apart = {"method": "tape", "left": {"toe_to_wall_cm": [6]}, "right": {"toe_to_wall_cm": [11.5]}}
    _person(client, {"hip-rotation": HIPS["hip-rotation"]})
    first = client.get("/p/Bea/tests/knee-to-wall").text
    assert 'data-testid="replaces-today"' not in first
    assert "Save this test" in first
    assert client.post(f"{API}/profiles/Bea/assessments", json={"tests": {"knee-to-wall": apart}}).status_code == 201
    again = client.get("/p/Bea/tests/knee-to-wall").text
    notice = re.search(r'data-testid="replaces-today">(.*?)</div>', again, re.S)
    assert notice is not None
    assert "Left, toe-to-wall distance: 6 cm" in notice.group(1)
    assert "Right, toe-to-wall distance: 11.5 cm" in notice.group(1)
    assert "Save and replace today&#39;s values" in again or "Save and replace today's values" in again
