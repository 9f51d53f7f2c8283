"""Pairing and the certificate of LAN mode, without a server."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

from cryptography import x509

from supple.lan.address import is_loopback, lan_address
from supple.lan.certificate import ensure_certificate, fingerprint
from supple.lan.pairing import MAX_CODE_FAILURES, MAX_TOTAL_FAILURES, Pairing


def test_each_start_gets_its_own_long_token_and_six_digit_code() -> None:
    a, b = Pairing(), Pairing()
    assert len(a.token) >= 40
    assert a.token != b.token
    assert a.session != a.token
    assert len(a.code) == 6
    assert a.code.isdigit()


def test_the_code_allows_only_a_few_wrong_tries_per_client() -> None:
    p = Pairing(code="123456")
    assert p.try_code(" 123 456 ")  # spaces as people type them are fine
    for n in range(MAX_CODE_FAILURES):
        assert not p.try_code(f"{n:06d}", "10.0.0.9")
    assert p.code_retired("10.0.0.9")
    assert p.tries_left("10.0.0.9") == 0
    assert not p.try_code("123456", "10.0.0.9")  # even the right code, once switched off for that client
    assert p.try_code("123456", "10.0.0.5")  # another device (the owner's phone) is not locked out
    assert p.token_ok(p.token)  # the token from the QR code still works
    assert not p.token_ok(p.token[:-1])
    assert not p.token_ok("")


def test_sessions_are_checked_exactly() -> None:
    p = Pairing()
    assert p.session_ok(p.session)
    assert not p.session_ok(None)
    assert not p.session_ok(p.session + "x")
    assert not p.session_ok("ü")


def test_the_certificate_is_made_once_and_kept(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path / "lan", ["192.168.1.20", "127.0.0.1"])
    assert first.made_now
    assert stat.S_IMODE(first.key_file.stat().st_mode) == 0o600
    cert = x509.load_pem_x509_certificate(first.cert_file.read_bytes())
    assert fingerprint(cert) == first.fingerprint
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} == {"192.168.1.20", "127.0.0.1"}
    again = ensure_certificate(tmp_path / "lan", ["127.0.0.1"])
    assert not again.made_now
    assert again.fingerprint == first.fingerprint
    # A new network address is not in the certificate: a new one is made (and its fingerprint shown).
    moved = ensure_certificate(tmp_path / "lan", ["10.0.0.7", "127.0.0.1"])
    assert moved.made_now
    assert moved.fingerprint != first.fingerprint
    # An expired certificate is replaced too.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=4000)
    assert ensure_certificate(tmp_path / "lan", ["10.0.0.7"], now=later).made_now


def test_addresses() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("192.168.1.20")
    assert lan_address().count(".") == 3


def test_empty_codes_do_not_count_and_the_owner_can_reset_the_tries() -> None:
    p = Pairing(code="123456")
    for _ in range(50):
        assert not p.try_code("", "10.0.0.9")
        assert not p.try_code("  - ", "10.0.0.9")
    assert p.tries_left("10.0.0.9") == MAX_CODE_FAILURES
    for n in range(MAX_CODE_FAILURES):
        p.try_code(f"{n:06d}", "10.0.0.9")
    assert p.code_retired("10.0.0.9")
    assert p.reset_failures() == MAX_CODE_FAILURES
    assert not p.code_retired("10.0.0.9")
    assert p.try_code("123456", "10.0.0.9")


def test_many_clients_together_cannot_guess_for_ever() -> None:
    p = Pairing(code="999999")
    for client in range(MAX_TOTAL_FAILURES // MAX_CODE_FAILURES):
        for n in range(MAX_CODE_FAILURES):
            p.try_code(f"{n:06d}", f"10.0.{client}.1")
    assert p.code_retired("10.9.9.9")  # switched off for everyone once the total is reached
    assert p.token_ok(p.token)
