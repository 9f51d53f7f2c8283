"""Clinic mode's pages as a product (issue 17): one menu per role on every page that role sees, form
fields and wide tables laid out like the home pages, errors next to their field, the login's code step,
invitations (pending ones listed, the link shown once after a redirect), messages and plurals."""

from __future__ import annotations

import re

import pytest

from supple.bootstrap import App
from supple.services import routine, sessions
from tests import factories as f
from tests.clinic_world import BAD_THRESHOLDS, World, make_world


@pytest.fixture
def world(app: App) -> World:
    return make_world(app, second_clinic=False)


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav is not None, "no menu on the page"
    return re.findall(r'<span class="nav-label">([^<]+)</span>', nav.group(0))


STAFF_PAGES = ("/clinic/clients", "/clinic/templates", "/clinic/thresholds", "/account", "/account/password")


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_a_clinician_sees_the_same_menu_on_every_page(world: World, path: str) -> None:
    page = world.as_("kim").get(path)
    assert page.status_code == 200, page.text
    assert _menu(page.text) == ["Clients", "Templates", "Thresholds", "Account"]


@pytest.mark.parametrize("path", [*STAFF_PAGES, "/admin/accounts", "/admin/audit"])
def test_an_admin_sees_the_clinics_accounts_and_access_log_in_the_menu_on_every_page(world: World, path: str) -> None:
    page = world.as_("ada").get(path)
    assert page.status_code == 200, page.text
    assert _menu(page.text) == ["Clients", "Templates", "Thresholds", "Accounts", "Access log", "Account"]


def test_the_current_page_is_marked_in_the_menu(world: World) -> None:
    page = world.as_("ada").get("/admin/audit").text
    assert re.search(r'<a href="/admin/audit" aria-current="page">', page)
    assert page.count('aria-current="page"') == 1


def test_a_client_sees_their_own_menu_and_nobody_signed_in_sees_none(world: World) -> None:
    for path in ("/clinic/messages", "/account"):
        assert _menu(world.as_("carl").get(path).text) == ["Home", "Messages", "Account"]
    login = world.as_(None).get("/login").text
    assert '<nav class="site-nav"' not in login


def test_wide_tables_scroll_in_their_own_box(world: World) -> None:
    page = world.as_("ada").get("/admin/accounts").text
    box = re.search(r'<div class="table-scroll"[^>]*>\s*<table[^>]*data-testid="members"', page)
    assert box is not None, "the accounts table is not in a .table-scroll box"
    assert 'tabindex="0"' in box.group(0)
    assert 'aria-label="Accounts"' in box.group(0)


def test_the_code_step_keeps_the_email_says_what_code_and_focuses_the_code_field(world: World) -> None:
    c = world.as_(None)
    step = c.post("/login", data={"email": "kim@example.org", "password": "river stones and moss"})
    assert step.status_code == 401
    assert 'value="kim@example.org"' in step.text
    assert "The 6-digit code from your authenticator app, or a recovery code." in step.text
    code = re.search(r'<input id="code"[^>]*>', step.text)
    assert code is not None
    assert " autofocus" in code.group(0)
    assert 'aria-describedby="code-hint"' in code.group(0)
    assert 'data-testid="login-problem"' not in step.text  # a step, not a mistake
    assert step.text.index('id="code"') < step.text.index('id="password"')  # typed first, then the password


def test_a_wrong_code_is_a_problem_and_the_code_step_stays(world: World) -> None:
    c = world.as_(None)
    wrong = c.post("/login", data={"email": "kim@example.org", "password": "river stones and moss", "code": "000000"})
    assert wrong.status_code == 401
    assert 'data-testid="login-problem"' in wrong.text
    assert 'value="kim@example.org"' in wrong.text
    assert 'id="code"' in wrong.text


def test_an_invitation_redirects_and_shows_its_link_once_then_lists_it_as_pending(world: World) -> None:
    kim = world.as_("kim")
    made = kim.post("/clinic/invites", data={"name": "Eve Stone", "email": "eve@example.org"}, follow_redirects=False)
    assert made.status_code == 303
    assert made.headers["location"].startswith("/clinic/clients")
    shown = kim.get(made.headers["location"])
    assert re.search(r'data-testid="invite-link">https://testserver/join/[\w-]{40,}<', shown.text)
    assert "shown only this once" in shown.text
    assert shown.headers["cache-control"] == "no-store"
    pending = re.findall(r'<li data-testid="pending-invite">([^<]+)</li>', shown.text)
    assert len(pending) == 1
    assert re.fullmatch(r"Eve Stone \(eve@example\.org\): works until \d{4}-\d\d-\d\d \d\d:\d\d UTC", pending[0])
    again = kim.get("/clinic/clients")  # a reload: the link is gone, the invitation still waits
    assert 'data-testid="invite-link"' not in again.text
    assert "Eve Stone (eve@example.org)" in again.text


def test_pending_invitations_are_the_clinicians_own_and_all_of_them_for_an_admin(world: World) -> None:
    world.as_("kim").post("/clinic/invites", data={"name": "Eve Stone", "email": "eve@example.org"})
    assert "eve@example.org" not in world.as_("lee").get("/clinic/clients").text
    assert "eve@example.org" in world.as_("ada").get("/clinic/clients").text


def test_used_and_expired_invitations_are_not_listed(world: World) -> None:
    page = world.as_("kim").get("/clinic/clients").text
    assert "carl@example.org" not in page  # carl joined by kim's invitation: used
    assert 'data-testid="pending-invite"' not in page


def test_invitation_problems_are_shown_next_to_each_field_with_what_is_allowed(world: World) -> None:
    r = world.as_("kim").post("/clinic/invites", data={"name": "", "email": "not an address"})
    assert r.status_code == 422
    errors = dict(re.findall(r'<p class="field-error" id="f-(\w+)-error"[^>]*>(.*?)</p>', r.text, re.S))
    assert set(errors) == {"name", "email"}
    assert "1 to 120 characters" in errors["name"]
    assert "name@example.org" in errors["email"]
    assert 'value="not an address"' in r.text  # what was typed is kept
    assert 'data-testid="error-summary"' in r.text
    taken = world.as_("kim").post("/clinic/invites", data={"name": "Carl", "email": "carl@example.org"})
    assert taken.status_code == 409
    assert 'id="f-email-error"' in taken.text


def test_threshold_problems_are_shown_next_to_their_field_with_the_range_and_unit(world: World) -> None:
    r = world.as_("ada").post("/clinic/thresholds", data=BAD_THRESHOLDS)
    assert r.status_code == 422
    errors = dict(re.findall(r'<p class="field-error" id="f-(\w+)-error"[^>]*>(.*?)</p>', r.text, re.S))
    assert set(errors) == {"no_session_days", "pain_rising_from"}
    assert "2 to 60 days" in errors["no_session_days"]
    assert "1 to 10 points out of 10" in errors["pain_rising_from"]
    assert 'value="five"' in r.text  # what was typed stays in its field
    summary = re.search(r'data-testid="error-summary".*?</div>', r.text, re.S)
    assert summary is not None
    assert "No session for" in summary.group(0)  # the summary names the field


def test_an_empty_message_from_a_client_is_refused_next_to_the_field_in_plain_words(world: World) -> None:
    for text in ("", "   "):
        r = world.as_("carl").post("/clinic/messages", data={"text": text}, follow_redirects=False)
        assert r.status_code == 422
        error = re.search(r'<p class="field-error" id="text-error"[^>]*>(.*?)</p>', r.text, re.S)
        assert error is not None
        assert "The message is empty: write something before sending it (1 to 4000 characters)." in error.group(1)
        assert re.search(r'<textarea id="text"[^>]*aria-invalid="true"', r.text)
    assert "No messages yet." in world.as_("carl").get("/clinic/messages").text  # nothing was sent


@pytest.mark.parametrize(("kind", "field"), [("messages", "message-text"), ("notes", "note-text")])
def test_an_empty_message_or_note_from_a_clinician_is_refused_next_to_its_field(
    world: World, kind: str, field: str
) -> None:
    carl = world.people["carl"].account_id
    r = world.as_("kim").post(f"/clinic/clients/{carl}/{kind}", data={"text": " "}, follow_redirects=False)
    assert r.status_code == 422
    error = re.search(rf'<p class="field-error" id="{field}-error"[^>]*>(.*?)</p>', r.text, re.S)
    assert error is not None
    assert "is empty: write something before sending it" in error.group(1)
    assert f'<a href="#{field}">' in r.text  # the summary at the top leads to the field


def test_the_client_page_counts_sessions_in_proper_words(world: World) -> None:
    carl = world.people["carl"]
    assert carl.profile
    page = world.as_("kim").get(f"/clinic/clients/{carl.account_id}").text
    assert re.search(r'data-testid="adherence">No sessions yet\. The plan is \d+ days a week\.<', page)
    assert world.as_("carl").post(f"/api/v1/profiles/{carl.profile}/screenings", json=f.screen_answers()).is_success
    ids = [i.exercise_id for i in routine.current(world.app, carl.profile).routine.items]
    sessions.log_session(world.app, carl.profile, f.session_log(ids))
    page = world.as_("kim").get(f"/clinic/clients/{carl.account_id}").text
    said = re.search(r'data-testid="adherence">([^<]+)<', page)
    assert said is not None
    assert said.group(1).startswith("1 session so far, in your first week. It is too early to tell")
    assert "1 sessions" not in page
