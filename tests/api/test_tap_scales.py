"""One 0-10 tap scale on every page that asks for a pain score (templates/_tap.html): the same
accessible markup on the baseline, the check-in, the screen before a session and the session log."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

import supple.web
from tests import factories as f

API = "/api/v1"
TEMPLATES = Path(supple.web.__file__).parent / "templates"


def _ready(client: TestClient) -> int:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    short = client.post(f"{API}/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()})
    return int(short.json()["screening_id"])


def _scales(html: str) -> dict[str, str]:
    """Each tap scale of a page by its field, with that field's own words and names taken out."""
    found: dict[str, str] = {}
    for block in re.findall(r'<fieldset class="tap-scale.*?</fieldset>', html, re.S):
        key = re.search(r'name="([^"]+)"', block)
        assert key, block
        shape = re.sub(r"<legend>.*?</legend>", "<legend>QUESTION</legend>", block, flags=re.S)
        shape = re.sub(r' aria-describedby="[^"]*"|<p class="hint"[^>]*>.*?</p>', "", shape)  # a page's own hint
        shape = re.sub(r'(id|data-testid)="[^"]*"', r'\1="ID"', shape)
        shape = re.sub(r'name="[^"]*"', 'name="KEY"', shape)
        shape = re.sub(r"\s+required(?=[\s>])", "", shape)  # the log asks the browser to insist (offline)
        found[key.group(1)] = re.sub(r"\s+", " ", shape)
    return found


def test_every_pain_scale_is_the_same_radio_group_of_eleven_labelled_targets(client: TestClient) -> None:
    screening = _ready(client)
    pages = {
        "baseline": client.get("/p/Ann/baseline").text,
        "checkin": client.get("/p/Ann/checkin").text,
        "session screen": client.get("/p/Ann/session").text,
        "session log": client.get(f"/p/Ann/session/play?screening={screening}").text,
    }
    scales = {(page, key): shape for page, html in pages.items() for key, shape in _scales(html).items()}
    assert {page for page, _ in scales} == set(pages)
    pain = {where: shape for where, shape in scales.items() if where[1] != "stiffness"}  # other end words
    assert len(pain) == 8  # three on the baseline, one each on the check-in and the screen, three on the log
    reference = pain[("baseline", "pain.now")]
    for where, shape in pain.items():
        assert shape == reference, where
    assert reference.count('type="radio"') == 11
    assert reference.count('<label class="tap tap-') == 11
    assert '<span class="visually-hidden"> (No pain)</span>' in reference  # 0 and 10 read with their words
    assert '<span class="visually-hidden"> (Worst pain imaginable)</span>' in reference
    assert '<p class="tap-ends" aria-hidden="true">' in reference  # the same words on screen, read once


def test_the_session_log_asks_the_browser_for_every_pain_score(client: TestClient) -> None:
    # Offline there is no server to list what is missing: the browser points at the first blank scale.
    screening = _ready(client)
    log = client.get(f"/p/Ann/session/play?screening={screening}").text
    for key in ("pain_before", "pain_during", "pain_after"):
        assert re.search(rf'name="{key}" value="0" data-testid="[^"]+-0" required', log), key


def test_one_template_holds_the_tap_scale() -> None:
    holders = [p.name for p in TEMPLATES.glob("*.html") if "macro tap_scale" in p.read_text()]
    assert holders == ["_tap.html"]
