"""Clinic mode costs home mode nothing at start-up: its hashing and TOTP libraries load on first use."""

from __future__ import annotations

import subprocess
import sys

CLINIC_LIBRARIES = ("pwdlib", "argon2", "pyotp")


def test_starting_the_cli_or_the_store_loads_no_password_or_totp_library() -> None:
    code = (
        "import sys, supple.cli.main, supple.db.models, supple.clinic.accounts; "
        f"print([m for m in {CLINIC_LIBRARIES!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_checking_a_password_does_load_argon2() -> None:
    code = "import sys; from supple.clinic import passwords; passwords.hasher(); print('argon2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
