"""The home tests page's "Next" respects the person's settings (review: no kneeling, yet kneeling offered)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from supple.catalogue.loader import default_catalogue
from tests import factories as f

API = "/api/v1"
CAT = default_catalogue()
KNEELING = [t for t in CAT.tests.values() if t.needs_kneeling]


def _ann(client: TestClient, **settings: bool) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    if settings:
        assert client.patch(f"{API}/profiles/Ann/settings", json=settings).status_code == 200
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200


def _next(html: str) -> str:
    found = re.search(r'data-testid="next-test"[^>]*>([^<]*)<', html)
    return found.group(1) if found else ""


def test_without_kneeling_next_skips_kneeling_tests_and_says_why(client: TestClient) -> None:
    assert KNEELING, "the catalogue has a kneeling test to skip"
    _ann(client, no_kneeling=True)
    for url in ("/p/Ann/tests", "/p/Ann/tests?region=thoracic"):
        page = client.get(url).text
        for t in KNEELING:
            assert t.name not in _next(page)
            assert f"{t.name}: it needs kneeling" in page
        assert 'data-testid="skipped-tests"' in page
        assert _next(page)  # another test is offered instead


def test_with_kneeling_the_kneeling_test_can_be_next(client: TestClient) -> None:
    _ann(client)
    page = client.get("/p/Ann/tests?region=thoracic").text
    assert 'data-testid="skipped-tests"' not in page
    first = min((t for t in CAT.tests.values() if t.region.value == "thoracic"), key=lambda t: t.order)
    assert first.name in _next(page)
