"""Cross-site request forgery (issue 11, high): a page on another website must not be able to make the
person's browser change anything in Supple, with or without an Origin header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient

import tests.factories as f
from supple.bootstrap import App
from supple.web.app import create_app

API = "/api/v1"
EVIL = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}


@pytest.fixture
def bare(app: App) -> Iterator[TestClient]:
    """A client that sends neither Origin nor Sec-Fetch-Site (an old browser, or curl)."""
    with TestClient(create_app(app)) as c:
        assert c.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970, "sex": "female"}).status_code == 201
        yield c


def _locked(c: TestClient) -> bool:
    return bool(c.get(f"{API}/profiles/Ann").json()["locked"])


def _token(c: TestClient, page: str) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', c.get(page).text)
    assert found, f"{page} has no CSRF token in its form"
    return found.group(1)


def test_another_site_cannot_clear_a_red_flag_lock(bare: TestClient) -> None:
    bare.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    assert _locked(bare)
    for headers in (EVIL, {"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {}):
        r = bare.post("/p/Ann/clear", data={"clinician": "X Y"}, headers=headers, follow_redirects=False)
        assert r.status_code == 403, headers
        assert "changed nothing" in r.text
    assert _locked(bare)


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/profiles", {"name": "Mallory"}),
        ("/p/Ann/settings", {"minutes": "5", "days_per_week": "1"}),
        ("/p/Ann/calendar-feed", {}),
        ("/p/Ann/screen", {}),
        ("/p/Ann/baseline", {}),
    ],
)
def test_form_posts_from_another_site_are_refused_and_change_nothing(
    bare: TestClient, path: str, data: dict[str, Any]
) -> None:
    before = bare.get(f"{API}/profiles/Ann/export").json()["data"]
    for headers in (EVIL, {"Origin": "null"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "http://testserver.evil"}):
        assert bare.post(path, data=data, headers=headers, follow_redirects=False).status_code == 403
    assert bare.get(f"{API}/profiles/Ann/export").json()["data"] == before
    assert [p["name"] for p in bare.get(f"{API}/profiles").json()] == ["Ann"]


def test_uploads_from_another_site_are_refused_multipart_and_text_plain(bare: TestClient) -> None:
    raw = bare.get(f"{API}/profiles/Ann/export").content
    files = {"file": ("ann.json", raw, "application/json")}
    assert bare.post("/import", files=files, data={"name": "Copy"}, headers=EVIL).status_code == 403
    assert bare.post("/import", files=files, data={"name": "Copy"}).status_code == 403  # no token, no Origin
    text_plain = {"content-type": "text/plain"}
    assert bare.post(f"{API}/imports?name=Copy", content=raw, headers=EVIL | text_plain).status_code == 403
    assert bare.post(f"{API}/imports?name=Copy", content=raw, headers=text_plain).status_code == 403
    camera = {"file": ("a.jpg", b"\xff\xd8\xff", "image/jpeg")}
    assert (
        bare.post("/p/Ann/tests/knee-to-wall/camera", files=camera, data={"side": "left"}, headers=EVIL).status_code
        == 403
    )
    assert bare.post(f"{API}/profiles/Ann/camera/knee-to-wall", files=camera, data={"side": "left"}).status_code == 403
    assert [p["name"] for p in bare.get(f"{API}/profiles").json()] == ["Ann"]


def test_the_imports_api_takes_only_json_or_zip_even_from_this_site(bare: TestClient) -> None:
    raw = bare.get(f"{API}/profiles/Ann/export").content
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    for kind in ("text/plain", "application/x-www-form-urlencoded", "application/octet-stream"):
        r = bare.post(f"{API}/imports?name=Copy", content=raw, headers=same | {"content-type": kind})
        assert r.status_code == 415, kind
        assert r.json()["errors"][0]["field"] == "content-type"
    ok = bare.post(f"{API}/imports?name=Copy", content=raw, headers={"content-type": "application/json"})
    assert ok.status_code == 201


def test_a_browser_without_origin_headers_posts_with_the_pages_token_and_no_javascript(bare: TestClient) -> None:
    token = _token(bare, "/p/Ann/settings")
    saved = bare.post(
        "/p/Ann/settings", data={"csrf_token": token, "minutes": "20", "days_per_week": "4"}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert bare.get(f"{API}/profiles/Ann").json()["constraints"]["minutes"] == 20
    wrong = bare.post("/p/Ann/settings", data={"csrf_token": "0" * 64, "minutes": "5"}, follow_redirects=False)
    assert wrong.status_code == 403
    raw = bare.get(f"{API}/profiles/Ann/export").content
    imported = bare.post(
        "/import",
        files={"file": ("ann.json", raw, "application/json")},
        data={"csrf_token": _token(bare, "/import"), "name": "Copy"},
        follow_redirects=False,
    )
    assert imported.status_code == 303
    assert bare.post(f"{API}/profiles/Copy/calendar-feed", headers={"X-CSRF-Token": token}).status_code == 200


def test_this_sites_own_pages_and_json_clients_still_work(bare: TestClient) -> None:
    same = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert bare.post("/p/Ann/settings", data={"minutes": "25"}, headers=same, follow_redirects=False).status_code == 303
    assert bare.post(f"{API}/profiles", json={"name": "Bo"}).status_code == 201  # JSON: no form can send it
    assert bare.delete(f"{API}/no-such-thing").status_code == 404  # DELETE always needs a preflight cross-site


def test_the_refusal_is_a_problem_detail_on_the_api_and_a_page_otherwise(bare: TestClient) -> None:
    api = bare.post(f"{API}/profiles", json={"name": "Bo"}, headers=EVIL)
    assert api.status_code == 403
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["type"] == "/problems/cross-site"
    page = bare.post("/profiles", data={"name": "Bo"}, headers=EVIL)
    assert page.headers["content-type"].startswith("text/html")
    assert "reload the page" in page.text


def test_every_post_form_in_every_template_carries_the_token_on_the_line_after_its_tag() -> None:
    folder = resources.files("supple.web") / "templates"
    forms = 0
    for item in folder.iterdir():
        if not item.name.endswith(".html"):
            continue
        lines = item.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if "<form" in line and 'method="post"' in line:
                forms += 1
                after = lines[i + 1] if line.rstrip().endswith(">") else ""
                assert after.strip() == "{{ csrf_input() }}", f"{item.name}:{i + 1}"
    assert forms >= 15


def test_chromium_on_supples_own_page_sends_origin_null_and_same_origin_and_is_let_through(bare: TestClient) -> None:
    """Supple's pages say Referrer-Policy: no-referrer, so Chromium posts their forms with Origin: null."""
    chromium = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    r = bare.post("/p/Ann/settings", data={"minutes": "10"}, headers=chromium, follow_redirects=False)
    assert r.status_code == 303
    token = _token(bare, "/p/Ann/settings")
    old_browser = bare.post(
        "/p/Ann/settings",
        data={"csrf_token": token, "minutes": "12"},
        headers={"Origin": "null"},
        follow_redirects=False,
    )
    assert old_browser.status_code == 303
    assert bare.get(f"{API}/profiles/Ann").json()["constraints"]["minutes"] == 12
