"""Account security in clinic mode: re-authentication, your password, e-mail and second factor, and
the setup of an account an admin made (one-time password, then your own password and second factor).

Changing the e-mail, the password or the second factor needs a re-authentication (password and
code) within the last few minutes (``clinic_reauth_minutes``); a login counts as one. A failed
re-authentication counts towards the login throttle of the account's e-mail. Every change is
logged in the access and change log in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy.orm import Session

from supple.clinic import passwords, repository, second_factor
from supple.clinic.account_rules import fold_email
from supple.clinic.accounts import ISSUER, Accounts
from supple.clinic.audit import record_in
from supple.clinic.domain import SECOND_FACTOR_ROLES, Role, password_problem, throttled_until
from supple.clinic.login_sessions import (
    Current,
    Login,
    LoginRefused,
    LoginThrottled,
    end_session,
    new_session,
    token_hash,
)
from supple.db.clinic_models import Account, AuthSession, LoginAttempt, RecoveryCode
from supple.errors import Conflict, InvalidInput, SuppleError
from supple.problems import Limits, Problem


class ReauthenticationNeeded(SuppleError):
    code = "reauthentication-needed"
    http_status = 401

    def __init__(self) -> None:
        super().__init__("For this change, confirm it is you: enter your password and a code again.")


@dataclass(frozen=True)
class Enrolment:
    """A second factor to add to an authenticator app (typed in, or read from the QR code)."""

    secret: str
    uri: str


@dataclass(frozen=True)
class SetupDone:
    login: Login  # a full session, with a new token
    recovery_codes: tuple[str, ...]


def _password_problems(password: str, email: str, name: str) -> list[Problem]:
    words = (email, email.split("@", maxsplit=1)[0], name)
    why = password_problem(password, passwords.common_passwords(), user_words=words)
    if why is None:
        return []
    return [Problem.saying("password", why, limits=Limits(text="at least 8 characters, not a common password"))]


def _email_problems(email: str) -> list[Problem]:
    if 3 <= len(email) <= 254 and "@" in email.strip("@"):
        return []
    return [Problem.saying("email", "this is not an e-mail address", limits=Limits(text="name@example.org"))]


class AccountSecurity:
    def __init__(self, accounts: Accounts, *, reauth_window: timedelta) -> None:
        self.accounts = accounts
        self.reauth_window = reauth_window
        self._sessions = accounts._sessions
        self._clock = accounts._clock

    # -- re-authentication ------------------------------------------------------------------------

    def reauthenticate(self, me: Current, password: str, code: str | None) -> Login:
        """Password (and code, for roles with a second factor) again; opens the window for changes.
        The session gets a new token (ASVS 7.2.4): the old one ends, the returned one replaces it."""
        now = self._clock()
        with self._sessions() as s:
            account, session = self._mine(s, me)
            until = throttled_until(
                repository.failures_since_last_success(s, account.email, now - self.accounts.throttle.window),
                now,
                self.accounts.throttle,
            )
            if until is not None:
                raise LoginThrottled(until - now)
            ok, _ = passwords.verify_password(password[:1024], account.password_hash)
            if ok and account.totp_secret is not None:
                ok = bool(code) and self.accounts._second_factor_ok(s, account, code or "", now)
            if not ok:
                self._refuse(s, account.email, now)
            s.add(LoginAttempt(subject=account.email, at=now, succeeded=True, address=session.address))
            record_in(s, me, "account.reauthenticate", None, f"session {session.id} renewed", at=now)
            end_session(session, now, "renewed")
            login = new_session(s, account, now, session.user_agent, session.address, "full")
            s.commit()
            return login

    def is_fresh(self, me: Current) -> bool:
        with self._sessions() as s:
            session = s.get(AuthSession, me.session_id)
            at = session.reauthenticated_at if session is not None else None
            return at is not None and self._clock() - at < self.reauth_window

    def _refuse(self, s: Session, subject: str, now: datetime) -> NoReturn:
        s.rollback()
        s.add(LoginAttempt(subject=subject, at=now, succeeded=False, address=""))
        s.commit()
        raise LoginRefused

    def _mine(self, s: Session, me: Current) -> tuple[Account, AuthSession]:
        account, session = repository.account(s, me.account_id), s.get(AuthSession, me.session_id)
        if account is None or session is None or session.account_id != account.id or session.ended_at is not None:
            raise LoginRefused
        return account, session

    def _fresh(self, s: Session, me: Current) -> tuple[Account, AuthSession]:
        account, session = self._mine(s, me)
        at = session.reauthenticated_at
        if at is None or self._clock() - at >= self.reauth_window:
            raise ReauthenticationNeeded
        return account, session

    # -- changes that need a fresh re-authentication ---------------------------------------------

    def change_password(self, me: Current, current_password: str, new_password: str) -> None:
        """Your current and new password (ASVS 6.2.3); every other session of yours ends (this one stays)."""
        with self._sessions() as s:
            account, session = self._fresh(s, me)
            problems = _password_problems(new_password, account.email, account.name)
            ok, _ = passwords.verify_password(current_password[:1024], account.password_hash)
            if not ok:
                problems.insert(0, Problem.saying("current_password", "this is not your current password"))
            if problems:
                raise InvalidInput(problems, "Nothing was changed")
            now = self._clock()
            account.password_hash = passwords.hash_password(new_password)
            account.password_changed_at = now
            _end_others(s, account.id, session.id, now, "password")
            record_in(s, me, "account.password-change", None, "other sessions ended", at=now)
            s.commit()

    def change_email(self, me: Current, new_email: str) -> None:
        email = fold_email(new_email)
        with self._sessions() as s:
            account, _ = self._fresh(s, me)
            problems = _email_problems(email)
            if problems:
                raise InvalidInput(problems)
            if email != account.email and repository.account_by_email(s, email) is not None:
                raise Conflict("Another account has this e-mail address.")
            account.email = email
            record_in(s, me, "account.email-change", None, "e-mail address changed", at=self._clock())
            s.commit()

    def start_second_factor_change(self, me: Current) -> Enrolment:
        """A new secret, kept aside until a code from it confirms it; the old one works until then."""
        with self._sessions() as s:
            account, _ = self._fresh(s, me)
            if Role(account.role) not in SECOND_FACTOR_ROLES:
                raise Conflict("This account does not use a second factor.")
            secret = second_factor.new_secret()
            account.totp_pending_secret = self.accounts.seal_totp(s, account.id, secret)
            s.commit()
            return Enrolment(secret, second_factor.provisioning_uri(secret, account.email, ISSUER))

    def pending_enrolment(self, me: Current) -> Enrolment | None:
        with self._sessions() as s:
            account = repository.account(s, me.account_id)
            if account is None or account.totp_pending_secret is None:
                return None
            secret = self.accounts.open_totp(account.id, account.totp_pending_secret)
            return Enrolment(secret, second_factor.provisioning_uri(secret, account.email, ISSUER))

    def confirm_second_factor_change(self, me: Current, code: str) -> tuple[str, ...]:
        """The new secret replaces the old once a code from it is right; new recovery codes (shown once)."""
        with self._sessions() as s:
            account, session = self._fresh(s, me)
            pending, now = account.totp_pending_secret, self._clock()
            opened = self.accounts.open_totp(account.id, pending) if pending else None
            step = second_factor.matching_step(opened, code, now, after_step=None) if opened else None
            if pending is None or step is None:
                raise InvalidInput([_code_problem()])
            account.totp_secret, account.totp_pending_secret = pending, None  # sealed for the same account
            account.totp_last_step, account.totp_confirmed_at = step, now
            codes = self._new_recovery_codes(s, account)
            _end_others(s, account.id, session.id, now, "factor")
            record_in(s, me, "account.second-factor-change", None, "new authenticator; other sessions ended", at=now)
            s.commit()
            return codes

    def _new_recovery_codes(self, s: Session, account: Account) -> tuple[str, ...]:
        for old in repository.recovery_codes(s, account.id):
            s.delete(old)
        codes = second_factor.new_recovery_codes()
        s.add_all(RecoveryCode(account_id=account.id, code_hash=second_factor.recovery_code_hash(c)) for c in codes)
        return tuple(codes)

    # -- the setup of an account an admin made ----------------------------------------------------

    def setup_enrolment(self, token: str | None) -> tuple[Current, Enrolment | None] | None:
        """Who is setting up with this setup session, and their second factor to add (None for clients)."""
        me = self.accounts.current(token, purpose="setup")
        if me is None:
            return None
        with self._sessions() as s:
            account = repository.account(s, me.account_id)
            if account is None or account.totp_secret is None:
                return me, None
            secret = self.accounts.open_totp(account.id, account.totp_secret)
            return me, Enrolment(secret, second_factor.provisioning_uri(secret, account.email, ISSUER))

    def complete_setup(self, token: str | None, new_password: str, code: str) -> SetupDone:
        """Your own password and a first code: the setup session ends and a full one starts."""
        found = self.setup_enrolment(token)
        if found is None or token is None:
            raise LoginRefused
        me, enrolment = found
        now = self._clock()
        with self._sessions() as s:
            account = repository.account(s, me.account_id)
            old = repository.session_by_token_hash(s, token_hash(token))
            if account is None or old is None:
                raise LoginRefused
            problems = _password_problems(new_password, account.email, account.name)
            step = None
            if enrolment is not None:
                step = second_factor.matching_step(enrolment.secret, code, now, after_step=None)
                if step is None:
                    problems.append(_code_problem())
            if problems:
                raise InvalidInput(problems, "Nothing was changed")
            account.password_hash, account.password_changed_at = passwords.hash_password(new_password), now
            account.setup_due_by = None
            codes: tuple[str, ...] = ()
            if enrolment is not None:
                account.totp_last_step, account.totp_confirmed_at = step, now
                codes = self._new_recovery_codes(s, account)
            end_session(old, now, "setup")
            record_in(s, me, "account.setup", None, "own password and second factor set", at=now)
            s.commit()
        return SetupDone(self.accounts.open_session(me.account_id, old.user_agent, old.address), codes)


def _end_others(s: Session, account_id: int, keep: int, now: datetime, reason: str) -> None:
    """After a change of password or authenticator, every other session of the account ends (ASVS 7.4.3)."""
    for other in repository.open_sessions(s, account_id):
        if other.id != keep:
            end_session(other, now, reason)


def _code_problem() -> Problem:
    return Problem.saying(
        "code", "the code from your authenticator app is not right", limits=Limits(text="6 digits, changing every 30 s")
    )
