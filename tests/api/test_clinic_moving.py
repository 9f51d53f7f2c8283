"""Moving in and out: a client brings the export of their home Supple into the clinic (with consent,
before any clinic record), and takes it out again with the same export."""

from __future__ import annotations

import json
import re

import httpx2
import pytest

from supple.bootstrap import App
from supple.services import export, profiles, screening
from supple.services.inputs import ProfileIn, parse
from tests import factories as f
from tests.clinic_world import World, make_world


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app, second_clinic=False)


def _home_export(app: App) -> bytes:
    """What a person's home Supple would export: a profile with a screen and a baseline pain rating."""
    profiles.create(app, parse(ProfileIn, {"name": "At home"}))
    screening.run_full_screen(app, "At home", f.screen_answers())
    from supple.services import outcomes

    outcomes.record_pain_and_function(app, "At home", f.baseline_in(now=4, average=5, worst=6))
    document = export.document(app, "At home")
    profiles.delete(app, "At home", "At home")
    return json.dumps(document).encode()


def _upload(world: World, raw: bytes, consent: bool = True) -> httpx2.Response:
    data = {"consent": "yes"} if consent else {}
    return world.as_("carl").post(
        "/clinic/move-in", data=data, files={"file": ("supple.json", raw, "application/json")}, follow_redirects=False
    )


def test_a_client_brings_their_home_history_in_and_their_clinician_sees_it(world: World) -> None:
    raw = _home_export(world.app)
    moved = _upload(world, raw)
    assert moved.status_code == 303, re.findall(r"<li>(.*?)</li>", moved.text)
    name = world.people["carl"].profile
    assert profiles.get(world.app, name).name == name  # the same profile name, now with the history
    page = world.as_("kim").get(f"/clinic/clients/{world.people['carl'].account_id}").text
    assert "The program is running." in page
    took_out = world.as_("carl").get(f"/api/v1/profiles/{name}/export")
    assert took_out.status_code == 200
    assert len(took_out.json()["data"]["pain_ratings"]) == 1


def test_moving_in_needs_consent_and_a_file_and_names_what_is_missing(world: World) -> None:
    r = _upload(world, _home_export(world.app), consent=False)
    assert r.status_code == 422
    assert "agree" in r.text
    empty = _upload(world, b"")
    assert empty.status_code == 422


def test_moving_in_is_refused_once_the_client_has_records_in_the_clinic_and_nothing_changes(world: World) -> None:
    raw = _home_export(world.app)
    name = world.people["carl"].profile
    world.as_("carl").post(f"/api/v1/profiles/{name}/screenings", json=f.screen_answers())
    r = _upload(world, raw)
    assert r.status_code == 409
    assert "nothing is merged" in r.text
    assert [p.name for p in profiles.list_all(world.app)].count(f"{name} moving") == 0
