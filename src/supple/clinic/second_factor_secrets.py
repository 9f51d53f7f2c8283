"""Second-factor (TOTP) secrets of clinic accounts, encrypted at rest (``supple.db.secret_box``): seal a
new secret, open a stored one, and re-seal them all with the newest key after a key rotation.

:class:`SecondFactorSecrets` is the part of :class:`supple.clinic.accounts.Accounts` that does this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from supple.clinic import repository
from supple.clinic.audit import SystemActor, record_in
from supple.db.secret_box import (
    KEY_ENV,
    SecretBox,
    SecretKeyMissing,
    SecretKeys,
    SecretUnreadable,
    key_file,
    totp_binding,
)
from supple.errors import SuppleError

if TYPE_CHECKING:
    from pathlib import Path

    from supple.config import Settings

SECRET_KEY_ENV = KEY_ENV  # for the doors, which do not reach supple.db


class ResealRefused(SuppleError):
    """``supple clinic reseal`` changed nothing: no key, or a secret that none of the keys opens."""

    code = "reseal-refused"
    http_status = 409
    exit_code = 2


@dataclass(frozen=True)
class Resealed:
    """What a re-seal did: how many secrets (current and pending) are now sealed with which key."""

    count: int
    from_older_keys: int  # of them, how many an older key had sealed
    key_id: str


def secret_key_file(settings: Settings) -> Path | None:
    """The file the clinic's secret key is kept in, or None when ``SUPPLE_CLINIC_SECRET_KEY`` gives it."""
    return None if settings.clinic_secret_key is not None else key_file(settings)


class SecondFactorSecrets:
    """Sealing, opening and re-sealing TOTP secrets; the state is set by ``Accounts.__init__``."""

    _sessions: sessionmaker[Session]
    _clock: Callable[[], datetime]
    keys: SecretKeys

    def seal_totp(self, s: Session, account_id: int, secret: str) -> str:
        """A TOTP secret as stored: encrypted, bound to its account. The clinic's first secret makes
        the key file when there is no key yet."""
        box = self.keys.box(may_create=not repository.any_second_factor_secret(s))
        return box.seal(secret, bound_to=totp_binding(account_id))

    def open_totp(self, account_id: int, stored: str) -> str:
        return self.keys.box().open(stored, bound_to=totp_binding(account_id))

    def reseal_second_factors(self) -> Resealed:
        """Re-encrypt every stored TOTP secret (current and pending) with the newest key, all in one
        transaction: after a key rotation, so the old key can be removed. Nothing changes when there
        is no key or when any secret opens with none of the keys (that account is named)."""
        try:
            box = self.keys.box()
        except SecretKeyMissing as err:
            raise ResealRefused(f"Nothing was re-sealed. {err.message}") from None
        with self._sessions() as s:
            count = older = 0
            per_clinic: dict[int, int] = {}
            for account in repository.accounts_with_second_factor_secret(s):
                for column in ("totp_secret", "totp_pending_secret"):
                    stored: str | None = getattr(account, column)
                    if stored is None:
                        continue
                    setattr(account, column, _resealed(box, account.id, stored))
                    count += 1
                    older += SecretBox.key_id_of(stored) != box.sealing_key_id
                    per_clinic[account.clinic_id] = per_clinic.get(account.clinic_id, 0) + 1
            now = self._clock()
            for clinic_id, n in sorted(per_clinic.items()):
                detail = f"{n} second-factor secret(s) re-sealed with key {box.sealing_key_id}"
                record_in(s, SystemActor(clinic_id=clinic_id), "clinic.second-factors-resealed", None, detail, at=now)
            s.commit()
        return Resealed(count, older, box.sealing_key_id)


def _resealed(box: SecretBox, account_id: int, stored: str) -> str:
    try:
        secret = box.open(stored, bound_to=totp_binding(account_id))
    except SecretUnreadable:
        raise ResealRefused(
            f"Nothing was re-sealed: the second-factor secret of account {account_id} opens with none of the "
            f"clinic secret keys configured ({KEY_ENV} or the key file). Add the key it was sealed with "
            f"(after the newest one) and run this again, or reset that account's access."
        ) from None
    return box.seal(secret, bound_to=totp_binding(account_id))
