"""Pure rules of clinic accounts: roles, the password policy, session lifetimes and login throttling.

No I/O and no framework here; the service passes in the clock's time and what it read from the store.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256  # long enough for any pass phrase; bounds the hashing work per attempt


class Role(StrEnum):
    CLIENT = "client"
    CLINICIAN = "clinician"
    ADMIN = "admin"


#: Roles that must use a second factor (TOTP) before they can reach anything but its enrolment.
SECOND_FACTOR_ROLES = frozenset({Role.CLINICIAN, Role.ADMIN})


def password_problem(password: str, common: Container[str], *, user_words: tuple[str, ...] = ()) -> str | None:
    """Why this password is refused, in plain words, or None when it is acceptable.

    NIST SP 800-63B / OWASP ASVS 5.0 v6.2: at least 8 characters, no composition rules, refuse
    passwords found in a list of common ones (and the person's own e-mail or name).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must have at least {MIN_PASSWORD_LENGTH} characters (it has {len(password)})."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password must have at most {MAX_PASSWORD_LENGTH} characters (it has {len(password)})."
    folded = password.casefold()
    if folded in common:
        return "This password is one of the most common ones, so it is easy to guess. Please choose another."
    if any(word and folded == word.casefold() for word in user_words):
        return "The password must not be your e-mail address or your name."
    return None


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta
    absolute: timedelta


def session_end_reason(
    created_at: datetime, last_seen_at: datetime, now: datetime, limits: SessionLimits
) -> str | None:
    """'expired' past the absolute lifetime, 'idle' past the idle time, else None (still valid)."""
    if now - created_at >= limits.absolute:
        return "expired"
    if now - last_seen_at >= limits.idle:
        return "idle"
    return None


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int
    window: timedelta


def throttled_until(failures: list[datetime], now: datetime, policy: ThrottlePolicy) -> datetime | None:
    """When the next attempt is allowed, given the failed attempts since the last success (any order).

    After ``max_failures`` failures within ``window`` no password is even checked until the oldest of
    those failures leaves the window.
    """
    recent = sorted(at for at in failures if now - at < policy.window)
    if len(recent) < policy.max_failures:
        return None
    return recent[-policy.max_failures] + policy.window
