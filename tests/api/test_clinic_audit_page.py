"""The admin's page of the access and change log: admins of the clinic only, filters, bad filters named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.clinic.accounts import Accounts, NewAccount
from supple.clinic.audit import AuditLog
from supple.clinic.domain import Role
from supple.clinic.login_sessions import Current
from supple.web.app import create_app

PASSWORD = "river stones and moss"


@pytest.fixture
def web(app: App) -> Iterator[TestClient]:
    browser = {"Sec-Fetch-Site": "same-origin"}
    with TestClient(create_app(app, clinic=True), base_url="https://testserver", headers=browser) as c:
        yield c


@pytest.fixture
def admin(web: TestClient) -> NewAccount:
    accounts: Accounts = web.app.state.accounts  # type: ignore[attr-defined]
    return accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)


def _log_in(web: TestClient, email: str, code: str | None = None) -> None:
    data = {"email": email, "password": PASSWORD} | ({"code": code} if code else {})
    assert web.post("/login", data=data, follow_redirects=False).status_code == 303


def test_an_admin_sees_the_clinics_log_with_their_own_login_in_it(web: TestClient, admin: NewAccount) -> None:
    log: AuditLog = web.app.state.audit  # type: ignore[attr-defined]
    log.record(Current(admin.account_id, admin.clinic_id, Role.ADMIN, "Ada", 0), "client.view", 42, "opened tests")
    _log_in(web, "ada@example.org", admin.recovery_codes[0])
    page = web.get("/admin/audit")
    assert page.status_code == 200
    assert "account.login" in page.text
    assert "opened tests" in page.text
    only_42 = web.get("/admin/audit", params={"client": 42})
    assert "opened tests" in only_42.text
    assert "account.login" not in only_42.text


def test_a_client_or_a_clinician_cannot_open_the_log_and_a_stranger_is_sent_to_log_in(
    web: TestClient, admin: NewAccount
) -> None:
    assert web.get("/admin/audit", follow_redirects=False).headers["location"] == "/login"
    accounts: Accounts = web.app.state.accounts  # type: ignore[attr-defined]
    accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, PASSWORD)
    _log_in(web, "carl@example.org")
    assert web.get("/admin/audit").status_code == 404


def test_a_filter_that_is_not_a_day_is_named_in_the_answer(web: TestClient, admin: NewAccount) -> None:
    _log_in(web, "ada@example.org", admin.recovery_codes[0])
    r = web.get("/admin/audit", params={"since": "yesterday"})
    assert r.status_code == 422
    assert "Since: ‘yesterday’ is not a date" in r.text
