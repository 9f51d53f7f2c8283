"""`supple clinic reseal` after a key rotation (ASVS 5.0 11.2.2), on SQLite and PostgreSQL: every stored
TOTP secret, current and pending, is re-sealed with the newest key in one transaction, so the older key
can then be removed; without a key, or with a secret no key opens, nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update

from supple.bootstrap import App
from supple.clinic import second_factor
from supple.clinic.accounts import Accounts
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy
from supple.clinic.second_factor_secrets import ResealRefused
from supple.config import Settings
from supple.db.audit_models import AuditEntry
from supple.db.clinic_models import Account
from supple.db.secret_box import SecretBox, SecretKeys, SecretUnreadable, new_key, totp_binding
from tests.factories import Clock

PASSWORD = "blue heron at dawn"


def _accounts(app: App, clock: Clock, *keys: str) -> Accounts:
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    throttle = ThrottlePolicy(max_failures=50, window=timedelta(minutes=15))
    settings = Settings(data_dir=app.settings.data_dir, clinic_secret_key=SecretStr(",".join(keys)) if keys else None)
    return Accounts(app.sessions, limits=limits, throttle=throttle, keys=SecretKeys(settings), clock=clock)


def _stored(app: App) -> dict[int, tuple[str | None, str | None]]:
    with app.sessions() as s:
        rows = s.execute(select(Account.id, Account.totp_secret, Account.totp_pending_secret).order_by(Account.id))
        return {r[0]: (r[1], r[2]) for r in rows}


def _clinic_sealed_with(app: App, clock: Clock, key: str) -> tuple[int, str, int, str, str]:
    """A clinic whose admin and clinician have secrets sealed with ``key``; the clinician also has a
    pending one (a new authenticator being set up). Returns ids and the secrets in clear."""
    accounts = _accounts(app, clock, key)
    admin = accounts.create_clinic("Riverside", admin_email="ada@example.org", admin_name="Ada", password=PASSWORD)
    kim = accounts.create_account(admin.clinic_id, "kim@example.org", "Kim", Role.CLINICIAN, PASSWORD)
    accounts.create_account(admin.clinic_id, "carl@example.org", "Carl", Role.CLIENT, PASSWORD)  # no 2nd factor
    assert admin.totp_secret is not None
    assert kim.totp_secret is not None
    pending = second_factor.new_secret()
    with app.sessions() as s:
        sealed = SecretBox.of(key).seal(pending, bound_to=totp_binding(kim.account_id))
        s.execute(update(Account).where(Account.id == kim.account_id).values(totp_pending_secret=sealed))
        s.commit()
    return admin.account_id, admin.totp_secret, kim.account_id, kim.totp_secret, pending


def test_reseal_moves_every_secret_current_and_pending_to_the_newest_key(any_app: App, clock: Clock) -> None:
    old, new = new_key(), new_key()
    ada_id, ada_secret, kim_id, kim_secret, pending = _clinic_sealed_with(any_app, clock, old)
    before = _stored(any_app)
    done = _accounts(any_app, clock, new, old).reseal_second_factors()
    assert (done.count, done.from_older_keys, done.key_id) == (3, 3, SecretBox.of(new).sealing_key_id)
    after = _stored(any_app)
    assert after != before
    only_new = SecretBox.of(new)
    for current, waiting in after.values():
        for value in (current, waiting):
            if value is not None:
                assert value.split(".")[1] == only_new.sealing_key_id
    assert only_new.open(str(after[ada_id][0]), bound_to=totp_binding(ada_id)) == ada_secret
    assert only_new.open(str(after[kim_id][0]), bound_to=totp_binding(kim_id)) == kim_secret
    assert only_new.open(str(after[kim_id][1]), bound_to=totp_binding(kim_id)) == pending
    with pytest.raises(SecretUnreadable):
        SecretBox.of(old).open(str(after[ada_id][0]), bound_to=totp_binding(ada_id))
    # The old key removed, the second factor still works.
    alone = _accounts(any_app, clock, new)
    assert alone.login("ada@example.org", PASSWORD, second_factor.code_at(ada_secret, clock())).token
    with any_app.sessions() as s:
        logged = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "clinic.second-factors-resealed"))
        assert list(logged) == [f"3 second-factor secret(s) re-sealed with key {only_new.sealing_key_id}"]
    again = _accounts(any_app, clock, new).reseal_second_factors()  # run twice: nothing older is left
    assert (again.count, again.from_older_keys) == (3, 0)


def test_reseal_changes_nothing_and_names_the_account_when_a_secret_opens_with_no_key(
    any_app: App, clock: Clock
) -> None:
    lost, new = new_key(), new_key()
    ada_id, _, kim_id, _, _ = _clinic_sealed_with(any_app, clock, lost)
    before = _stored(any_app)
    with pytest.raises(ResealRefused) as refused:
        _accounts(any_app, clock, new).reseal_second_factors()  # the key that sealed them is gone
    assert refused.value.exit_code == 2
    assert "Nothing was re-sealed" in refused.value.message
    assert f"account {ada_id} " in refused.value.message  # the first one it met, by its id
    assert lost not in refused.value.message
    assert _stored(any_app) == before
    # One account's secret sealed with a key that is gone, the others readable: still nothing changes.
    with any_app.sessions() as s:
        alien = SecretBox.of(new_key()).seal("JBSWY3DPEHPK3PXP", bound_to=totp_binding(kim_id))
        s.execute(update(Account).where(Account.id == kim_id).values(totp_pending_secret=alien))
        s.commit()
    before = _stored(any_app)
    with pytest.raises(ResealRefused, match=f"account {kim_id} "):
        _accounts(any_app, clock, new, lost).reseal_second_factors()
    assert _stored(any_app) == before
    assert "JBSWY3DPEHPK3PXP" not in str(before)


def test_reseal_without_any_key_is_refused_with_where_the_key_goes(any_app: App, clock: Clock) -> None:
    with pytest.raises(ResealRefused, match="SUPPLE_CLINIC_SECRET_KEY") as refused:
        _accounts(any_app, clock).reseal_second_factors()
    assert refused.value.exit_code == 2
    assert not (any_app.settings.data_dir / "clinic-secret.key").exists()  # never made by a re-seal
