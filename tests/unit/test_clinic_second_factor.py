"""TOTP codes against a controlled clock, and recovery codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from supple.clinic import second_factor
from supple.clinic.domain import SessionLimits, ThrottlePolicy, session_end_reason, throttled_until

# RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 (8 digits) at 59 s;
# the 6-digit code is its last six digits.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
T0 = datetime(2026, 3, 2, 8, 0, 0)


def test_the_totp_code_matches_the_rfc_6238_test_vector() -> None:
    assert second_factor.code_at(RFC_SECRET, datetime(1970, 1, 1, 0, 0, 59)) == "287082"
    assert second_factor.code_at(RFC_SECRET, datetime(2005, 3, 18, 1, 58, 29, tzinfo=UTC)) == "081804"


def test_a_code_is_accepted_one_step_early_or_late_but_not_two() -> None:
    secret = second_factor.new_secret()
    code = second_factor.code_at(secret, T0)
    step = int(T0.replace(tzinfo=UTC).timestamp()) // 30
    assert second_factor.matching_step(secret, code, T0, after_step=None) == step
    assert second_factor.matching_step(secret, code, T0 + timedelta(seconds=30), after_step=None) == step
    assert second_factor.matching_step(secret, code, T0 - timedelta(seconds=30), after_step=None) == step
    assert second_factor.matching_step(secret, code, T0 + timedelta(seconds=61), after_step=None) is None
    assert second_factor.matching_step(secret, code, T0 - timedelta(seconds=61), after_step=None) is None


def test_a_code_already_used_is_refused_the_second_time() -> None:
    secret = second_factor.new_secret()
    code = second_factor.code_at(secret, T0)
    step = second_factor.matching_step(secret, code, T0, after_step=None)
    assert step is not None
    assert second_factor.matching_step(secret, code, T0 + timedelta(seconds=5), after_step=step) is None


def test_a_malformed_code_is_refused_without_error() -> None:
    secret = second_factor.new_secret()
    for code in ("", "12345", "1234567", "abcdef", "12 34 5x"):
        assert second_factor.matching_step(secret, code, T0, after_step=None) is None


def test_the_provisioning_uri_names_the_issuer_and_the_account() -> None:
    uri = second_factor.provisioning_uri(RFC_SECRET, "ann@example.org", "Supple")
    assert uri.startswith("otpauth://totp/Supple:ann%40example.org?")
    assert f"secret={RFC_SECRET}" in uri


def test_recovery_codes_are_ten_different_codes_of_120_bits_and_their_hash_ignores_dashes_and_case() -> None:
    codes = second_factor.new_recovery_codes()
    assert len(set(codes)) == 10
    for code in codes:
        assert len(code) == 29  # 24 symbols of 5 bits (ASVS 5.0 6.5.2: 112 bits or more for a plain hash)
        assert code.count("-") == 5
        assert second_factor.looks_like_recovery_code(code)
    code = codes[0]
    assert second_factor.recovery_code_hash(code) == second_factor.recovery_code_hash(code.lower().replace("-", " "))
    assert second_factor.recovery_code_hash(code) != second_factor.recovery_code_hash(codes[1])


def test_a_session_ends_when_idle_too_long_or_past_its_absolute_lifetime() -> None:
    limits = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
    assert session_end_reason(T0, T0, T0 + timedelta(minutes=29), limits) is None
    assert session_end_reason(T0, T0, T0 + timedelta(minutes=30), limits) == "idle"
    busy = T0 + timedelta(hours=12) - timedelta(minutes=1)
    assert session_end_reason(T0, busy, busy, limits) is None
    assert session_end_reason(T0, busy, T0 + timedelta(hours=12), limits) == "expired"


def test_throttling_starts_at_the_fifth_failure_in_the_window_and_lifts_when_the_oldest_leaves_it() -> None:
    policy = ThrottlePolicy(max_failures=5, window=timedelta(minutes=15))
    failures = [T0 + timedelta(minutes=i) for i in range(4)]
    assert throttled_until(failures, T0 + timedelta(minutes=4), policy) is None
    failures.append(T0 + timedelta(minutes=4))
    assert throttled_until(failures, T0 + timedelta(minutes=5), policy) == T0 + timedelta(minutes=15)
    assert throttled_until(failures, T0 + timedelta(minutes=15), policy) is None
