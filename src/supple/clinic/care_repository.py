"""Every query of clinic care: client records, care links, invites, alerts, notes and messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.clinic_models import (
    Account,
    AlertThreshold,
    CareLink,
    ClientAlert,
    ClientEntry,
    ClientRecord,
    Invite,
)
from supple.db.models import Profile


def record(s: Session, account_id: int) -> ClientRecord | None:
    return s.get(ClientRecord, account_id)


def record_by_profile_name(s: Session, name: str) -> ClientRecord | None:
    query = select(ClientRecord).join(Profile, Profile.id == ClientRecord.profile_id).where(Profile.name == name)
    return s.scalar(query)


def _facts(s: Session, where: Any) -> list[tuple[int, int, int | None]]:
    query = (
        select(ClientRecord.account_id, ClientRecord.clinic_id, CareLink.clinician_id)
        .outerjoin(CareLink, CareLink.client_id == ClientRecord.account_id)
        .where(where)
    )
    return [(a, c, k) for a, c, k in s.execute(query)]


def facts_by_account(s: Session, account_id: int) -> list[tuple[int, int, int | None]]:
    """The client record's (account, clinic) with each linked clinician (None when there is none)."""
    return _facts(s, ClientRecord.account_id == account_id)


def facts_by_profile_name(s: Session, name: str) -> list[tuple[int, int, int | None]]:
    """As :func:`facts_by_account`, for the client whose profile has this name (exact, as before)."""
    profile = select(Profile.id).where(Profile.name == name).scalar_subquery()
    return _facts(s, ClientRecord.profile_id == profile)


def link(s: Session, client_id: int, clinician_id: int) -> CareLink | None:
    return s.scalar(select(CareLink).where(CareLink.client_id == client_id, CareLink.clinician_id == clinician_id))


def clients_of(s: Session, clinic_id: int, clinician_id: int | None) -> Sequence[tuple[ClientRecord, Account, Profile]]:
    """The clinic's clients (all of them for an admin, ``clinician_id`` None), with account and profile."""
    query = (
        select(ClientRecord, Account, Profile)
        .join(Account, Account.id == ClientRecord.account_id)
        .join(Profile, Profile.id == ClientRecord.profile_id)
        .where(ClientRecord.clinic_id == clinic_id)
    )
    if clinician_id is not None:
        query = query.join(CareLink, CareLink.client_id == ClientRecord.account_id).where(
            CareLink.clinician_id == clinician_id
        )
    return [(r, a, p) for r, a, p in s.execute(query).all()]


def staff(s: Session, clinic_id: int) -> Sequence[Account]:
    query = select(Account).where(Account.clinic_id == clinic_id, Account.role == "clinician")
    return s.scalars(query.order_by(Account.name)).all()


def invite_by_token_hash(s: Session, token_hash: str) -> Invite | None:
    return s.scalar(select(Invite).where(Invite.token_hash == token_hash))


def thresholds(s: Session, clinic_id: int) -> dict[str, int]:
    rows = s.scalars(select(AlertThreshold).where(AlertThreshold.clinic_id == clinic_id))
    return {r.key: r.value for r in rows}


def alerts_of(s: Session, client_ids: Sequence[int]) -> Sequence[ClientAlert]:
    if not client_ids:
        return []
    return s.scalars(select(ClientAlert).where(ClientAlert.client_id.in_(client_ids))).all()


def entries(s: Session, client_id: int, kinds: Sequence[str]) -> Sequence[ClientEntry]:
    query = select(ClientEntry).where(ClientEntry.client_id == client_id, ClientEntry.kind.in_(kinds))
    return s.scalars(query.order_by(ClientEntry.at, ClientEntry.id)).all()
