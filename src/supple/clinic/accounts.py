"""Use cases of clinic accounts: create a clinic and accounts, disable one; with the parts that log in
and out (:mod:`supple.clinic.login_sessions`) and keep second-factor secrets sealed
(:mod:`supple.clinic.second_factor_secrets`), :class:`Accounts` is the one object the doors use.

One transaction per use case. Times come from the injected clock (UTC without a zone); tests pass a
clock they move by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from supple.clinic import passwords, repository, second_factor
from supple.clinic.account_rules import account_problems, clinic_name_problems, fold_email
from supple.clinic.audit import Actor, record_in
from supple.clinic.clock import utc_now
from supple.clinic.domain import SECOND_FACTOR_ROLES, Role, SessionLimits, ThrottlePolicy
from supple.clinic.login_sessions import LoginSessions, end_session
from supple.db.clinic_models import Account, Clinic, RecoveryCode
from supple.db.secret_box import SecretKeys
from supple.errors import Conflict, InvalidInput, NotFound
from supple.problems import Limits, Problem

if TYPE_CHECKING:
    from supple.config import Settings

ISSUER = "Supple"


@dataclass(frozen=True)
class NewAccount:
    """What the new account's owner must be given once: the TOTP secret and the recovery codes."""

    account_id: int
    clinic_id: int
    totp_secret: str | None
    totp_uri: str | None
    recovery_codes: tuple[str, ...]


class Accounts(LoginSessions):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        limits: SessionLimits,
        throttle: ThrottlePolicy,
        keys: SecretKeys,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._sessions = sessions
        self.limits = limits
        self.throttle = throttle
        self.keys = keys
        self._clock = clock

    @classmethod
    def from_settings(
        cls,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Callable[[], datetime] = utc_now,
        *,
        keys: SecretKeys | None = None,
    ) -> Accounts:
        limits = SessionLimits(
            idle=timedelta(minutes=settings.clinic_session_idle_minutes),
            absolute=timedelta(hours=settings.clinic_session_absolute_hours),
        )
        throttle = ThrottlePolicy(
            max_failures=settings.clinic_login_max_failures,
            window=timedelta(minutes=settings.clinic_login_window_minutes),
        )
        return cls(sessions, limits=limits, throttle=throttle, keys=keys or SecretKeys(settings), clock=clock)

    def new_clinic_problems(
        self, name: str, *, admin_email: str, admin_name: str, password: str | None = None
    ) -> list[Problem]:
        """Every problem with a new clinic and its first admin at once (the password only when given):
        ``supple clinic init`` reports them all before asking for the password, and again after."""
        name, email = name.strip(), fold_email(admin_email)
        problems = clinic_name_problems(name) + account_problems(email, admin_name.strip(), password)
        with self._sessions() as s:
            if name and repository.clinic_by_name(s, name):
                problems.append(
                    Problem.saying(
                        "clinic", f"a clinic named '{name}' exists already", limits=Limits(text="a new name")
                    )
                )
            if email and repository.account_by_email(s, email):
                problems.append(
                    Problem.saying(
                        "email", "an account with this e-mail exists already", limits=Limits(text="a new e-mail")
                    )
                )
        return sorted(problems, key=lambda p: ("clinic", "email", "name", "password").index(p.field))

    def create_clinic(self, name: str, *, admin_email: str, admin_name: str, password: str) -> NewAccount:
        problems = self.new_clinic_problems(name, admin_email=admin_email, admin_name=admin_name, password=password)
        if problems:
            raise InvalidInput(problems)
        name = name.strip()
        with self._sessions() as s:
            if repository.clinic_by_name(s, name):  # made meanwhile by someone else
                raise Conflict(f"A clinic named '{name}' exists already.")
            clinic = Clinic(name=name, created_at=self._clock())
            s.add(clinic)
            s.flush()
            new = self._add_account(s, clinic.id, admin_email, admin_name, Role.ADMIN, password)
            s.commit()
            return new

    def create_account(self, clinic_id: int, email: str, name: str, role: Role, password: str) -> NewAccount:
        with self._sessions() as s:
            if s.get(Clinic, clinic_id) is None:
                raise NotFound(f"No clinic has the number {clinic_id}.")
            new = self._add_account(s, clinic_id, email, name, role, password)
            s.commit()
            return new

    def _add_account(self, s: Session, clinic_id: int, email: str, name: str, role: Role, password: str) -> NewAccount:
        email, name = fold_email(email), name.strip()
        problems = account_problems(email, name, password)
        if problems:
            raise InvalidInput(problems)
        if repository.account_by_email(s, email):
            raise Conflict("An account with this e-mail exists already.")
        now = self._clock()
        secret = second_factor.new_secret() if role in SECOND_FACTOR_ROLES else None
        account = Account(
            clinic_id=clinic_id,
            email=email,
            name=name,
            role=role.value,
            password_hash=passwords.hash_password(password),
            created_at=now,
            password_changed_at=now,
        )
        s.add(account)
        s.flush()
        if secret is not None:
            account.totp_secret = self.seal_totp(s, account.id, secret)
        codes = second_factor.new_recovery_codes() if secret else []
        s.add_all(RecoveryCode(account_id=account.id, code_hash=second_factor.recovery_code_hash(c)) for c in codes)
        uri = second_factor.provisioning_uri(secret, email, ISSUER) if secret else None
        return NewAccount(account.id, clinic_id, secret, uri, tuple(codes))

    def disable(self, account_id: int, *, by: Actor | None = None) -> None:
        """The account can no longer log in, and every one of its sessions ends now (logged when ``by``)."""
        with self._sessions() as s:
            account = repository.account(s, account_id)
            if account is None:
                raise NotFound(f"No account has the number {account_id}.")
            now = self._clock()
            account.disabled_at = account.disabled_at or now
            for session in repository.open_sessions(s, account_id):
                end_session(session, now, "disabled")
            if by is not None:
                record_in(s, by, "account.disable", None, f"account {account_id} ({account.role}) disabled", at=now)
            s.commit()
