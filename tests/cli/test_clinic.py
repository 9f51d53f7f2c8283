"""`supple clinic init`: a clinic and its first admin, from a script or a prompt that hides the password."""

from __future__ import annotations

import io
import re
import stat
from pathlib import Path

import pexpect
from sqlalchemy import create_engine, select

from supple.db.clinic_models import Account, Clinic
from tests.cli.runner import SUPPLE, cli_env, output, run


def _accounts(db: Path) -> list[tuple[str, str, str]]:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(Clinic.name, Account.email, Account.role).join(Account)).all()
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
    finally:
        engine.dispose()


def test_clinic_init_reads_the_password_from_stdin_and_shows_the_second_factor_once(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        *("clinic", "init", "--name", "Riverside Physio", "--admin-email", "Ada@Example.org"),
        *("--admin-name", "Ada Lee", "--password-stdin"),
        input="blue heron at dawn\n",
    )
    assert result.returncode == 0, result.stderr
    assert _accounts(tmp_path / "s.db") == [("Riverside Physio", "ada@example.org", "admin")]
    assert "otpauth://totp/Supple:ada%40example.org?secret=" in result.stdout
    assert len(re.findall(r"^  [A-Z2-9]{4}(?:-[A-Z2-9]{4}){5}$", result.stdout, re.M)) == 10
    assert "blue heron" not in result.stdout + result.stderr
    secret = re.search(r"^  secret: ([A-Z2-7]+)$", result.stdout, re.M)
    key = re.search(r"stored encrypted with the key in (\S+)\.$", result.stdout, re.M)
    assert secret is not None
    assert key is not None
    assert stat.S_IMODE(Path(key[1]).stat().st_mode) == 0o600  # told where the key is, to copy it
    engine = create_engine(f"sqlite:///{tmp_path / 's.db'}")
    try:
        with engine.connect() as conn:
            stored = str(conn.scalar(select(Account.totp_secret)))
    finally:
        engine.dispose()
    assert stored.startswith("v1.")
    assert secret[1] not in stored  # the database holds the secret encrypted only


def test_clinic_init_refuses_a_common_password_naming_the_field_and_writes_nothing(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        *("clinic", "init", "--name", "Riverside Physio", "--admin-email", "ada@example.org"),
        *("--admin-name", "Ada Lee"),
        env={"SUPPLE_CLINIC_ADMIN_PASSWORD": "password1"},
    )
    assert result.returncode == 2
    assert "password: This password is one of the most common ones" in output(result)
    assert _accounts(tmp_path / "s.db") == []


def test_clinic_init_asks_for_the_password_twice_without_echoing_it(tmp_path: Path) -> None:
    args = ["--db", str(tmp_path / "s.db"), "clinic", "init", "--name", "Hill Clinic"]
    args += ["--admin-email", "bo@example.org", "--admin-name", "Bo"]
    child = pexpect.spawn(SUPPLE, args, env=cli_env(tmp_path), encoding="utf-8", timeout=60)
    seen = io.StringIO()
    child.logfile_read = seen  # everything the terminal showed
    try:
        child.expect("Password for the admin: ")
        child.sendline("quiet meadow lantern")
        child.expect("Repeat for confirmation: ")
        child.sendline("quiet meadow lantern")
        child.expect("Next: supple serve --clinic")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Repeat for confirmation" in seen.getvalue()
    assert "quiet meadow" not in seen.getvalue()
    assert _accounts(tmp_path / "s.db") == [("Hill Clinic", "bo@example.org", "admin")]


def test_clinic_init_reports_every_problem_of_its_options_at_once_before_asking_for_the_password(
    tmp_path: Path,
) -> None:
    result = run(tmp_path, *("clinic", "init", "--name", " ", "--admin-email", "nope", "--admin-name", ""))
    assert result.returncode == 2
    said = output(result)
    assert "3 problems" in said
    assert "--name: the clinic needs a name. Allowed: 1 to 120 characters." in said
    assert "--admin-email: this is not an e-mail address" in said
    assert "--admin-name: the person needs a name. Allowed: 1 to 120 characters." in said
    assert "Password for the admin" not in said  # not asked: the options were wrong
    assert _accounts(tmp_path / "s.db") == []


def test_clinic_init_reports_a_taken_name_and_e_mail_together(tmp_path: Path) -> None:
    first = ("clinic", "init", "--name", "Hill Clinic", "--admin-email", "bo@example.org", "--admin-name", "Bo")
    assert run(tmp_path, *first, "--password-stdin", input="quiet meadow lantern\n").returncode == 0
    again = run(tmp_path, *first, "--password-stdin", input="quiet meadow lantern\n")
    assert again.returncode == 2
    said = output(again)
    assert "--name: a clinic named 'Hill Clinic' exists already" in said
    assert "--admin-email: an account with this e-mail exists already" in said
    other = ("clinic", "init", "--name", "Dale", "--admin-email", "x", "--admin-name", "Di", "--password-stdin")
    weak = run(tmp_path, *other, input="password1\n")
    assert "--admin-email: this is not an e-mail address" in output(weak)
    assert "Password for the admin" not in output(weak)


def test_clinic_reseal_after_a_rotation_reseals_everything_with_the_newest_key_then_the_old_one_can_go(
    tmp_path: Path,
) -> None:
    from supple.db.secret_box import SecretBox, new_key

    old, new = new_key(), new_key()
    made = run(
        tmp_path,
        *("clinic", "init", "--name", "Riverside", "--admin-email", "ada@example.org", "--admin-name", "Ada"),
        "--password-stdin",
        input="blue heron at dawn\n",
        env={"SUPPLE_CLINIC_SECRET_KEY": old},
    )
    assert made.returncode == 0, made.stderr
    resealed = run(tmp_path, "clinic", "reseal", env={"SUPPLE_CLINIC_SECRET_KEY": f"{new},{old}"})
    assert resealed.returncode == 0, resealed.stderr
    new_id = SecretBox.of(new).sealing_key_id
    assert "Re-sealed 1 second-factor secret (1 had been sealed with an older key)." in resealed.stdout
    assert f"Key {new_id} (the newest) now seals them all" in resealed.stdout
    engine = create_engine(f"sqlite:///{tmp_path / 's.db'}")
    try:
        with engine.connect() as conn:
            assert str(conn.scalar(select(Account.totp_secret))).startswith(f"v1.{new_id}.")
    finally:
        engine.dispose()
    lost = run(tmp_path, "clinic", "reseal", env={"SUPPLE_CLINIC_SECRET_KEY": old})  # the newest key left out
    assert lost.returncode == 2
    assert "the second-factor secret of account 1 opens with none of the clinic secret keys" in output(lost)
    assert "Traceback" not in lost.stderr


def test_clinic_reseal_without_a_key_says_where_it_goes_and_exits_2(tmp_path: Path) -> None:
    result = run(tmp_path, "clinic", "reseal")
    assert result.returncode == 2
    assert "Nothing was re-sealed" in output(result)
    assert "SUPPLE_CLINIC_SECRET_KEY" in output(result)
    assert not list(tmp_path.rglob("clinic-secret.key"))  # a re-seal never makes a key
