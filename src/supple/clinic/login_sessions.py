"""Logging in and out of clinic accounts, and the login sessions behind the cookie: who is signed in,
your open sessions, ending one. A login attempt is written even when the login is refused, so
throttling holds across web worker processes and restarts.

:class:`LoginSessions` is the part of :class:`supple.clinic.accounts.Accounts` that does this.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy.orm import Session, sessionmaker

from supple.clinic import passwords, repository, second_factor
from supple.clinic.account_rules import fold_email
from supple.clinic.audit import record_in
from supple.clinic.domain import Role, SessionLimits, ThrottlePolicy, session_end_reason, throttled_until
from supple.clinic.second_factor_secrets import SecondFactorSecrets
from supple.db.clinic_models import Account, AuthSession, LoginAttempt
from supple.errors import NotFound, SuppleError

TOKEN_BYTES = 32  # 256 bits of randomness in every session token
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most once a minute per session


class LoginRefused(SuppleError):
    """Wrong e-mail, password or code, or a disabled account: one message for all, on purpose."""

    code = "login-refused"
    http_status = 401

    def __init__(self) -> None:
        super().__init__("The e-mail, password or code is not right.")


class SecondFactorNeeded(SuppleError):
    code = "second-factor-needed"
    http_status = 401

    def __init__(self) -> None:
        super().__init__("Enter the 6-digit code from your authenticator app, or one of your recovery codes.")


class LoginThrottled(SuppleError):
    code = "login-throttled"
    http_status = 429

    def __init__(self, retry_after: timedelta) -> None:
        minutes = max(1, -(-int(retry_after.total_seconds()) // 60))
        super().__init__(f"Too many attempts to log in with this e-mail. Try again in {minutes} minutes.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Login:
    token: str  # goes in the cookie; never stored
    account_id: int
    session_id: int
    setup: bool = False  # a one-time password: this session opens only the setup page


@dataclass(frozen=True)
class Current:
    account_id: int
    clinic_id: int
    role: Role
    name: str
    session_id: int


@dataclass(frozen=True)
class SessionView:
    id: int
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    address: str
    current: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginSessions(SecondFactorSecrets):
    """Log in and out, the signed-in account, your sessions; the state is set by ``Accounts.__init__``."""

    limits: SessionLimits
    throttle: ThrottlePolicy

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions

    def login(
        self, email: str, password: str, code: str | None = None, *, user_agent: str = "", address: str = ""
    ) -> Login:
        subject, now = fold_email(email)[:254], self._clock()
        with self._sessions() as s:
            failures = repository.failures_since_last_success(s, subject, now - self.throttle.window)
            until = throttled_until(failures, now, self.throttle)
            if until is not None:
                raise LoginThrottled(until - now)
            account = repository.account_by_email(s, subject)
            if account is None:
                passwords.verify_password(password, passwords.DUMMY_HASH)
                self._refuse(s, subject, now, address)
            ok, new_hash = passwords.verify_password(password[:1024], account.password_hash)
            if not ok or account.disabled_at is not None:
                self._refuse(s, subject, now, address)
            due = account.setup_due_by
            if due is not None and now >= due:
                self._refuse(s, subject, now, address)  # the one-time password has expired
            purpose = "setup" if due is not None else "full"
            if purpose == "full" and account.totp_secret is not None:
                if not code:
                    raise SecondFactorNeeded
                if not self._second_factor_ok(s, account, code, now):
                    self._refuse(s, subject, now, address)
            if new_hash:
                account.password_hash = new_hash
            s.add(LoginAttempt(subject=subject, at=now, succeeded=True, address=address[:64]))
            login = new_session(s, account, now, user_agent, address, purpose)
            s.commit()
            return login

    def open_session(self, account_id: int, user_agent: str = "", address: str = "") -> Login:
        """A new full session for an account that has just proven who it is (e.g. at the end of setup)."""
        with self._sessions() as s:
            account = repository.account(s, account_id)
            if account is None or account.disabled_at is not None:
                raise LoginRefused
            login = new_session(s, account, self._clock(), user_agent, address, "full")
            s.commit()
            return login

    def _refuse(self, s: Session, subject: str, now: datetime, address: str) -> NoReturn:
        s.rollback()
        s.add(LoginAttempt(subject=subject, at=now, succeeded=False, address=address[:64]))
        s.commit()
        raise LoginRefused

    def _second_factor_ok(self, s: Session, account: Account, code: str, now: datetime) -> bool:
        if second_factor.looks_like_recovery_code(code):
            found = repository.unused_recovery_code(s, account.id, second_factor.recovery_code_hash(code))
            if found is None:
                return False
            found.used_at = now
            return True
        assert account.totp_secret is not None
        secret = self.open_totp(account.id, account.totp_secret)
        step = second_factor.matching_step(secret, code, now, after_step=account.totp_last_step)
        if step is None:
            return False
        account.totp_last_step = step
        account.totp_confirmed_at = account.totp_confirmed_at or now
        return True

    def current(self, token: str | None, *, purpose: str = "full") -> Current | None:
        """The account signed in with this cookie token, or None (unknown, ended, timed out, disabled, or
        a session for another ``purpose``: a setup session opens nothing but the setup page)."""
        if not token or len(token) > 128:
            return None
        with self._sessions() as s:
            me = self.current_in(s, token, purpose=purpose)
            if s.dirty:
                s.commit()
            return me

    def current_in(self, s: Session, token: str | None, *, purpose: str = "full") -> Current | None:
        """As :meth:`current`, in the caller's transaction (the web door checks the session, the route's
        rule and the client's care links and writes the access-log line in one): a session that ended
        or is seen again is changed in ``s``, and the caller commits."""
        if not token or len(token) > 128:
            return None
        now = self._clock()
        found = repository.session_and_account(s, token_hash(token))
        if found is None:
            return None
        session, account = found
        if session.ended_at is not None or session.purpose != purpose:
            return None
        reason = "disabled" if account is None or account.disabled_at else None
        reason = reason or session_end_reason(session.created_at, session.last_seen_at, now, self.limits)
        if reason or account is None:
            end_session(session, now, reason or "disabled")
            return None
        if now - session.last_seen_at >= SEEN_EVERY:
            session.last_seen_at = now
        return Current(account.id, account.clinic_id, Role(account.role), account.name, session.id)

    def logout(self, token: str | None) -> None:
        if not token or len(token) > 128:
            return
        with self._sessions() as s:
            session = repository.session_by_token_hash(s, token_hash(token))
            if session is not None and session.ended_at is None:
                now = self._clock()
                end_session(session, now, "logout")
                account = repository.account(s, session.account_id)
                if account is not None:
                    me = Current(account.id, account.clinic_id, Role(account.role), account.name, session.id)
                    record_in(s, me, "account.logout", None, f"session {session.id} ended", at=now)
                s.commit()

    def sessions_of(self, current: Current) -> list[SessionView]:
        with self._sessions() as s:
            rows = repository.open_sessions(s, current.account_id)
            return [
                SessionView(r.id, r.created_at, r.last_seen_at, r.user_agent, r.address, r.id == current.session_id)
                for r in rows
            ]

    def revoke(self, current: Current, session_id: int) -> None:
        """End one of your own sessions; another account's session is 'not found', never ended."""
        with self._sessions() as s:
            session = s.get(AuthSession, session_id)
            if session is None or session.account_id != current.account_id or session.ended_at is not None:
                raise NotFound("You have no open session with this number.")
            now = self._clock()
            end_session(session, now, "revoked")
            record_in(s, current, "account.session-end", None, f"session {session_id} ended by its owner", at=now)
            s.commit()


def new_session(s: Session, account: Account, now: datetime, user_agent: str, address: str, purpose: str) -> Login:
    """Open a login session for ``account`` (``purpose`` "full" or "setup") and log it; the caller commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session = AuthSession(
        account_id=account.id,
        token_hash=token_hash(token),
        created_at=now,
        last_seen_at=now,
        user_agent=user_agent[:200],
        address=address[:64],
        purpose=purpose,
        reauthenticated_at=now if purpose == "full" else None,
    )
    s.add(session)
    s.flush()
    me = Current(account.id, account.clinic_id, Role(account.role), account.name, session.id)
    record_in(s, me, "account.login", None, f"session {session.id} opened ({purpose})", at=now)
    return Login(token, account.id, session.id, setup=purpose == "setup")


def end_session(session: AuthSession, now: datetime, reason: str) -> None:
    session.ended_at = now
    session.end_reason = reason
