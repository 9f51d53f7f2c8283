"""Clients join by a one-time invite that expires after 7 days, then use the normal Supple pages on
their own profile; in clinic mode the clinician, not the client, records a clearance."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select

from supple.bootstrap import App
from supple.clinic import care
from supple.db.clinic_models import CareLink, ClientRecord, Invite
from supple.db.models import Profile
from tests import factories as f
from tests.clinic_world import PASSWORD, World, make_world

API = "/api/v1"


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app, second_clinic=False)


def _invite_link(world: World, name: str, email: str) -> str:
    page = world.as_("kim").post("/clinic/invites", data={"name": name, "email": email})
    assert page.status_code == 200, page.text
    found = re.search(r'data-testid="invite-link">https://testserver(/join/[\w-]+)<', page.text)
    assert found, page.text
    return found.group(1)


def test_an_invite_link_joins_once_and_links_the_client_to_a_profile_and_the_inviting_clinician(world: World):
    link = _invite_link(world, "Eve Stone", "eve@example.org")
    anon = world.as_(None)
    assert "eve@example.org" in anon.get(link).text
    joined = anon.post(link, data={"password": PASSWORD, "again": PASSWORD}, follow_redirects=False)
    assert (joined.status_code, joined.headers["location"]) == (303, "/clinic")
    assert anon.get("/clinic", follow_redirects=False).headers["location"] == "/p/Eve%20Stone"
    assert anon.get("/p/Eve Stone/screen").status_code == 200  # the home pages, on her own profile
    world.as_(None)
    again = world.client.post(link, data={"password": PASSWORD, "again": PASSWORD})
    assert again.status_code == 404
    assert "not valid" in again.text
    with world.app.sessions() as s:
        record = s.scalars(select(ClientRecord).order_by(ClientRecord.account_id.desc())).first()
        assert record is not None
        assert s.get(Profile, record.profile_id).name == "Eve Stone"  # type: ignore[union-attr]
        link_row = s.scalars(select(CareLink).where(CareLink.client_id == record.account_id)).one()
        assert (link_row.clinician_id, link_row.kind) == (world.people["kim"].account_id, "primary")


def test_only_a_hash_of_the_invite_token_is_stored(world: World):
    token = _invite_link(world, "Eve", "eve@example.org").rsplit("/", 1)[1]
    with world.app.sessions() as s:
        stored = s.scalars(select(Invite).where(Invite.email == "eve@example.org")).all()
    assert [i.token_hash for i in stored] == [hashlib.sha256(token.encode()).hexdigest()]
    assert all(token not in (i.token_hash + i.email + i.name) for i in stored)


def test_an_invite_expires_after_seven_days(world: World, clock: f.Clock):
    link = _invite_link(world, "Eve", "eve@example.org")
    clock.advance(days=6, hours=23)
    assert world.as_(None).get(link).status_code == 200
    clock.advance(hours=1)
    assert world.as_(None).get(link).status_code == 404


def test_a_weak_or_mismatched_password_is_refused_with_the_reason_and_the_invite_stays_valid(world: World):
    link = _invite_link(world, "Eve", "eve@example.org")
    short = world.as_(None).post(link, data={"password": "short", "again": "short"})
    assert short.status_code == 422
    assert "at least 8 characters" in short.text
    other = world.client.post(link, data={"password": PASSWORD, "again": PASSWORD + "x"})
    assert other.status_code == 422
    assert "not the same" in other.text
    assert world.client.get(link).status_code == 200


def test_an_invite_form_with_a_bad_e_mail_names_the_field(world: World):
    r = world.as_("kim").post("/clinic/invites", data={"name": "Eve", "email": "not-an-address"})
    assert r.status_code == 422
    assert "not an e-mail address" in r.text
    taken = world.as_("kim").post("/clinic/invites", data={"name": "Carl", "email": "carl@example.org"})
    assert taken.status_code == 409


def test_in_a_clinic_the_client_cannot_clear_themselves(world: World):
    carl = world.as_("carl")
    name = world.people["carl"].profile
    r = carl.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers(yes=("saddle-numbness",)))
    assert r.json()["blocks"] is True
    page = carl.get(f"/p/{name}/clear")
    assert page.status_code == 403
    assert "your clinician records a clearance" in page.text
    api = carl.post(f"{API}/profiles/{name}/clearance", json={"clinician": "Dr Self"})
    assert api.status_code == 403
    assert api.json()["type"] == "/problems/clearance-by-clinician"
    assert care.facts(world.app, profile=name) is not None
    assert "stopped" in world.as_("kim").get(f"/clinic/clients/{world.people['carl'].account_id}").text
