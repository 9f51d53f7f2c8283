"""Password hashing (argon2id through pwdlib) and the list of common passwords.

Parameters: m = 32 MiB, t = 2, p = 1, above the OWASP minimum (m = 19 MiB, t = 2, p = 1): a median
of 162 ms per check on the 2-core development machine under load. RFC 9106's "low memory" profile
(m = 64 MiB, t = 3, p = 4) took 0.7 to 1.2 s there (benchmarks/password_hashing.py): too slow for a
login and an easy way to load the server. One lane (p = 1) keeps the cost predictable. A stored hash
with other parameters is replaced at the next successful login (``verify_and_update``).
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pwdlib import PasswordHash

MEMORY_KIB = 32 * 1024
TIME_COST = 2
PARALLELISM = 1


# Checked when no account has the e-mail given, so a login takes as long either way: a hash (of a
# phrase no one can type at the login form) made once with the parameters above, so checking it costs
# what checking a real one costs. tests/unit/test_clinic_passwords.py keeps the two in step.
DUMMY_HASH = "$argon2id$v=19$m=32768,t=2,p=1$dWGJVSCTEQravWxFYJJcZw$+y+CVN+Ee5tLCo/XuQI7KWy+wiigGkwqosalskei0oE"


def hasher() -> PasswordHash:
    """The hasher (made per call: about 2 µs, next to the 160 ms a check takes; no module state)."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM),))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password: str, stored: str) -> tuple[bool, str | None]:
    """(matches, a new hash to store when the stored one used older parameters)."""
    return hasher().verify_and_update(password, stored)


def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords (data/common-passwords.txt, MIT, from zxcvbn), folded."""
    text = resources.files("supple.clinic").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#"))
