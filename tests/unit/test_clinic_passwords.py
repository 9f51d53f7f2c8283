"""Clinic passwords: argon2id at or above the OWASP minimum, common passwords refused, no composition rules."""

from __future__ import annotations

import re
from importlib import resources

from supple.clinic import passwords
from supple.clinic.domain import MIN_PASSWORD_LENGTH, password_problem

# OWASP Password Storage Cheat Sheet: argon2id with at least m = 19 MiB, t = 2, p = 1.
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME = 2
OWASP_MIN_PARALLELISM = 1


def _parameters(stored: str) -> dict[str, int]:
    match = re.fullmatch(r"\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+", stored)
    assert match, f"not an argon2id hash: {stored!r}"
    m, t, p = (int(g) for g in match.groups())
    return {"m": m, "t": t, "p": p}


def test_a_stored_hash_is_argon2id_with_parameters_at_or_above_the_owasp_minimum() -> None:
    params = _parameters(passwords.hash_password("a long pass phrase"))
    assert params["m"] >= OWASP_MIN_MEMORY_KIB
    assert params["t"] >= OWASP_MIN_TIME
    assert params["p"] >= OWASP_MIN_PARALLELISM
    assert params == {"m": passwords.MEMORY_KIB, "t": passwords.TIME_COST, "p": passwords.PARALLELISM}


def test_the_same_password_hashes_differently_each_time_and_verifies_only_itself() -> None:
    first, second = passwords.hash_password("correct horse"), passwords.hash_password("correct horse")
    assert first != second  # a random salt each time
    assert passwords.verify_password("correct horse", first)[0]
    assert not passwords.verify_password("correct horsf", first)[0]


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_the_next_successful_check() -> None:
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    weak = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=OWASP_MIN_MEMORY_KIB, parallelism=1),))
    ok, new_hash = passwords.verify_password("pass phrase here", weak.hash("pass phrase here"))
    assert ok
    assert new_hash is not None
    assert _parameters(new_hash)["m"] == passwords.MEMORY_KIB


def test_the_common_password_list_has_ten_thousand_entries_and_ships_with_its_licence() -> None:
    common = passwords.common_passwords()
    assert 9_000 <= len(common) <= 10_000  # a few entries fold to the same word
    assert {"password", "123456", "qwerty", "iloveyou"} <= common
    licence = resources.files("supple.clinic").joinpath("data/common-passwords.LICENSE").read_text()
    assert "MIT License" in licence


def test_a_common_password_is_refused_whatever_its_letter_case() -> None:
    common = passwords.common_passwords()
    for word in ("password", "PassWord1", "12345678", "baseball", "sunshine"):
        assert word.casefold() in common, word
        problem = password_problem(word, common)
        assert problem is not None
        assert "common" in problem


def test_a_password_shorter_than_eight_characters_is_refused_and_says_how_long_it_is() -> None:
    problem = password_problem("k7#Qz!m", frozenset())
    assert problem == f"The password must have at least {MIN_PASSWORD_LENGTH} characters (it has 7)."


def test_no_composition_rule_applies_a_long_lower_case_phrase_is_fine() -> None:
    assert password_problem("purple kettle under the stairs", passwords.common_passwords()) is None
    assert password_problem("zqxwvjkh", passwords.common_passwords()) is None


def test_the_password_may_not_be_the_persons_own_email_or_name() -> None:
    problem = password_problem("Ann.Lee@example.org", frozenset(), user_words=("ann.lee@example.org", "ann.lee"))
    assert problem == "The password must not be your e-mail address or your name."


def test_the_no_account_hash_costs_what_a_real_check_costs() -> None:
    """A login for an e-mail with no account checks DUMMY_HASH: same algorithm and parameters as a stored
    hash, so the time taken does not tell whether the account exists."""
    assert _parameters(passwords.DUMMY_HASH) == _parameters(passwords.hash_password("a long pass phrase"))
    assert passwords.verify_password("", passwords.DUMMY_HASH) == (False, None)
