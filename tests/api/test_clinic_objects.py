"""Object-level authorization in clinic mode: nobody reaches a client's data by guessing an address or
a number. Kim follows Carl, Lee follows Dora (both clinic Riverside, admin Ada); Hana follows Hugo at
Hillside (admin Hal)."""

from __future__ import annotations

import httpx2
import pytest

from supple.bootstrap import App
from supple.web.clinic_access import DENIED
from tests.clinic_world import World, make_world

API = "/api/v1"


@pytest.fixture
def world(any_app: App) -> World:
    return make_world(any_app)


def _id(world: World, who: str) -> int:
    return world.people[who].account_id


def _profile(world: World, who: str) -> str:
    name = world.people[who].profile
    assert name
    return name


def _denied(r: httpx2.Response) -> bool:
    return r.status_code == 404 and DENIED in r.text


def test_a_clinician_cannot_read_or_change_another_clinicians_client_by_guessing_its_number(world: World) -> None:
    kim = world.as_("kim")
    assert kim.get(f"/clinic/clients/{_id(world, 'carl')}").status_code == 200
    dora = _id(world, "dora")
    assert _denied(kim.get(f"/clinic/clients/{dora}"))
    assert _denied(kim.post(f"/clinic/clients/{dora}/notes", data={"text": "guessing"}))
    assert _denied(kim.post(f"/clinic/clients/{dora}/clearance", data={"note": "guessing"}))
    assert _denied(kim.get(f"/p/{_profile(world, 'dora')}/progress"))
    assert _denied(kim.get(f"{API}/profiles/{_profile(world, 'dora')}/export"))
    seen = [n for n in range(1, 40) if kim.get(f"/clinic/clients/{n}").status_code == 200]
    assert seen == [_id(world, "carl")]


def test_a_client_cannot_read_or_change_another_clients_data(world: World) -> None:
    carl = world.as_("carl")
    own, other = _profile(world, "carl"), _profile(world, "dora")
    assert carl.get(f"/p/{own}/progress").status_code == 200
    for path in (f"/p/{other}", f"/p/{other}/progress", f"/p/{other}/screen", f"{API}/profiles/{other}/export"):
        assert _denied(carl.get(path)), path
    assert _denied(carl.post(f"{API}/profiles/{other}/pain", json={"now": 3, "average_24h": 3, "worst_24h": 4}))
    assert _denied(carl.get(f"/clinic/clients/{_id(world, 'carl')}"))  # the clinician's view, even of oneself


def test_clinics_are_isolated_even_for_their_admins(world: World) -> None:
    carl, hugo = _id(world, "carl"), _id(world, "hugo")
    assert _denied(world.as_("hana").get(f"/clinic/clients/{carl}"))
    assert _denied(world.as_("hal").get(f"/clinic/clients/{carl}"))
    assert _denied(world.as_("hal").get(f"/p/{_profile(world, 'carl')}/report"))
    assert _denied(world.as_("ada").get(f"/clinic/clients/{hugo}"))
    assert world.as_("ada").get(f"/clinic/clients/{carl}").status_code == 200
    assert world.as_("hal").get(f"/clinic/clients/{hugo}").status_code == 200


def test_each_dashboard_lists_only_the_clients_its_reader_may_see(world: World) -> None:
    def names(who: str) -> list[str]:
        page = world.as_(who).get("/clinic/clients").text
        return [n for n in ("Carl", "Dora", "Hugo") if f">{n}</a>" in page]

    assert names("kim") == ["Carl"]
    assert names("lee") == ["Dora"]
    assert names("ada") == ["Carl", "Dora"]
    assert names("hal") == ["Hugo"]


def test_sharing_lets_one_more_clinician_of_the_same_clinic_see_the_client(world: World) -> None:
    carl = _id(world, "carl")
    assert _denied(world.as_("lee").get(f"/clinic/clients/{carl}"))
    r = world.as_("kim").post(
        f"/clinic/clients/{carl}/share", data={"clinician": str(_id(world, "lee"))}, follow_redirects=False
    )
    assert r.status_code == 303
    assert world.as_("lee").get(f"/clinic/clients/{carl}").status_code == 200
    refused = world.as_("kim").post(f"/clinic/clients/{carl}/share", data={"clinician": str(_id(world, "hana"))})
    assert refused.status_code == 422
    assert _denied(world.as_("hana").get(f"/clinic/clients/{carl}"))
    assert "Lee (shared)" in world.as_("kim").get(f"/clinic/clients/{carl}").text
    world.as_("kim").post(f"/clinic/clients/{carl}/unshare", data={"clinician": str(_id(world, "lee"))})
    assert _denied(world.as_("lee").get(f"/clinic/clients/{carl}"))
    kept = world.as_("ada").post(f"/clinic/clients/{carl}/unshare", data={"clinician": str(_id(world, "kim"))})
    assert kept.status_code == 422  # the inviting clinician stays linked
    assert world.as_("kim").get(f"/clinic/clients/{carl}").status_code == 200


def test_notes_stay_with_clinicians_and_messages_reach_only_their_client(world: World) -> None:
    carl, dora = _id(world, "carl"), _id(world, "dora")
    world.as_("kim").post(f"/clinic/clients/{carl}/notes", data={"text": "Guarded on rotation left."})
    world.as_("kim").post(f"/clinic/clients/{carl}/messages", data={"text": "How did the ankle feel?"})
    world.as_("lee").post(f"/clinic/clients/{dora}/messages", data={"text": "Message for Dora only."})
    page = world.as_("carl").get("/clinic/messages").text
    assert "How did the ankle feel?" in page
    assert "Your clinicians: Kim." in page
    assert "Guarded on rotation" not in page
    assert "Dora only" not in page
    world.as_("carl").post("/clinic/messages", data={"text": "Better, thank you."})
    client_page = world.as_("kim").get(f"/clinic/clients/{carl}").text
    assert "Better, thank you." in client_page
    assert "Guarded on rotation left." in client_page


def test_every_read_change_and_refusal_about_a_client_is_in_the_clinics_log(world: World) -> None:
    from supple.clinic.audit import AuditFilter, AuditLog

    carl, dora = _id(world, "carl"), _id(world, "dora")
    world.as_("kim").get(f"/clinic/clients/{carl}")
    world.as_("kim").post(f"/clinic/clients/{carl}/notes", data={"text": "Private words."})
    world.as_("kim").get(f"/clinic/clients/{dora}")
    log = AuditLog(world.app.sessions)
    kim = world.people["kim"]
    lines = {
        (e.action, e.client_id, e.detail) for e in log.entries(kim.clinic_id, AuditFilter(actor_id=kim.account_id))
    }
    assert ("client.read", carl, "GET /clinic/clients/{client_id}") in lines
    assert ("client.change", carl, "POST /clinic/clients/{client_id}/notes") in lines
    assert ("client.denied", dora, "GET /clinic/clients/{client_id}") in lines
    assert not any("Private words" in detail for _, _, detail in lines)
    assert log.entries(world.people["hal"].clinic_id, AuditFilter(client_id=carl)) == []


def test_a_refusal_that_names_no_client_there_is_is_logged_too_without_a_client(world: World) -> None:
    """ASVS 16.3.2: failed authorization attempts are logged, also when no client is concerned (a role kept
    out of a page) or the guessed number belongs to nobody; the line names the route, never the guess."""
    from supple.clinic.audit import AuditFilter, AuditLog

    assert _denied(world.as_("carl").get("/admin/audit"))
    assert _denied(world.as_("kim").get("/clinic/clients/987654"))
    assert _denied(world.as_("kim").get(f"{API}/profiles/Nobody%20Here/export"))
    log = AuditLog(world.app.sessions)
    clinic = world.people["kim"].clinic_id
    lines = {(e.actor_id, e.action, e.client_id, e.detail) for e in log.entries(clinic, AuditFilter(action="access"))}
    assert lines == {
        (_id(world, "carl"), "access.denied", None, "GET /admin/audit"),
        (_id(world, "kim"), "access.denied", None, "GET /clinic/clients/{client_id}"),
        (_id(world, "kim"), "access.denied", None, "GET /api/v1/profiles/{name}/export"),
    }
    assert "access.denied" in world.as_("ada").get("/admin/audit?action=access").text  # the admin reads them
    assert log.entries(world.people["hal"].clinic_id, AuditFilter(action="access")) == []


def test_a_pdf_report_is_logged_as_an_export_of_the_clients_data_not_a_change(world: World) -> None:
    """Making the report is a POST (it starts a job) but changes nothing: the log says 'client.export',
    like the download and the other export files."""
    from supple.clinic.audit import AuditFilter, AuditLog

    carl, name = _id(world, "carl"), _profile(world, "carl")
    kim = world.as_("kim")
    assert kim.post(f"/p/{name}/report/pdf", follow_redirects=False).status_code == 303
    made = kim.post(f"{API}/profiles/{name}/report-jobs")
    assert made.status_code < 400, made.text
    assert kim.get(f"{API}/profiles/{name}/export").status_code == 200
    who = world.people["kim"]
    lines = [
        (e.action, e.detail)
        for e in AuditLog(world.app.sessions).entries(who.clinic_id, AuditFilter(actor_id=who.account_id))
        if e.client_id == carl
    ]
    assert ("client.export", "POST /p/{name}/report/pdf") in lines
    assert ("client.export", "POST /api/v1/profiles/{name}/report-jobs") in lines
    assert ("client.export", "GET /api/v1/profiles/{name}/export") in lines
    assert not [line for line in lines if line[0] == "client.change"]
    assert AuditLog(world.app.sessions).entries(who.clinic_id, AuditFilter(action="client.export"))
