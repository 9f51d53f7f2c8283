"""Who may use the app in LAN mode: a long token (in the QR code) or a short code typed on the phone.

Both are made fresh at every start. A correct one is exchanged for a session value that goes into an
HttpOnly cookie; the token itself never becomes the cookie. Every comparison takes constant time. The
short code is the weak point (a million values), so it allows only a few wrong tries in all, from any
address, and is then switched off until the next start; the token keeps working.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass, field

CODE_DIGITS = 6
MAX_CODE_FAILURES = 10


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass
class Pairing:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    code: str = field(default_factory=lambda: f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}")
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    failures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def code_retired(self) -> bool:
        return self.failures >= MAX_CODE_FAILURES

    @property
    def tries_left(self) -> int:
        return max(0, MAX_CODE_FAILURES - self.failures)

    def token_ok(self, given: str) -> bool:
        return _same(given, self.token)

    def try_code(self, given: str) -> bool:
        """True for the right code while tries are left; every wrong try counts, wherever it comes from."""
        cleaned = "".join(ch for ch in given if ch.isdigit())
        with self._lock:
            if self.code_retired:
                return False
            if _same(cleaned, self.code):
                return True
            self.failures += 1
            return False

    def session_ok(self, cookie: str | None) -> bool:
        return cookie is not None and _same(cookie, self.session)
