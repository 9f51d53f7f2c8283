"""Clinic mode's pages as a product (issue 17): one menu per role on every page that role sees, form
fields and wide tables laid out like the home pages, errors next to their field, the login's code step,
invitations (pending ones listed, the link shown once after a redirect), messages and plurals."""

from __future__ import annotations

import re

import pytest

from supple.bootstrap import App
from tests.clinic_world import World, make_world


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
