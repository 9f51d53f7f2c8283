"""Clinic mode's account pages: an admin makes a clinician who sets up their own password and second factor;
changes ask to confirm it is you; an admin disables an account from the web."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.clinic import second_factor
from supple.clinic.accounts import Accounts, NewAccount
from supple.clinic.domain import Role
from supple.clinic.members import Members
from supple.clinic.security import AccountSecurity
from supple.web.app import create_app
from supple.web.clinic_access import COOKIE
from tests.factories import Clock

PASSWORD = "river stones and moss"


@pytest.fixture
def web(app: App, clock: Clock) -> Iterator[TestClient]:
    browser = {"Sec-Fetch-Site": "same-origin"}
    api = create_app(app, clinic=True)
    accounts = Accounts.from_settings(app.sessions, app.settings, clock=clock)  # the test moves the clock
    api.state.accounts = accounts
    api.state.security = AccountSecurity(accounts, reauth_window=timedelta(minutes=10))
    api.state.members = Members(accounts, setup_window=timedelta(hours=72))
    with TestClient(api, base_url="https://testserver", headers=browser) as c:
        yield c


@pytest.fixture
def admin(web: TestClient) -> NewAccount:
    accounts: Accounts = web.app.state.accounts  # type: ignore[attr-defined]
    return accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)


def _as_admin(web: TestClient, admin: NewAccount, n: int = 0) -> None:
    data = {"email": "ada@example.org", "password": PASSWORD, "code": admin.recovery_codes[n]}
    assert web.post("/login", data=data, follow_redirects=False).status_code == 303


def test_a_clinician_made_by_the_admin_sets_up_a_password_and_authenticator_then_is_in(
    web: TestClient, admin: NewAccount, clock: Clock
) -> None:
    _as_admin(web, admin)
    made = web.post("/admin/accounts", data={"email": "bea@example.org", "name": "Bea", "role": "clinician"})
    assert made.status_code == 201
    one_time = re.search(r"<code>([a-z2-9-]{23})</code>", made.text)
    assert one_time, made.text
    web.post("/logout")
    first = web.post("/login", data={"email": "bea@example.org", "password": one_time[1]}, follow_redirects=False)
    assert first.headers["location"] == "/account/setup"
    assert web.get("/account", follow_redirects=False).headers["location"] == "/login"  # setup only
    setup = web.get("/account/setup")
    assert "<svg" in setup.text
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', setup.text)
    assert secret
    bad = web.post("/account/setup", data={"password": "password", "code": "000000"})
    assert bad.status_code == 422
    done = web.post(
        "/account/setup",
        data={"password": "my own long pass phrase", "code": second_factor.code_at(secret[1], clock())},
    )
    assert done.status_code == 200
    assert done.text.count("<li><code>") == 10
    assert "Logged in as Bea (clinician)." in web.get("/account").text


def test_changing_the_password_long_after_login_asks_to_confirm_it_is_you_first(
    web: TestClient, admin: NewAccount, clock: Clock
) -> None:
    _as_admin(web, admin)
    clock.advance(minutes=11)
    r = web.get("/account/password", follow_redirects=False)
    assert r.headers["location"] == "/account/confirm?next=/account/password"
    wrong = web.post("/account/confirm?next=/account/password", data={"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 401
    ok = web.post(
        "/account/confirm?next=/account/password",
        data={"password": PASSWORD, "code": admin.recovery_codes[1]},
        follow_redirects=False,
    )
    assert ok.headers["location"] == "/account/password"
    assert COOKIE in ok.headers["set-cookie"]  # a new session token after confirming
    changed = web.post("/account/password", data={"current_password": PASSWORD, "password": "a brand new pass phrase"})
    assert changed.status_code == 200
    assert "Your password is changed" in changed.text


def test_confirming_never_sends_the_browser_to_another_site(web: TestClient, admin: NewAccount) -> None:
    _as_admin(web, admin)
    r = web.post(
        "/account/confirm?next=https://evil.example/",
        data={"password": PASSWORD, "code": admin.recovery_codes[1]},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/account"


def test_an_admin_disables_a_client_from_the_web_and_the_clients_session_ends(
    web: TestClient, admin: NewAccount
) -> None:
    accounts: Accounts = web.app.state.accounts  # type: ignore[attr-defined]
    carl = accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, PASSWORD)
    carls = accounts.login("carl@example.org", PASSWORD)
    _as_admin(web, admin)
    r = web.post(f"/admin/accounts/{carl.account_id}/disable", follow_redirects=False)
    assert r.status_code == 303
    assert accounts.current(carls.token) is None
    assert "disabled" in web.get("/admin/accounts").text


def test_a_clinician_cannot_open_the_admins_pages(web: TestClient, admin: NewAccount) -> None:
    accounts: Accounts = web.app.state.accounts  # type: ignore[attr-defined]
    accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, PASSWORD)
    web.post("/login", data={"email": "carl@example.org", "password": PASSWORD})
    assert web.cookies.get(COOKIE)
    assert web.get("/admin/accounts").status_code == 404
    assert web.post("/admin/accounts", data={"email": "x@example.org", "name": "X", "role": "admin"}).status_code == 404
