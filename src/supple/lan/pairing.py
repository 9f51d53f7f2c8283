"""Who may use the app in LAN mode: a long token (in the QR code) or a short code typed on the phone.

Both are made fresh at every start. A correct one is exchanged for a session value that goes into an
HttpOnly cookie; the token itself never becomes the cookie. Every comparison takes constant time. The
short code is the weak point (a million values), so each client (network address) gets only a few
wrong tries, and all of them together a bounded number; then the code is switched off for that client
(or for all) until the owner resets it on the computer's /lan page or restarts. An empty code is not a
try. The token keeps working throughout.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from dataclasses import dataclass, field

CODE_DIGITS = 6
MAX_CODE_FAILURES = 10  # per client
MAX_TOTAL_FAILURES = 100  # all clients together: at most 1 chance in 10 000 of guessing the code


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass
class Pairing:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    code: str = field(default_factory=lambda: f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}")
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    failures: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def total_failures(self) -> int:
        return sum(self.failures.values())

    def code_retired(self, client: str = "") -> bool:
        return self.failures.get(client, 0) >= MAX_CODE_FAILURES or self.total_failures >= MAX_TOTAL_FAILURES

    def tries_left(self, client: str = "") -> int:
        return max(0, min(MAX_CODE_FAILURES - self.failures.get(client, 0), MAX_TOTAL_FAILURES - self.total_failures))

    def token_ok(self, given: str) -> bool:
        return _same(given, self.token)

    def try_code(self, given: str, client: str = "") -> bool:
        """True for the right code while this client has tries left; a wrong try counts for this client
        (and towards the total); an empty one does not count."""
        cleaned = "".join(ch for ch in given if ch.isdigit())
        with self._lock:
            if self.code_retired(client):
                return False
            if not cleaned:
                return False
            if _same(cleaned, self.code):
                return True
            self.failures[client] = self.failures.get(client, 0) + 1
            return False

    def reset_failures(self) -> int:
        """The owner, at the computer, lets the code work again for everyone; returns the tries forgotten."""
        with self._lock:
            forgotten = self.total_failures
            self.failures.clear()
            return forgotten

    def session_ok(self, cookie: str | None) -> bool:
        return cookie is not None and _same(cookie, self.session)
