"""TOTP (RFC 6238, through pyotp) and one-time recovery codes.

A code is accepted once: the service stores the last time step used, and a code of that step or an
earlier one is refused (no replay within the ±1 step window). Recovery codes carry 120 random bits,
so a plain SHA-256 of each is enough to store; each one is marked used when it opens a session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

STEP_SECONDS = 30
WINDOW_STEPS = 1  # accept the previous and the next code too, for clocks a little apart
RECOVERY_CODES = 10
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, no 0/O or 1/I: 5 bits each
_RECOVERY_SYMBOLS = 24  # 120 bits: at or above 112, so a plain SHA-256 is enough (ASVS 5.0 6.5.2)


def new_secret() -> str:
    import pyotp

    return pyotp.random_base32()  # 160 bits (32 base32 characters)


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def _timestamp(now: datetime) -> int:
    """Seconds since the epoch; a naive time is taken as UTC (the store keeps UTC without a zone)."""
    aware = now if now.tzinfo else now.replace(tzinfo=UTC)
    return int(aware.timestamp())


def code_at(secret: str, now: datetime) -> str:
    import pyotp

    return pyotp.TOTP(secret).at(_timestamp(now))


def matching_step(secret: str, code: str, now: datetime, *, after_step: int | None) -> int | None:
    """The time step whose code equals ``code`` within the window, later than ``after_step``; else None."""
    import pyotp

    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = _timestamp(now) // STEP_SECONDS
    found = None
    for step in range(current - WINDOW_STEPS, current + WINDOW_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (after_step is None or step > after_step):
            found = step
    return found


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Codes shown once, written as six groups of four: ABCD-EFGH-JKLM-NPQR-STUV-WXYZ."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(_RECOVERY_SYMBOLS))
        codes.append("-".join(raw[i : i + 4] for i in range(0, _RECOVERY_SYMBOLS, 4)))
    return codes


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def recovery_code_hash(code: str) -> str:
    return hashlib.sha256(normalise_recovery_code(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise_recovery_code(code)) == _RECOVERY_SYMBOLS
