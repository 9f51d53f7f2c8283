"""Account security on the real store (SQLite and PostgreSQL): re-authentication before changes, password,
e-mail and second-factor changes, accounts an admin makes (one-time password, setup), reset, disable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from supple.bootstrap import App
from supple.clinic import second_factor
from supple.clinic.accounts import Accounts, NewAccount
from supple.clinic.audit import AuditLog
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.clinic.login_sessions import Current, LoginRefused, LoginThrottled
from supple.clinic.members import Members
from supple.clinic.security import AccountSecurity, ReauthenticationNeeded
from supple.errors import Conflict, InvalidInput, NotFound
from tests.factories import Clock, secret_keys

PASSWORD = "blue heron at dawn"


@pytest.fixture
def accounts(any_app: App, clock: Clock) -> Accounts:
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=5, window=timedelta(minutes=15))
    return Accounts(any_app.sessions, limits=limits, throttle=throttle, keys=secret_keys(), clock=clock)


@pytest.fixture
def security(accounts: Accounts) -> AccountSecurity:
    return AccountSecurity(accounts, reauth_window=timedelta(minutes=10))


@pytest.fixture
def members(accounts: Accounts) -> Members:
    return Members(accounts, setup_window=timedelta(hours=72))


@pytest.fixture
def admin(accounts: Accounts) -> NewAccount:
    return accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)


def _code(secret: str | None, clock: Clock) -> str:
    assert secret is not None
    return second_factor.code_at(secret, clock())


def _signed_in(accounts: Accounts, admin: NewAccount, clock: Clock) -> tuple[str, Current]:
    login = accounts.login("ada@example.org", PASSWORD, _code(admin.totp_secret, clock))
    me = accounts.current(login.token)
    assert me is not None
    return login.token, me


def test_a_change_long_after_login_needs_the_password_and_a_code_again(
    accounts: Accounts, security: AccountSecurity, admin: NewAccount, clock: Clock
) -> None:
    token, me = _signed_in(accounts, admin, clock)
    clock.advance(minutes=11)
    with pytest.raises(ReauthenticationNeeded):
        security.change_password(me, PASSWORD, "a new long pass phrase")
    with pytest.raises(LoginRefused):
        security.reauthenticate(me, PASSWORD, None)  # the code is needed too
    clock.advance(seconds=30)
    renewed = security.reauthenticate(me, PASSWORD, _code(admin.totp_secret, clock))
    assert accounts.current(token) is None  # a new token at re-authentication; the old one ends
    again = accounts.current(renewed.token)
    assert again is not None
    security.change_password(again, PASSWORD, "a new long pass phrase")
    with pytest.raises(LoginRefused):
        accounts.login("ada@example.org", PASSWORD, admin.recovery_codes[0])


def test_failed_re_authentications_count_towards_the_login_throttle(
    accounts: Accounts, security: AccountSecurity, admin: NewAccount, clock: Clock
) -> None:
    _, me = _signed_in(accounts, admin, clock)
    for _ in range(5):
        with pytest.raises(LoginRefused):
            security.reauthenticate(me, "not my password at all", "000000")
    with pytest.raises(LoginThrottled):
        security.reauthenticate(me, PASSWORD, admin.recovery_codes[0])


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(
    accounts: Accounts, security: AccountSecurity, admin: NewAccount, clock: Clock
) -> None:
    other = accounts.login("ada@example.org", PASSWORD, admin.recovery_codes[0])
    token, me = _signed_in(accounts, admin, clock)
    with pytest.raises(InvalidInput) as err:
        security.change_password(me, "not my password", "password1")
    assert [p.field for p in err.value.problems] == ["current_password", "password"]
    security.change_password(me, PASSWORD, "a new long pass phrase")
    assert accounts.current(other.token) is None
    assert accounts.current(token) is not None


def test_changing_the_e_mail_refuses_one_another_account_has(
    accounts: Accounts, security: AccountSecurity, admin: NewAccount, clock: Clock
) -> None:
    accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, "river stones and moss")
    _, me = _signed_in(accounts, admin, clock)
    with pytest.raises(Conflict):
        security.change_email(me, "Carl@Example.org")
    security.change_email(me, "Ada.Lee@Example.org")
    clock.advance(minutes=1)
    assert accounts.login("ada.lee@example.org", PASSWORD, admin.recovery_codes[0]).account_id == admin.account_id


def test_a_new_authenticator_replaces_the_old_only_once_a_code_from_it_is_right(
    accounts: Accounts, security: AccountSecurity, admin: NewAccount, clock: Clock
) -> None:
    _, me = _signed_in(accounts, admin, clock)
    new = security.start_second_factor_change(me)
    with pytest.raises(InvalidInput):
        security.confirm_second_factor_change(me, "123456" if _code(new.secret, clock) != "123456" else "654321")
    other = accounts.login("ada@example.org", PASSWORD, admin.recovery_codes[2])
    codes = security.confirm_second_factor_change(me, _code(new.secret, clock))
    assert len(codes) == 10
    assert accounts.current(other.token) is None  # other sessions end with the old authenticator
    clock.advance(minutes=1)
    with pytest.raises(LoginRefused):
        accounts.login("ada@example.org", PASSWORD, admin.recovery_codes[1])  # the old recovery codes are gone
    assert accounts.login("ada@example.org", PASSWORD, _code(new.secret, clock)).account_id == admin.account_id


def test_an_account_an_admin_makes_opens_only_the_setup_until_its_owner_sets_password_and_code(
    any_app: App, accounts: Accounts, security: AccountSecurity, members: Members, admin: NewAccount, clock: Clock
) -> None:
    _, me = _signed_in(accounts, admin, clock)
    made = members.create(me, "Bea@Example.org", "Bea", Role.CLINICIAN)
    setup = accounts.login("bea@example.org", made.one_time_password)
    assert setup.setup
    assert accounts.current(setup.token) is None  # no page but the setup page
    found = security.setup_enrolment(setup.token)
    assert found is not None
    _, enrolment = found
    assert enrolment is not None
    assert enrolment.uri.startswith("otpauth://totp/Supple:bea%40example.org")
    with pytest.raises(InvalidInput) as err:
        security.complete_setup(setup.token, "short", "000000")
    assert {p.field for p in err.value.problems} == {"password", "code"}
    done = security.complete_setup(setup.token, "my own long pass phrase", _code(enrolment.secret, clock))
    assert len(done.recovery_codes) == 10
    assert accounts.current(done.login.token) is not None
    assert accounts.current(setup.token, purpose="setup") is None
    actions = [e.action for e in AuditLog(any_app.sessions, clock).entries(admin.clinic_id)]
    assert actions[:2] == ["account.login", "account.setup"]
    assert "account.create" in actions


def test_a_one_time_password_stops_working_after_its_window(
    accounts: Accounts, members: Members, admin: NewAccount, clock: Clock
) -> None:
    _, me = _signed_in(accounts, admin, clock)
    made = members.create(me, "bea@example.org", "Bea", Role.CLINICIAN)
    clock.advance(hours=73)
    with pytest.raises(LoginRefused):
        accounts.login("bea@example.org", made.one_time_password)


def test_an_admin_cannot_reach_another_clinics_accounts_or_disable_themselves(
    accounts: Accounts, members: Members, admin: NewAccount, clock: Clock
) -> None:
    other = accounts.create_clinic("Hilltop", admin_email="bo@example.org", admin_name="Bo", password=PASSWORD)
    _, me = _signed_in(accounts, admin, clock)
    with pytest.raises(NotFound):
        members.disable(me, other.account_id)
    with pytest.raises(NotFound):
        members.reset_access(me, other.account_id)
    with pytest.raises(Conflict):
        members.disable(me, me.account_id)
    assert [m.email for m in members.of_clinic(me)] == ["ada@example.org"]


def test_disabling_from_the_admin_ends_the_sessions_and_enabling_lets_them_log_in_again(
    accounts: Accounts, members: Members, admin: NewAccount, clock: Clock
) -> None:
    carl = accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, "river stones and moss")
    session = accounts.login("carl@example.org", "river stones and moss")
    _, me = _signed_in(accounts, admin, clock)
    members.disable(me, carl.account_id)
    assert accounts.current(session.token) is None
    with pytest.raises(LoginRefused):
        accounts.login("carl@example.org", "river stones and moss")
    members.enable(me, carl.account_id)
    assert accounts.login("carl@example.org", "river stones and moss").account_id == carl.account_id


def test_an_admin_makes_only_clinician_and_admin_accounts(
    accounts: Accounts, members: Members, admin: NewAccount, clock: Clock
) -> None:
    _, me = _signed_in(accounts, admin, clock)
    with pytest.raises(InvalidInput) as err:
        members.create(me, "dee@example.org", "Dee", Role.CLIENT)
    assert [p.field for p in err.value.problems] == ["role"]
