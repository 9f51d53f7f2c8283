"""TOTP secrets of clinicians and admins are encrypted at rest (ASVS 5.0 11.3 / 14.2), on SQLite and
PostgreSQL: what the database holds is not the secret and opens only with the clinic's key and for its
own account; the key lives outside the database (an owner-only file in the data folder, or
SUPPLE_CLINIC_SECRET_KEY); migration 0011 seals the secrets stored in clear before it."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import select, update

from supple.bootstrap import App
from supple.clinic import second_factor
from supple.clinic.accounts import Accounts
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.clinic.login_sessions import Current, LoginRefused
from supple.clinic.members import Members
from supple.clinic.security import AccountSecurity
from supple.config import Settings
from supple.db.clinic_models import Account, Clinic
from supple.db.engine import alembic_config, migrate
from supple.db.secret_box import (
    KEY_FILE,
    SecretBox,
    SecretKeyMissing,
    SecretKeys,
    SecretUnreadable,
    box_from_settings,
    new_key,
    totp_binding,
)
from tests.factories import Clock

PASSWORD = "blue heron at dawn"


def _accounts(app: App, clock: Clock, keys: SecretKeys | None = None) -> Accounts:
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=50, window=timedelta(minutes=15))
    return Accounts(app.sessions, limits=limits, throttle=throttle, keys=keys or SecretKeys(app.settings), clock=clock)


def _stored(app: App, account_id: int) -> tuple[str | None, str | None]:
    with app.sessions() as s:
        row = s.get(Account, account_id)
        assert row is not None
        return row.totp_secret, row.totp_pending_secret


def test_the_stored_secret_is_sealed_and_the_clinics_first_one_makes_an_owner_only_key_file(
    any_app: App, clock: Clock
) -> None:
    key_path = any_app.settings.data_dir / KEY_FILE
    assert not key_path.exists()  # home mode, and a clinic before its first second factor: no key
    accounts = _accounts(any_app, clock)
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    assert admin.totp_secret is not None  # shown once, in clear, to the person
    sealed, _ = _stored(any_app, admin.account_id)
    assert sealed is not None
    assert sealed.startswith("v1.")
    assert admin.totp_secret not in sealed
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    box = box_from_settings(any_app.settings)
    assert box.open(sealed, bound_to=totp_binding(admin.account_id)) == admin.totp_secret
    login = accounts.login("ada@example.org", PASSWORD, second_factor.code_at(admin.totp_secret, clock()))
    assert login.token


def test_a_sealed_secret_copied_onto_another_account_does_not_open_there(any_app: App, clock: Clock) -> None:
    accounts = _accounts(any_app, clock)
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    kim = accounts.create_account(admin.clinic_id, "kim@example.org", "Kim", Role.CLINICIAN, PASSWORD)
    assert kim.totp_secret is not None
    kims_sealed, _ = _stored(any_app, kim.account_id)
    with any_app.sessions() as s:  # someone with write access to the database tries Kim's factor on Ada
        s.execute(update(Account).where(Account.id == admin.account_id).values(totp_secret=kims_sealed))
        s.commit()
    with pytest.raises(SecretUnreadable):
        accounts.login("ada@example.org", PASSWORD, second_factor.code_at(kim.totp_secret, clock()))


def test_without_the_key_no_secret_opens_and_none_is_sealed_with_a_new_one(any_app: App, clock: Clock) -> None:
    accounts = _accounts(any_app, clock)
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    assert admin.totp_secret is not None
    (any_app.settings.data_dir / KEY_FILE).unlink()  # a machine the key was not copied to
    elsewhere = _accounts(any_app, clock)
    with pytest.raises(SecretKeyMissing, match="SUPPLE_CLINIC_SECRET_KEY"):
        elsewhere.login("ada@example.org", PASSWORD, second_factor.code_at(admin.totp_secret, clock()))
    with pytest.raises(SecretKeyMissing):
        elsewhere.create_account(admin.clinic_id, "kim@example.org", "Kim", Role.CLINICIAN, PASSWORD)
    assert not (any_app.settings.data_dir / KEY_FILE).exists()


def test_the_key_can_come_from_the_environment_and_an_older_key_still_opens_after_a_rotation(
    any_app: App, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = new_key(), new_key()
    monkeypatch.setenv("SUPPLE_CLINIC_SECRET_KEY", old)
    accounts = _accounts(any_app, clock, SecretKeys(Settings(data_dir=any_app.settings.data_dir)))
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    assert admin.totp_secret is not None
    assert not (any_app.settings.data_dir / KEY_FILE).exists()  # the environment's key, no file
    monkeypatch.setenv("SUPPLE_CLINIC_SECRET_KEY", f"{new},{old}")  # newest first
    rotated = _accounts(any_app, clock, SecretKeys(Settings(data_dir=any_app.settings.data_dir)))
    assert rotated.login("ada@example.org", PASSWORD, second_factor.code_at(admin.totp_secret, clock())).token
    me = rotated.current(rotated.login("ada@example.org", PASSWORD, admin.recovery_codes[0]).token)
    assert isinstance(me, Current)
    security = AccountSecurity(rotated, reauth_window=timedelta(minutes=10))
    fresh = rotated.current(security.reauthenticate(me, PASSWORD, admin.recovery_codes[1]).token)
    assert fresh is not None
    pending = security.start_second_factor_change(fresh)  # a new secret is sealed with the newest key
    _, sealed_pending = _stored(any_app, admin.account_id)
    assert sealed_pending is not None
    assert SecretBox.of(new).open(sealed_pending, bound_to=totp_binding(admin.account_id)) == pending.secret
    with pytest.raises(SecretUnreadable):
        SecretBox.of(old).open(sealed_pending, bound_to=totp_binding(admin.account_id))


def test_an_admin_resetting_access_seals_the_new_secret(any_app: App, clock: Clock) -> None:
    accounts = _accounts(any_app, clock)
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    assert admin.totp_secret is not None
    me = accounts.current(
        accounts.login("ada@example.org", PASSWORD, second_factor.code_at(admin.totp_secret, clock())).token
    )
    assert me is not None
    members = Members(accounts, setup_window=timedelta(hours=72))
    made = members.create(me, "kim@example.org", "Kim", Role.CLINICIAN)
    first, _ = _stored(any_app, made.account_id)
    members.reset_access(me, made.account_id)
    second, _ = _stored(any_app, made.account_id)
    assert first is not None
    assert second is not None
    assert first.startswith("v1.")
    assert second.startswith("v1.")
    assert first != second


def test_migration_0011_seals_the_secrets_stored_in_clear_before_it(any_app: App, clock: Clock) -> None:
    command.downgrade(alembic_config(any_app.engine), "0010")
    clear, pending = second_factor.new_secret(), second_factor.new_secret()
    with any_app.sessions() as s:
        clinic = Clinic(name="Riverside", created_at=clock())
        s.add(clinic)
        s.flush()
        ada = Account(
            clinic_id=clinic.id, email="ada@example.org", name="Ada", role="admin", password_hash="x",
            totp_secret=clear, totp_pending_secret=pending, created_at=clock(), password_changed_at=clock(),
        )  # fmt: skip
        carl = Account(
            clinic_id=clinic.id, email="carl@example.org", name="Carl", role="client", password_hash="x",
            created_at=clock(), password_changed_at=clock(),
        )  # fmt: skip
        s.add_all([ada, carl])
        s.commit()
        ada_id, carl_id = ada.id, carl.id
    with pytest.raises(RuntimeError, match="needs the clinic secret key"):
        migrate(any_app.engine)  # no key given: the secrets are not left half-done
    migrate(any_app.engine, secret_box=lambda: box_from_settings(any_app.settings, create=True))
    sealed, sealed_pending = _stored(any_app, ada_id)
    assert sealed is not None
    assert sealed_pending is not None
    assert clear not in sealed
    assert pending not in sealed_pending
    box = box_from_settings(any_app.settings)
    assert box.open(sealed, bound_to=totp_binding(ada_id)) == clear
    assert box.open(sealed_pending, bound_to=totp_binding(ada_id)) == pending
    assert _stored(any_app, carl_id) == (None, None)  # clients have no second factor
    with any_app.engine.connect() as conn:
        assert conn.scalar(select(Account.totp_secret).where(Account.id == ada_id)) == sealed
    command.downgrade(alembic_config(any_app.engine, lambda: box), "0010")  # and back, opened again
    assert _stored(any_app, ada_id) == (clear, pending)


def test_a_key_that_is_not_32_bytes_is_refused_with_what_it_must_be() -> None:
    with pytest.raises(SecretKeyMissing, match="32 random bytes"):
        SecretBox.of("too-short")


def test_login_with_a_wrong_code_is_still_refused_when_the_secret_is_sealed(any_app: App, clock: Clock) -> None:
    accounts = _accounts(any_app, clock)
    accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    with pytest.raises(LoginRefused):
        accounts.login("ada@example.org", PASSWORD, "000000")
