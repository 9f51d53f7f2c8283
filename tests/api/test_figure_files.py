"""The figure files the pages embed: SVG (animated or still), PNG, the side, and the 4xx answers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

SVG = "{http://www.w3.org/2000/svg}"


def test_an_exercise_figure_is_an_animated_svg_under_the_same_origin_policy(client: TestClient) -> None:
    r = client.get("/figures/exercises/quadruped-rock-back.svg")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "max-age" in r.headers["cache-control"]
    assert ET.fromstring(r.text).findall(f".//{SVG}animate")


def test_the_still_and_the_other_side_are_different_drawings(client: TestClient) -> None:
    moving = client.get("/figures/tests/knee-to-wall.svg").text
    still = client.get("/figures/tests/knee-to-wall.svg?still=1").text
    left = client.get("/figures/tests/knee-to-wall.svg?still=1&side=left").text
    assert "<animate" in moving
    assert "<animate" not in still
    assert still != left
    assert client.get("/figures/tests/knee-to-wall.svg?still=1&side=right").text == still  # drawn on the right


def test_a_png_of_the_end_position_is_served(client: TestClient) -> None:
    r = client.get("/figures/exercises/couch-stretch.png")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_figures_and_bad_sides_are_4xx_with_a_plain_message_not_500(client: TestClient) -> None:
    missing = client.get("/figures/exercises/no-such-thing.svg")
    assert missing.status_code == 404
    assert "No figure for exercise" in missing.text
    assert "no-such-thing" in missing.text
    assert client.get("/figures/videos/couch-stretch.svg").status_code == 404
    bad_side = client.get("/figures/exercises/couch-stretch.svg?side=up")
    assert bad_side.status_code == 422


def test_the_exercise_page_the_library_and_a_test_figure_link_the_figure_files(client: TestClient) -> None:
    page = client.get("/exercises/couch-stretch").text
    assert 'src="/figures/exercises/couch-stretch.svg"' in page
    assert 'srcset="/figures/exercises/couch-stretch.svg?still=1"' in page
    assert 'media="(prefers-reduced-motion: reduce)"' in page
    assert 'data-testid="figure-caption"' in page
    assert "shin up the wall" in page
    library = client.get("/exercises").text
    assert library.count('data-testid="figure"') == library.count('data-testid="exercise-card"') == 40


def test_a_phone_placement_picture_is_the_tests_figure_with_the_phone_on_the_body_part(client: TestClient) -> None:
    from supple.figures.shapes import PHONE, PHONE_SCREEN

    plain = client.get("/figures/tests/knee-to-wall.svg?still=1").text
    shin = client.get("/figures/tests/knee-to-wall.svg?phone=shin")
    assert shin.status_code == 200
    assert PHONE in shin.text
    assert PHONE_SCREEN in shin.text
    assert PHONE not in plain
    assert "<animate" not in shin.text  # the picture is still
    title = ET.fromstring(shin.text).find(f"{SVG}title")
    assert title is not None
    assert "phone lies on the shin" in (title.text or "")
    bad = client.get("/figures/tests/knee-to-wall.svg?phone=elbow")
    assert 400 <= bad.status_code < 500


def test_the_app_reads_the_figure_files_once_and_keeps_the_drawings(client: TestClient) -> None:
    app = client.app.state.supple  # type: ignore[attr-defined]
    first = client.get("/figures/exercises/couch-stretch.svg?still=1").text
    figures = app.figures.figures
    assert client.get("/figures/exercises/couch-stretch.svg?still=1").text == first
    assert app.figures.figures is figures  # the same files, not read again
    assert app.figures.svg("exercise", "couch-stretch", still=True) is app.figures.svg(
        "exercise", "couch-stretch", still=True
    )


def test_every_routine_card_shows_a_still_thumbnail_of_its_exercise(client: TestClient) -> None:
    from tests import factories as f

    api = "/api/v1"
    assert client.post(f"{api}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{api}/profiles/Ann/screenings", json=f.screen_answers()).json()["blocks"] is False
    client.post(f"{api}/profiles/Ann/pain", json=f.baseline())
    client.post(f"{api}/profiles/Ann/assessments", json=f.stiff_person_tests())
    items = client.get(f"{api}/profiles/Ann/routine").json()["routine"]["items"]
    page = client.get("/p/Ann/routine")
    assert page.status_code == 200
    for item in items:
        thumb = f'src="/figures/exercises/{item["exercise_id"]}.svg?still=1"'
        assert thumb in page.text
        assert client.get(f"/figures/exercises/{item['exercise_id']}.svg?still=1").status_code == 200
    assert page.text.count('data-testid="figure-thumb"') == len(items)
