"""Secrets the server must read back, kept encrypted at rest: the TOTP secrets of clinicians and admins
(issue 17; ASVS 5.0 11.3 / 14.2). AES-256-GCM from ``cryptography``; each value is bound to its
account and its use (the associated data), so a sealed secret copied onto another account's row does
not open there.

Stored form: ``v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>``; the key id (8 hex digits of the
key's SHA-256) says which key sealed it, so keys can be rotated: the first key seals, every key given
opens.

The key lives outside the database: ``SUPPLE_CLINIC_SECRET_KEY`` (one or more base64url 32-byte keys,
comma-separated, newest first), or else the file ``clinic-secret.key`` in the data folder (readable by
its owner only), made by ``supple clinic init`` (or by the migration that encrypts the secrets stored
before) when neither exists. A database backup alone does not reveal a second factor.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from supple.errors import SuppleError

if TYPE_CHECKING:
    from supple.config import Settings

KEY_FILE = "clinic-secret.key"
KEY_ENV = "SUPPLE_CLINIC_SECRET_KEY"
PREFIX = "v1"
_NONCE = 12
UNREADABLE = "A second-factor secret cannot be read with the clinic secret keys configured."


class SecretKeyMissing(SuppleError):
    """Clinic mode has second-factor secrets to read or write but no key to do it with."""


class SecretUnreadable(SuppleError):
    """A sealed value that none of the keys opens (a wrong or missing key, or a value moved between rows)."""


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _decode_key(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise SecretKeyMissing(
            f"A clinic secret key must be 32 random bytes written in base64url (44 characters, from "
            f"'supple clinic init' or `python -c \"import secrets,base64; "
            f'print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())"`); one given has '
            f"{len(raw)} bytes."
        )
    return raw


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


@dataclass(frozen=True)
class SecretBox:
    keys: tuple[bytes, ...]  # the first seals; all open

    @classmethod
    def of(cls, *keys: str) -> SecretBox:
        found = tuple(_decode_key(k) for k in keys if k.strip())
        if not found:
            raise SecretKeyMissing("No clinic secret key was given.")
        return cls(found)

    @property
    def sealing_key_id(self) -> str:
        """The id of the key new values are sealed with (the first, newest one)."""
        return _key_id(self.keys[0])

    @staticmethod
    def key_id_of(value: str) -> str:
        """The id of the key a sealed value names ("" for a value that is not sealed)."""
        prefix, key_id, _ = ([*value.split(".", 2), "", ""])[:3]
        return key_id if prefix == PREFIX else ""

    def derive(self, purpose: bytes) -> tuple[bytes, ...]:
        """A 32-byte secret for another use, from each key (newest first): HKDF-SHA256 with ``purpose``
        as its label, so the keys themselves are never used for anything but sealing, and every
        process given the same keys derives the same secrets."""
        from cryptography.hazmat.primitives.hashes import SHA256
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return tuple(HKDF(algorithm=SHA256(), length=32, salt=None, info=purpose).derive(k) for k in self.keys)

    @staticmethod
    def is_sealed(value: str) -> bool:
        return value.startswith(PREFIX + ".")

    def seal(self, secret: str, *, bound_to: str) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        key = self.keys[0]
        nonce = secrets.token_bytes(_NONCE)
        sealed = AESGCM(key).encrypt(nonce, secret.encode(), bound_to.encode())
        return f"{PREFIX}.{_key_id(key)}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, value: str, *, bound_to: str) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        prefix, key_id, body = ([*value.split(".", 2), "", ""])[:3]
        key = next((k for k in self.keys if _key_id(k) == key_id), None)
        if prefix != PREFIX or key is None:
            raise SecretUnreadable(UNREADABLE)
        try:
            raw = base64.urlsafe_b64decode(body.encode())
            return AESGCM(key).decrypt(raw[:_NONCE], raw[_NONCE:], bound_to.encode()).decode()
        except (ValueError, InvalidTag):
            raise SecretUnreadable(UNREADABLE) from None


def totp_binding(account_id: int) -> str:
    """What a TOTP secret (current or pending) is bound to: its account."""
    return f"supple.account.{account_id}.totp"


def key_file(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def box_from_settings(settings: Settings, *, create: bool = False) -> SecretBox:
    """The keys from ``SUPPLE_CLINIC_SECRET_KEY``, else from the key file; with ``create``, a new key file
    (owner-only, never overwritten: a second process that races reads the first one's key)."""
    given = settings.clinic_secret_key.get_secret_value() if settings.clinic_secret_key else ""
    if given.strip():
        return SecretBox.of(*given.split(","))
    path = key_file(settings)
    if not path.exists() and create:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(new_key() + "\n")
    if not path.exists():
        raise SecretKeyMissing(
            f"Clinic mode keeps second-factor secrets encrypted and needs its key: set {KEY_ENV}, or put the "
            f"key file {path} on this machine (made by 'supple clinic init')."
        )
    return SecretBox.of(*path.read_text().replace("\n", ",").split(","))


class SecretKeys:
    """The clinic's keys, read when first needed and then kept (one per app). ``box(may_create=...)``
    makes the key file only when the clinic has no sealed secret yet (its first second factor): a
    machine missing the key must never seal with a new one the other machines cannot open."""

    def __init__(self, settings: Settings | None = None, *, box: SecretBox | None = None) -> None:
        self._settings = settings
        self._box = box

    def box(self, *, may_create: bool = False) -> SecretBox:
        if self._box is None:
            if self._settings is None:
                raise SecretKeyMissing("No clinic secret key was given.")
            self._box = box_from_settings(self._settings, create=may_create)
        return self._box

    def derived(self, purpose: bytes) -> tuple[bytes, ...]:
        """Secrets derived from the keys for ``purpose`` (newest first); none while no key is configured
        (the key file is never made here)."""
        try:
            return self.box().derive(purpose)
        except SecretKeyMissing:
            return ()
