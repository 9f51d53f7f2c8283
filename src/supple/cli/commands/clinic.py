"""`supple clinic …`: set up clinic mode (issue 17). Home mode never needs these commands."""

from __future__ import annotations

import os
import sys
from dataclasses import replace

import click

from supple.cli.state import CliState, friendly, pass_state
from supple.errors import InvalidInput

PASSWORD_ENV = "SUPPLE_CLINIC_ADMIN_PASSWORD"


@click.group()
def clinic() -> None:
    """Clinic mode: accounts for clients, clinicians and clinic admins (see docs/clinic.md)."""


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return str(click.prompt("Password for the admin", hide_input=True, confirmation_prompt=True))


OPTIONS = {"clinic": "--name", "email": "--admin-email", "name": "--admin-name"}


def _as_options(err: InvalidInput) -> InvalidInput:
    """The problems named by the command's options (``--admin-email``), as the person typed them."""
    return InvalidInput([replace(p, loc=(OPTIONS.get(p.field, p.field),)) for p in err.problems])


@clinic.command("init")
@click.option(
    "--name", "clinic_name", required=True, help="The clinic's name, as people know it (1 to 120 characters)."
)
@click.option("--admin-email", required=True, help="E-mail address the first admin logs in with.")
@click.option("--admin-name", required=True, help="The first admin's name (1 to 120 characters).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help=f"Read the admin's password from the first line of standard input (for scripts). Otherwise it is read "
    f"from {PASSWORD_ENV}, or asked for without showing it.",
)
@pass_state
@friendly
def init(state: CliState, clinic_name: str, admin_email: str, admin_name: str, password_stdin: bool) -> None:
    """Create a clinic and its first admin, and show the admin's second factor once."""
    from supple.clinic.accounts import Accounts

    accounts = Accounts.from_settings(state.app.sessions, state.app.settings, keys=state.app.secret_keys)
    # Every problem with the options at once, before the password is asked for; then with the password.
    problems = accounts.new_clinic_problems(clinic_name, admin_email=admin_email, admin_name=admin_name)
    if problems:
        raise _as_options(InvalidInput(problems))
    password = _password(password_stdin)
    try:
        new = accounts.create_clinic(clinic_name, admin_email=admin_email, admin_name=admin_name, password=password)
    except InvalidInput as err:
        raise _as_options(err) from None
    click.echo(f"Clinic '{clinic_name.strip()}' is ready; its admin logs in as {admin_email.strip().casefold()}.")
    click.echo("")
    click.echo("Second factor — add it to an authenticator app now; it is shown only this once:")
    click.echo(f"  secret: {new.totp_secret}")
    click.echo(f"  link:   {new.totp_uri}")
    click.echo("")
    click.echo("Recovery codes — each works once instead of an app code; keep them somewhere safe:")
    for code in new.recovery_codes:
        click.echo(f"  {code}")
    click.echo("")
    from supple.clinic.second_factor_secrets import SECRET_KEY_ENV, secret_key_file

    kept = secret_key_file(state.app.settings)
    if kept is not None:
        click.echo(f"Second-factor secrets are stored encrypted with the key in {kept}.")
        click.echo(f"Copy it to every machine that runs Supple for this clinic (or set {SECRET_KEY_ENV} there),")
        click.echo("and keep it out of the database's backups: without it no second factor can be checked.")
        click.echo("")
    click.echo("Next: supple serve --clinic")


@clinic.command("reseal")
@pass_state
@friendly
def reseal(state: CliState) -> None:
    """Re-encrypt every second-factor secret with the newest clinic secret key.

    The newest key is the first one in SUPPLE_CLINIC_SECRET_KEY (or in the key file). All secrets are
    re-sealed in one go, or none is. Then the older key can be removed (docs/clinic.md, "Rotating the
    clinic secret key")."""
    from supple.clinic.accounts import Accounts

    accounts = Accounts.from_settings(state.app.sessions, state.app.settings, keys=state.app.secret_keys)
    resealed = accounts.reseal_second_factors()
    click.echo(
        f"Re-sealed {resealed.count} second-factor secret{'' if resealed.count == 1 else 's'} "
        f"({resealed.from_older_keys} had been sealed with an older key)."
    )
    click.echo(f"Key {resealed.key_id} (the newest) now seals them all; the older keys can be removed.")


COMMANDS = [clinic]
