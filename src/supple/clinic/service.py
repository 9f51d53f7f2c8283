"""Use cases of clinic accounts: create a clinic and accounts, log in and out, sessions, disable.

One transaction per use case. Times come from the injected clock (UTC without a zone); tests pass a
clock they move by hand. A login attempt is written even when the login is refused, so throttling
holds across web worker processes and restarts.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy.orm import Session, sessionmaker

from supple.clinic import passwords, repository, second_factor
from supple.clinic.audit import Actor, SystemActor, record_in
from supple.clinic.clock import utc_now
from supple.clinic.domain import (
    SECOND_FACTOR_ROLES,
    Role,
    SessionLimits,
    ThrottlePolicy,
    password_problem,
    session_end_reason,
    throttled_until,
)
from supple.db.clinic_models import Account, AuthSession, Clinic, LoginAttempt, RecoveryCode
from supple.db.secret_box import (
    KEY_ENV,
    SecretBox,
    SecretKeyMissing,
    SecretKeys,
    SecretUnreadable,
    key_file,
    totp_binding,
)
from supple.errors import Conflict, InvalidInput, NotFound, SuppleError
from supple.problems import Limits, Problem

if TYPE_CHECKING:
    from pathlib import Path

    from supple.config import Settings

TOKEN_BYTES = 32  # 256 bits of randomness in every session token
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most once a minute per session
ISSUER = "Supple"


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


class ResealRefused(SuppleError):
    """``supple clinic reseal`` changed nothing: no key, or a secret that none of the keys opens."""

    code = "reseal-refused"
    http_status = 409
    exit_code = 2


@dataclass(frozen=True)
class Resealed:
    """What a re-seal did: how many secrets (current and pending) are now sealed with which key."""

    count: int
    from_older_keys: int  # of them, how many an older key had sealed
    key_id: str


@dataclass(frozen=True)
class NewAccount:
    """What the new account's owner must be given once: the TOTP secret and the recovery codes."""

    account_id: int
    clinic_id: int
    totp_secret: str | None
    totp_uri: str | None
    recovery_codes: tuple[str, ...]


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


def _fold(email: str) -> str:
    return email.strip().casefold()


def _account_problems(email: str, name: str, password: str | None) -> list[Problem]:
    """Every problem with a new account's e-mail (folded), name (stripped) and password (when given)."""
    problems = []
    if not (3 <= len(email) <= 254 and "@" in email.strip("@")):
        problems.append(
            Problem.saying(
                "email",
                "this is not an e-mail address",
                limits=Limits(text="name@example.org, up to 254 characters"),
            )
        )
    if not 1 <= len(name) <= 120:
        problems.append(
            Problem.saying("name", "the person needs a name", limits=Limits(text="1 to 120", unit="characters"))
        )
    if password is not None:
        why = password_problem(
            password, passwords.common_passwords(), user_words=(email, email.split("@", maxsplit=1)[0], name)
        )
        if why:
            problems.append(
                Problem.saying(
                    "password", why.rstrip("."), limits=Limits(text="at least 8 characters, not a common password")
                )
            )
    return problems


class Accounts:
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

    # -- second-factor secrets, encrypted at rest (supple.db.secret_box) -------------------------

    def seal_totp(self, s: Session, account_id: int, secret: str) -> str:
        """A TOTP secret as stored: encrypted, bound to its account. The clinic's first secret makes
        the key file when there is no key yet."""
        box = self.keys.box(may_create=not repository.any_second_factor_secret(s))
        return box.seal(secret, bound_to=totp_binding(account_id))

    def open_totp(self, account_id: int, stored: str) -> str:
        return self.keys.box().open(stored, bound_to=totp_binding(account_id))

    def reseal_second_factors(self) -> Resealed:
        """Re-encrypt every stored TOTP secret (current and pending) with the newest key, all in one
        transaction: after a key rotation, so the old key can be removed. Nothing changes when there
        is no key or when any secret opens with none of the keys (that account is named)."""
        try:
            box = self.keys.box()
        except SecretKeyMissing as err:
            raise ResealRefused(f"Nothing was re-sealed. {err.message}") from None
        with self._sessions() as s:
            count = older = 0
            per_clinic: dict[int, int] = {}
            for account in repository.accounts_with_second_factor_secret(s):
                for column in ("totp_secret", "totp_pending_secret"):
                    stored: str | None = getattr(account, column)
                    if stored is None:
                        continue
                    setattr(account, column, self._resealed(box, account.id, stored))
                    count += 1
                    older += SecretBox.key_id_of(stored) != box.sealing_key_id
                    per_clinic[account.clinic_id] = per_clinic.get(account.clinic_id, 0) + 1
            now = self._clock()
            for clinic_id, n in sorted(per_clinic.items()):
                detail = f"{n} second-factor secret(s) re-sealed with key {box.sealing_key_id}"
                record_in(s, SystemActor(clinic_id=clinic_id), "clinic.second-factors-resealed", None, detail, at=now)
            s.commit()
        return Resealed(count, older, box.sealing_key_id)

    @staticmethod
    def _resealed(box: SecretBox, account_id: int, stored: str) -> str:
        try:
            secret = box.open(stored, bound_to=totp_binding(account_id))
        except SecretUnreadable:
            raise ResealRefused(
                f"Nothing was re-sealed: the second-factor secret of account {account_id} opens with none of the "
                f"clinic secret keys configured ({KEY_ENV} or the key file). Add the key it was sealed with "
                f"(after the newest one) and run this again, or reset that account's access."
            ) from None
        return box.seal(secret, bound_to=totp_binding(account_id))

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

    # -- accounts -------------------------------------------------------------------------------

    def new_clinic_problems(
        self, name: str, *, admin_email: str, admin_name: str, password: str | None = None
    ) -> list[Problem]:
        """Every problem with a new clinic and its first admin at once (the password only when given):
        ``supple clinic init`` reports them all before asking for the password, and again after."""
        name, email = name.strip(), _fold(admin_email)
        problems = []
        if not 1 <= len(name) <= 120:
            problems.append(
                Problem.saying("clinic", "the clinic needs a name", limits=Limits(text="1 to 120", unit="characters"))
            )
        problems += _account_problems(email, admin_name.strip(), password)
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
        email, name = _fold(email), name.strip()
        problems = _account_problems(email, name, password)
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
                _end(session, now, "disabled")
            if by is not None:
                record_in(s, by, "account.disable", None, f"account {account_id} ({account.role}) disabled", at=now)
            s.commit()

    # -- logging in and out -----------------------------------------------------------------------

    def login(
        self, email: str, password: str, code: str | None = None, *, user_agent: str = "", address: str = ""
    ) -> Login:
        subject, now = _fold(email)[:254], self._clock()
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
            login = _new_session(s, account, now, user_agent, address, purpose)
            s.commit()
            return login

    def open_session(self, account_id: int, user_agent: str = "", address: str = "") -> Login:
        """A new full session for an account that has just proven who it is (e.g. at the end of setup)."""
        with self._sessions() as s:
            account = repository.account(s, account_id)
            if account is None or account.disabled_at is not None:
                raise LoginRefused
            login = _new_session(s, account, self._clock(), user_agent, address, "full")
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

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self._sessions

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
            _end(session, now, reason or "disabled")
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
                _end(session, now, "logout")
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
            _end(session, now, "revoked")
            record_in(s, current, "account.session-end", None, f"session {session_id} ended by its owner", at=now)
            s.commit()


def _new_session(s: Session, account: Account, now: datetime, user_agent: str, address: str, purpose: str) -> Login:
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


def _end(session: AuthSession, now: datetime, reason: str) -> None:
    session.ended_at = now
    session.end_reason = reason


SECRET_KEY_ENV = KEY_ENV  # for the doors, which do not reach supple.db


def secret_key_file(settings: Settings) -> Path | None:
    """The file the clinic's secret key is kept in, or None when ``SUPPLE_CLINIC_SECRET_KEY`` gives it."""
    return None if settings.clinic_secret_key is not None else key_file(settings)
