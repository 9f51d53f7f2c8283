"""Clinic accounts on the real store (SQLite and PostgreSQL): login, second factor, sessions, throttling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from supple.bootstrap import App
from supple.clinic import second_factor
from supple.clinic.accounts import Accounts, NewAccount
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.clinic.login_sessions import LoginRefused, LoginThrottled, SecondFactorNeeded, token_hash
from supple.db.clinic_models import Account, AuthSession, LoginAttempt
from supple.errors import Conflict, InvalidInput, NotFound
from tests.factories import Clock, secret_keys

ADMIN_PASSWORD = "blue heron at dawn"
CLIENT_PASSWORD = "river stones and moss"


@pytest.fixture
def accounts(any_app: App, clock: Clock) -> Accounts:
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=5, window=timedelta(minutes=15))
    return Accounts(any_app.sessions, limits=limits, throttle=throttle, keys=secret_keys(), clock=clock)


@pytest.fixture
def admin(accounts: Accounts) -> NewAccount:
    return accounts.create_clinic(
        "Riverside Physio", admin_email="Admin@Example.org", admin_name="Ada", password=ADMIN_PASSWORD
    )


@pytest.fixture
def client(accounts: Accounts, admin: NewAccount) -> NewAccount:
    return accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, CLIENT_PASSWORD)


def _admin_code(admin: NewAccount, clock: Clock) -> str:
    assert admin.totp_secret is not None
    return second_factor.code_at(admin.totp_secret, clock())


def test_a_new_clinic_has_an_admin_with_a_second_factor_and_ten_recovery_codes(any_app: App, admin: NewAccount) -> None:
    assert admin.totp_secret is not None
    assert admin.totp_uri is not None
    assert admin.totp_uri.startswith("otpauth://totp/")
    assert len(admin.recovery_codes) == 10
    with any_app.sessions() as s:
        row = s.get(Account, admin.account_id)
        assert row is not None
        assert row.email == "admin@example.org"  # folded
        assert row.password_hash.startswith("$argon2id$")
        assert ADMIN_PASSWORD not in row.password_hash


def test_a_client_account_has_no_second_factor(client: NewAccount) -> None:
    assert client.totp_secret is None
    assert client.recovery_codes == ()


def test_an_account_with_a_common_password_is_refused_and_nothing_is_written(
    any_app: App, accounts: Accounts, admin: NewAccount
) -> None:
    with pytest.raises(InvalidInput) as err:
        accounts.create_account(admin.clinic_id, "dee@example.org", "Dee", Role.CLIENT, "sunshine1")
    assert [p.field for p in err.value.problems] == ["password"]
    with any_app.sessions() as s:
        assert s.scalar(select(Account).where(Account.email == "dee@example.org")) is None


def test_a_second_account_with_the_same_email_in_any_case_is_a_conflict(accounts: Accounts, client: NewAccount) -> None:
    with pytest.raises(Conflict):
        accounts.create_account(client.clinic_id, "CARL@example.org", "Carl 2", Role.CLIENT, "another long phrase")


def test_a_client_logs_in_and_the_store_keeps_only_the_hash_of_the_token(
    any_app: App, accounts: Accounts, client: NewAccount
) -> None:
    login = accounts.login("carl@example.org", CLIENT_PASSWORD, user_agent="Firefox", address="10.0.0.2")
    assert len(login.token) >= 43  # 256 bits in URL-safe base64
    current = accounts.current(login.token)
    assert current is not None
    assert (current.account_id, current.role, current.name) == (client.account_id, Role.CLIENT, "Carl")
    with any_app.sessions() as s:
        row = s.get(AuthSession, login.session_id)
        assert row is not None
        assert row.token_hash == token_hash(login.token)
        assert login.token not in row.token_hash


def test_each_login_gets_a_new_token(accounts: Accounts, client: NewAccount) -> None:
    first = accounts.login("carl@example.org", CLIENT_PASSWORD)
    second = accounts.login("carl@example.org", CLIENT_PASSWORD)
    assert first.token != second.token
    assert first.session_id != second.session_id


def test_a_wrong_password_and_an_unknown_email_get_the_same_refusal(accounts: Accounts, client: NewAccount) -> None:
    with pytest.raises(LoginRefused) as wrong:
        accounts.login("carl@example.org", "river stones and mosses")
    with pytest.raises(LoginRefused) as unknown:
        accounts.login("nobody@example.org", CLIENT_PASSWORD)
    assert wrong.value.message == unknown.value.message


def test_the_admin_needs_a_totp_code_and_the_same_code_works_only_once(
    accounts: Accounts, admin: NewAccount, clock: Clock
) -> None:
    with pytest.raises(SecondFactorNeeded):
        accounts.login("admin@example.org", ADMIN_PASSWORD)
    code = _admin_code(admin, clock)
    assert accounts.current(accounts.login("admin@example.org", ADMIN_PASSWORD, code).token) is not None
    clock.advance(seconds=10)
    with pytest.raises(LoginRefused):
        accounts.login("admin@example.org", ADMIN_PASSWORD, code)
    clock.advance(seconds=30)
    accounts.login("admin@example.org", ADMIN_PASSWORD, _admin_code(admin, clock))


def test_a_recovery_code_opens_one_session_and_is_then_spent(accounts: Accounts, admin: NewAccount) -> None:
    code = admin.recovery_codes[3]
    accounts.login("admin@example.org", ADMIN_PASSWORD, code.lower())
    with pytest.raises(LoginRefused):
        accounts.login("admin@example.org", ADMIN_PASSWORD, code)
    accounts.login("admin@example.org", ADMIN_PASSWORD, admin.recovery_codes[4])


def test_a_session_ends_after_thirty_idle_minutes_but_lives_on_while_used(
    accounts: Accounts, client: NewAccount, clock: Clock
) -> None:
    busy = accounts.login("carl@example.org", CLIENT_PASSWORD)
    idle = accounts.login("carl@example.org", CLIENT_PASSWORD)
    for _ in range(3):
        clock.advance(minutes=20)
        assert accounts.current(busy.token) is not None
    assert accounts.current(idle.token) is None
    clock.advance(minutes=20)
    assert accounts.current(busy.token) is not None


def test_a_session_ends_twelve_hours_after_login_however_busy(
    any_app: App, accounts: Accounts, client: NewAccount, clock: Clock
) -> None:
    login = accounts.login("carl@example.org", CLIENT_PASSWORD)
    for _ in range(47):
        clock.advance(minutes=15)
        assert accounts.current(login.token) is not None
    clock.advance(minutes=15)
    assert accounts.current(login.token) is None
    with any_app.sessions() as s:
        row = s.get(AuthSession, login.session_id)
        assert row is not None
        assert row.end_reason == "expired"


def test_logout_ends_the_session_on_the_server(any_app: App, accounts: Accounts, client: NewAccount) -> None:
    login = accounts.login("carl@example.org", CLIENT_PASSWORD)
    accounts.logout(login.token)
    assert accounts.current(login.token) is None
    with any_app.sessions() as s:
        row = s.get(AuthSession, login.session_id)
        assert row is not None
        assert row.end_reason == "logout"


def test_you_see_your_open_sessions_and_can_revoke_one_but_not_someone_elses(
    accounts: Accounts, admin: NewAccount, client: NewAccount, clock: Clock
) -> None:
    phone = accounts.login("carl@example.org", CLIENT_PASSWORD, user_agent="phone")
    clock.advance(minutes=2)
    laptop = accounts.login("carl@example.org", CLIENT_PASSWORD, user_agent="laptop")
    admin_login = accounts.login("admin@example.org", ADMIN_PASSWORD, _admin_code(admin, clock))
    me = accounts.current(laptop.token)
    assert me is not None
    seen = accounts.sessions_of(me)
    assert [(v.user_agent, v.current) for v in seen] == [("laptop", True), ("phone", False)]
    accounts.revoke(me, phone.session_id)
    assert accounts.current(phone.token) is None
    assert [v.user_agent for v in accounts.sessions_of(me)] == ["laptop"]
    with pytest.raises(NotFound):
        accounts.revoke(me, admin_login.session_id)
    assert accounts.current(admin_login.token) is not None


def test_disabling_an_account_ends_its_sessions_and_refuses_its_logins(
    any_app: App, accounts: Accounts, client: NewAccount
) -> None:
    login = accounts.login("carl@example.org", CLIENT_PASSWORD)
    accounts.disable(client.account_id)
    assert accounts.current(login.token) is None
    with any_app.sessions() as s:
        row = s.get(AuthSession, login.session_id)
        assert row is not None
        assert row.end_reason == "disabled"
    with pytest.raises(LoginRefused):
        accounts.login("carl@example.org", CLIENT_PASSWORD)


def test_five_failures_throttle_the_email_even_for_the_right_password_until_the_window_passes(
    any_app: App, accounts: Accounts, client: NewAccount, clock: Clock
) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            accounts.login("carl@example.org", "not the password at all")
        clock.advance(seconds=20)
    with pytest.raises(LoginThrottled) as err:
        accounts.login("Carl@Example.org", CLIENT_PASSWORD)
    assert err.value.http_status == 429
    assert timedelta(minutes=13) < err.value.retry_after <= timedelta(minutes=15)
    clock.advance(minutes=15)
    accounts.login("carl@example.org", CLIENT_PASSWORD)
    with any_app.sessions() as s:
        attempts = s.scalars(select(LoginAttempt.succeeded).where(LoginAttempt.subject == "carl@example.org")).all()
    assert sorted(attempts) == [False] * 5 + [True]


def test_a_success_clears_earlier_failures(accounts: Accounts, client: NewAccount, clock: Clock) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused):
            accounts.login("carl@example.org", "not the password at all")
        clock.advance(seconds=1)
    accounts.login("carl@example.org", CLIENT_PASSWORD)
    for _ in range(4):
        clock.advance(seconds=1)
        with pytest.raises(LoginRefused):
            accounts.login("carl@example.org", "not the password at all")
    clock.advance(seconds=1)
    accounts.login("carl@example.org", CLIENT_PASSWORD)
    for _ in range(5):
        clock.advance(seconds=1)
        with pytest.raises(LoginRefused):
            accounts.login("carl@example.org", "not the password at all")
    with pytest.raises(LoginThrottled):
        accounts.login("carl@example.org", CLIENT_PASSWORD)


def test_unknown_emails_are_throttled_too(accounts: Accounts, client: NewAccount) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            accounts.login("ghost@example.org", "whatever it may be")
    with pytest.raises(LoginThrottled):
        accounts.login("ghost@example.org", "whatever it may be")
