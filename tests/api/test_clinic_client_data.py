"""Per-client export and erasure by the clinic's admin: the export holds the history and the clinic's notes;
erasure removes the account, the profile, every record and the pictures, keeps one log line, and reaches
no other clinic's client."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

import tests.factories as f
from supple.bootstrap import App
from supple.clinic import care
from supple.db.clinic_models import Account
from supple.db.models import Profile
from tests.clinic_world import World, make_world


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app)


def test_an_admin_downloads_a_clients_export_with_the_clinics_notes_in_it(world: World) -> None:
    carl = world.people["carl"]
    care.add_entry(world.app, world.actor("kim"), "Kim", carl.account_id, "note", "Moves well today.")
    r = world.as_("ada").get(f"/admin/clients/{carl.account_id}/export")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment")
    doc = r.json()
    assert doc["format"]
    assert doc["data"]["profile"]["name"] == carl.profile
    assert doc["clinic"]["account"]["email"] == "carl@example.org"
    assert [e["text"] for e in doc["clinic"]["entries"]] == ["Moves well today."]
    log = world.as_("ada").get("/admin/audit", params={"client": carl.account_id}).text
    assert "client.export" in log


def test_erasing_a_client_removes_their_account_profile_and_pictures_and_keeps_a_log_line(world: World) -> None:
    carl = world.people["carl"]
    camera = world.app.settings.data_dir / "camera"
    carls_client = world.as_("carl")
    carls_client.post(f"/api/v1/profiles/{carl.profile}/screenings", json=f.screen_answers())
    with world.app.sessions() as s:
        from supple.db.models import Assessment

        pid = s.scalar(select(Profile.id).where(Profile.name == carl.profile))
        now = world.app.clock()
        s.add(Assessment(profile_id=pid, taken_on=now.date(), recorded_at=now))
        s.commit()
        aid = s.scalar(select(func.max(Assessment.id)))
    camera.mkdir(parents=True, exist_ok=True)
    still = camera / f"20260302-a{aid}-knee-to-wall-left.jpg"
    still.write_bytes(b"\xff\xd8 a picture of carl")
    ada = world.as_("ada")
    wrong = ada.post(f"/admin/clients/{carl.account_id}/erase", data={"confirm": "dora@example.org"})
    assert wrong.status_code == 422
    assert "type the client’s e-mail address to confirm" in wrong.text.replace("&#39;", "’").replace("'", "’")
    done = ada.post(f"/admin/clients/{carl.account_id}/erase", data={"confirm": "Carl@Example.org"})
    assert done.status_code == 200
    assert "1 picture file removed" in done.text  # one file: the singular
    assert not still.exists()
    with world.app.sessions() as s:
        assert s.get(Account, carl.account_id) is None
        assert s.scalar(select(Profile).where(Profile.name == carl.profile)) is None
    log = ada.get("/admin/audit", params={"client": carl.account_id, "action": "client.erase"}).text
    assert "client and all their records erased" in log
    assert world.as_("carl").get("/account", follow_redirects=False).headers["location"] == "/login"


def test_an_admin_cannot_export_or_erase_another_clinics_client_and_a_clinician_cannot_at_all(world: World) -> None:
    hugo = world.people["hugo"]
    carl = world.people["carl"]
    assert world.as_("ada").get(f"/admin/clients/{hugo.account_id}/export").status_code == 404
    assert (
        world.as_("ada")
        .post(f"/admin/clients/{hugo.account_id}/erase", data={"confirm": "hugo@example.org"})
        .status_code
        == 404
    )
    assert world.as_("kim").get(f"/admin/clients/{carl.account_id}/export").status_code == 404
    with world.app.sessions() as s:
        assert s.get(Account, hugo.account_id) is not None
