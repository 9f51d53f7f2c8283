"""What a clinic admin does with the clinic's accounts: list them, make a clinician or admin account,
reset someone's access, disable and enable an account. Always within the admin's own clinic.

A new account (or a reset one) gets a one-time password, shown once to the admin to hand over; it
works for ``clinic_setup_hours`` and opens only the setup page, where the person chooses their own
password and adds the second factor to their authenticator app (``supple.clinic.security``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.clinic import passwords, repository, second_factor
from supple.clinic.account_rules import fold_email
from supple.clinic.accounts import Accounts
from supple.clinic.audit import record_in
from supple.clinic.domain import SECOND_FACTOR_ROLES, Role
from supple.clinic.login_sessions import Current, end_session
from supple.db.clinic_models import Account
from supple.errors import Conflict, InvalidInput, NotFound
from supple.problems import Limits, Problem

_WORDS = "abcdefghijkmnpqrstuvwxyz23456789"  # no l/1/o/0: read aloud or copied by hand


@dataclass(frozen=True)
class MemberView:
    id: int
    email: str
    name: str
    role: str
    disabled: bool
    setup_due_by: datetime | None


@dataclass(frozen=True)
class OneTimeAccess:
    """Shown once to the admin: the person logs in with it and sets up their own password and code."""

    account_id: int
    email: str
    one_time_password: str
    valid_until: datetime


def one_time_password() -> str:
    """20 symbols of 5 bits (100 bits), in groups of five."""
    raw = "".join(secrets.choice(_WORDS) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


class Members:
    def __init__(self, accounts: Accounts, *, setup_window: timedelta) -> None:
        self.accounts = accounts
        self.setup_window = setup_window
        self._sessions = accounts._sessions
        self._clock = accounts._clock

    def of_clinic(self, admin: Current) -> list[MemberView]:
        with self._sessions() as s:
            rows = s.scalars(select(Account).where(Account.clinic_id == admin.clinic_id).order_by(Account.name))
            return [MemberView(a.id, a.email, a.name, a.role, a.disabled_at is not None, a.setup_due_by) for a in rows]

    def create(self, admin: Current, email: str, name: str, role: Role) -> OneTimeAccess:
        """A clinician or admin account in the admin's clinic (clients join by invitation)."""
        if role not in SECOND_FACTOR_ROLES:
            raise InvalidInput(
                [
                    Problem.saying(
                        "role", "an admin makes clinician and admin accounts", limits=Limits(text="clinician or admin")
                    )
                ]
            )
        email, name, now = fold_email(email), name.strip(), self._clock()
        problems = []
        if not (3 <= len(email) <= 254 and "@" in email.strip("@")):
            problems.append(
                Problem.saying("email", "this is not an e-mail address", limits=Limits(text="name@example.org"))
            )
        if not 1 <= len(name) <= 120:
            problems.append(
                Problem.saying("name", "the person needs a name", limits=Limits(text="1 to 120", unit="characters"))
            )
        if problems:
            raise InvalidInput(problems, "Nothing was created")
        temporary = one_time_password()
        with self._sessions() as s:
            if repository.account_by_email(s, email) is not None:
                raise Conflict("An account with this e-mail exists already.")
            account = Account(
                clinic_id=admin.clinic_id,
                email=email,
                name=name,
                role=role.value,
                password_hash=passwords.hash_password(temporary),
                created_at=now,
                password_changed_at=now,
                setup_due_by=now + self.setup_window,
            )
            s.add(account)
            s.flush()
            account.totp_secret = self.accounts.seal_totp(s, account.id, second_factor.new_secret())
            record_in(s, admin, "account.create", None, f"account {account.id} ({role.value}) made", at=now)
            s.commit()
            return OneTimeAccess(account.id, email, temporary, now + self.setup_window)

    def reset_access(self, admin: Current, account_id: int) -> OneTimeAccess:
        """Lost phone or forgotten password: a new one-time password and second factor; sessions end."""
        temporary, now = one_time_password(), self._clock()
        with self._sessions() as s:
            account = self._in_clinic(s, admin, account_id)
            if account.id == admin.account_id:
                raise Conflict("Change your own password and second factor on 'Your account'.")
            account.password_hash = passwords.hash_password(temporary)
            account.setup_due_by = now + self.setup_window
            if Role(account.role) in SECOND_FACTOR_ROLES:
                account.totp_secret, account.totp_confirmed_at, account.totp_last_step = (
                    self.accounts.seal_totp(s, account.id, second_factor.new_secret()),
                    None,
                    None,
                )
            for session in repository.open_sessions(s, account.id):
                end_session(session, now, "reset")
            record_in(s, admin, "account.reset", None, f"account {account.id}: one-time password made", at=now)
            s.commit()
            return OneTimeAccess(account.id, account.email, temporary, now + self.setup_window)

    def disable(self, admin: Current, account_id: int) -> None:
        with self._sessions() as s:
            account = self._in_clinic(s, admin, account_id)
            if account.id == admin.account_id:
                raise Conflict("You cannot disable your own account; another admin can.")
        self.accounts.disable(account_id, by=admin)

    def enable(self, admin: Current, account_id: int) -> None:
        with self._sessions() as s:
            account = self._in_clinic(s, admin, account_id)
            account.disabled_at = None
            record_in(s, admin, "account.enable", None, f"account {account.id} enabled", at=self._clock())
            s.commit()

    def _in_clinic(self, s: Session, admin: Current, account_id: int) -> Account:
        account = repository.account(s, account_id)
        if account is None or account.clinic_id != admin.clinic_id:  # another clinic's: as if missing
            raise NotFound(f"Your clinic has no account with the number {account_id}.")
        return account
