"""Clinic mode's pages: login, account, sessions, logout; home mode is untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.clinic.accounts import Accounts, NewAccount
from supple.clinic.domain import Role
from supple.web.app import create_app
from supple.web.clinic_access import COOKIE

PASSWORD = "river stones and moss"


@pytest.fixture
def clinic_client(app: App) -> Iterator[TestClient]:
    # A browser posting Supple's own forms says so (Sec-Fetch-Site), which the CSRF guard accepts.
    browser = {"Sec-Fetch-Site": "same-origin"}
    with TestClient(create_app(app, clinic=True), base_url="https://testserver", headers=browser) as c:
        yield c


@pytest.fixture
def admin(clinic_client: TestClient) -> NewAccount:
    accounts: Accounts = clinic_client.app.state.accounts  # type: ignore[attr-defined]
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, PASSWORD)
    return admin


def _log_in(c: TestClient, email: str = "carl@example.org", password: str = PASSWORD) -> str:
    r = c.post("/login", data={"email": email, "password": password}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.headers["set-cookie"]


def test_home_mode_has_no_login_page_and_its_home_page_is_unchanged(app: App) -> None:
    with TestClient(create_app(app)) as c:
        assert c.get("/login").status_code == 404
        home = c.get("/", follow_redirects=False)
        assert home.headers.get("location") != "/account"


def test_clinic_mode_serves_only_its_own_pages_and_sends_strangers_to_login(clinic_client: TestClient) -> None:
    assert clinic_client.get("/import", follow_redirects=False).status_code == 404  # a home page with no rule
    assert clinic_client.get("/api/v1/profiles", follow_redirects=False).status_code == 404
    first = clinic_client.get("/", follow_redirects=False)
    assert first.headers["location"] == "/clinic"
    assert clinic_client.get("/account", follow_redirects=False).headers["location"] == "/login"
    page = clinic_client.get("/login")
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_the_session_cookie_is_host_only_secure_httponly_and_strict(
    clinic_client: TestClient, admin: NewAccount
) -> None:
    cookie = _log_in(clinic_client)
    assert cookie.startswith(f"{COOKIE}=")
    lowered = cookie.lower()
    for part in ("secure", "httponly", "samesite=strict", "path=/"):
        assert part in lowered, cookie
    assert "domain=" not in lowered
    account = clinic_client.get("/account")
    assert "Logged in as Carl (client)." in account.text


def test_a_wrong_password_shows_the_form_again_with_a_401(clinic_client: TestClient, admin: NewAccount) -> None:
    r = clinic_client.post("/login", data={"email": "carl@example.org", "password": "wrong but long enough"})
    assert r.status_code == 401
    assert "The e-mail, password or code is not right." in r.text
    assert COOKIE not in r.headers.get("set-cookie", "")


def test_an_admin_is_asked_for_the_code_after_the_right_password(clinic_client: TestClient, admin: NewAccount) -> None:
    r = clinic_client.post("/login", data={"email": "ada@example.org", "password": PASSWORD})
    assert r.status_code == 401
    assert 'autocomplete="one-time-code"' in r.text
    done = clinic_client.post(
        "/login",
        data={"email": "ada@example.org", "password": PASSWORD, "code": admin.recovery_codes[0]},
        follow_redirects=False,
    )
    assert done.status_code == 303


def test_logging_out_ends_the_session_on_the_server_so_the_old_cookie_is_worthless(
    clinic_client: TestClient, admin: NewAccount
) -> None:
    _log_in(clinic_client)
    token = clinic_client.cookies.get(COOKIE)
    assert token
    out = clinic_client.post("/logout", follow_redirects=False)
    assert out.headers["location"] == "/login"
    assert out.headers["clear-site-data"] == '"cache", "storage"'  # the browser drops what the site kept
    clinic_client.cookies.set(COOKIE, token)
    assert clinic_client.get("/account", follow_redirects=False).headers["location"] == "/login"


def test_ending_another_accounts_session_by_guessing_its_number_is_not_found(
    clinic_client: TestClient, admin: NewAccount
) -> None:
    accounts: Accounts = clinic_client.app.state.accounts  # type: ignore[attr-defined]
    other = accounts.login("ada@example.org", PASSWORD, admin.recovery_codes[1])
    _log_in(clinic_client)
    r = clinic_client.post(f"/account/sessions/{other.session_id}/end", follow_redirects=False)
    assert r.status_code == 404
    assert accounts.current(other.token) is not None


def test_logging_in_again_in_the_same_browser_ends_the_earlier_session(
    clinic_client: TestClient, admin: NewAccount
) -> None:
    accounts: Accounts = clinic_client.app.state.accounts  # type: ignore[attr-defined]
    _log_in(clinic_client)
    first = clinic_client.cookies.get(COOKIE)
    _log_in(clinic_client)
    second = clinic_client.cookies.get(COOKIE)
    assert first != second
    assert accounts.current(first) is None
    assert accounts.current(second) is not None


def test_the_clinic_service_worker_keeps_no_pages_while_the_home_one_does(clinic_client: TestClient, app: App) -> None:
    clinic_code = clinic_client.get("/sw.js").text
    assert "const KEEP_PAGES = false;" in clinic_code
    assert "const KEEP_PAGES = true;" not in clinic_code
    with TestClient(create_app(app)) as home:
        assert "const KEEP_PAGES = true;" in home.get("/sw.js").text
