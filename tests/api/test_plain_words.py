"""Words shown to people are plain: no codes such as "(1 = yes, 0 = no)" on the pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1"


def test_a_yes_or_no_test_reads_in_plain_words_on_the_test_page_and_the_progress_page(client: TestClient) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    reach = {"method": "observation", "left": {"reach_pass": [1]}, "right": {"reach_pass": [0]}}
    tests = f.stiff_person_tests(**{"wall-overhead-reach": reach})
    assert client.post(f"{API}/profiles/Ann/assessments", json=tests).status_code == 201
    test_page = client.get("/p/Ann/tests/wall-overhead-reach")
    progress = client.get("/p/Ann/progress")
    for page in (test_page, progress):
        assert page.status_code == 200
        assert "thumb reaches the wall" in page.text.lower()
        assert "1 = yes" not in page.text
        assert "0 = no" not in page.text
        assert "otherwise 0" not in page.text
