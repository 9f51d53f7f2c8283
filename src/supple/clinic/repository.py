"""Every query of clinic accounts and sessions (the service owns the transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.clinic_models import Account, AuthSession, Clinic, LoginAttempt, RecoveryCode


def clinic_by_name(s: Session, name: str) -> Clinic | None:
    return s.scalar(select(Clinic).where(Clinic.name == name))


def account_by_email(s: Session, email: str) -> Account | None:
    return s.scalar(select(Account).where(Account.email == email))


def account(s: Session, account_id: int) -> Account | None:
    return s.get(Account, account_id)


def session_by_token_hash(s: Session, token_hash: str) -> AuthSession | None:
    return s.scalar(select(AuthSession).where(AuthSession.token_hash == token_hash))


def session_and_account(s: Session, token_hash: str) -> tuple[AuthSession, Account | None] | None:
    """The session with this token and its account, in one query (read on every request in a clinic)."""
    query = select(AuthSession, Account).outerjoin(Account, Account.id == AuthSession.account_id)
    row = s.execute(query.where(AuthSession.token_hash == token_hash)).first()
    return None if row is None else (row[0], row[1])


def open_sessions(s: Session, account_id: int) -> Sequence[AuthSession]:
    query = select(AuthSession).where(AuthSession.account_id == account_id, AuthSession.ended_at.is_(None))
    return s.scalars(query.order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())).all()


def unused_recovery_code(s: Session, account_id: int, code_hash: str) -> RecoveryCode | None:
    query = select(RecoveryCode).where(
        RecoveryCode.account_id == account_id, RecoveryCode.code_hash == code_hash, RecoveryCode.used_at.is_(None)
    )
    return s.scalar(query)


def recovery_codes(s: Session, account_id: int) -> Sequence[RecoveryCode]:
    return s.scalars(select(RecoveryCode).where(RecoveryCode.account_id == account_id)).all()


def failures_since_last_success(s: Session, subject: str, since: datetime) -> list[datetime]:
    """Times of failed attempts for this e-mail after ``since`` and after its latest success."""
    last_ok = s.scalar(
        select(LoginAttempt.at)
        .where(LoginAttempt.subject == subject, LoginAttempt.succeeded.is_(True))
        .order_by(LoginAttempt.at.desc())
        .limit(1)
    )
    start = max(since, last_ok) if last_ok else since
    query = select(LoginAttempt.at).where(
        LoginAttempt.subject == subject, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= start
    )
    return list(s.scalars(query).all())


def any_second_factor_secret(s: Session) -> bool:
    """Does any account hold a second-factor secret (current or pending)?"""
    found = select(Account.id).where((Account.totp_secret.is_not(None)) | (Account.totp_pending_secret.is_not(None)))
    return s.scalar(found.limit(1)) is not None


def accounts_with_second_factor_secret(s: Session) -> Sequence[Account]:
    """Every account holding a second-factor secret (current or pending), locked for this transaction
    (PostgreSQL; SQLite's one writer needs no lock), in id order."""
    query = (
        select(Account)
        .where((Account.totp_secret.is_not(None)) | (Account.totp_pending_secret.is_not(None)))
        .order_by(Account.id)
        .with_for_update()
    )
    return s.scalars(query).all()
