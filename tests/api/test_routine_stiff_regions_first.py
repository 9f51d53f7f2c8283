"""The routine page for Ann's test values (new-user review, finding 1): the ankle and hips the results
say the routine works on first are in her 10 minutes; with 5 minutes the page says so plainly, up front."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1"
ANN_TESTS = {
    "tests": {
        "seated-thoracic-rotation": {
            "method": "phone",
            "left": {"rotation_deg": [38]},
            "right": {"rotation_deg": [50]},
        },
        "knee-to-wall": {"method": "tape", "left": {"toe_to_wall_cm": [11]}, "right": {"toe_to_wall_cm": [6]}},
        "supine-hip-flexion": {
            "method": "phone",
            "left": {"hip_flexion_deg": [110]},
            "right": {"hip_flexion_deg": [100]},
        },
        "hip-rotation": {
            "method": "phone",
            "left": {"internal_rotation_deg": [30]},
            "right": {"internal_rotation_deg": [25]},
        },
    }
}


def _ann(client: TestClient, minutes: int) -> str:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    limits = {"minutes": minutes, "days_per_week": 3, "no_foam_roller": True, "no_band": True}
    assert client.patch(f"{API}/profiles/Ann/settings", json=limits).status_code == 200
    recorded = client.post(f"{API}/profiles/Ann/assessments", json=ANN_TESTS)
    assert recorded.status_code == 201, recorded.text
    page = client.get("/p/Ann/routine").text
    found = re.search(r"<main\b.*?</main>", page, re.S)
    assert found is not None
    return found.group(0)


def test_anns_ten_minute_routine_page_holds_her_ankle_and_hips(client: TestClient) -> None:
    page = _ann(client, 10)
    assert "Hips" in page
    assert "Ankles" in page
    assert 'data-testid="short-of-time"' not in page
    assert "smallest amount known to help" not in page


def test_five_minutes_say_up_front_which_minutes_would_hold_the_stiff_regions(client: TestClient) -> None:
    page = _ann(client, 5)
    notice = re.search(r'data-testid="short-of-time">([^<]*)<', page)
    assert notice is not None
    assert notice.group(1).startswith("Your 5 minutes fit 2 exercises; choose 10 minutes to include your")
    assert page.index('data-testid="short-of-time"') < page.index('data-testid="routine-item"')
