"""Clinic care use cases: invites and joining, who may see which client, the clinician's client list,
sharing, notes, messages, and the clinician's clearance that ends a stop or pause.

One transaction per use case; times from the app's clock. The web door checks the route rule
(``supple.clinic.access``) before calling any of these; the functions taking an ``actor`` check
again that the objects they touch belong to the actor's clinic.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.clinic import alert_service
from supple.clinic import care_repository as repo
from supple.clinic.access import Actor, ClientFacts
from supple.clinic.accounts import Accounts
from supple.clinic.alerts import attention_key
from supple.clinic.domain import Role
from supple.db.clinic_models import CareLink, ClientEntry, ClientRecord, Invite
from supple.db.models import Profile
from supple.errors import Conflict, InvalidInput, NotFound
from supple.problems import Code, Limits, Problem
from supple.services import profiles
from supple.services.context import Context, transaction

INVITE_DAYS = 7
TOKEN_BYTES = 32
ENTRY_KINDS = ("note", "message", "review")
NOT_VALID = "This invitation link is not valid: it was used already, it has expired, or it was never made."


@dataclass(frozen=True)
class NewInvite:
    token: str  # shown once, in the link; only its hash is stored
    expires_at: datetime


@dataclass(frozen=True)
class InviteView:
    name: str
    email: str
    expires_at: datetime


@dataclass(frozen=True)
class ClientRow:
    client_id: int
    name: str
    profile: str
    alerts: list[tuple[int, str, str]]  # (severity, kind, message), most severe first


@dataclass(frozen=True)
class EntryView:
    kind: str
    author: str
    at: datetime
    text: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- who may see whom ---------------------------------------------------------------------------------


def facts(ctx: Context, *, client_id: int | None = None, profile: str | None = None) -> ClientFacts | None:
    """The client a request concerns (by account number or by profile name), or None if there is none."""
    with transaction(ctx) as s:
        return facts_in(s, client_id=client_id, profile=profile)


def facts_in(s: Session, *, client_id: int | None = None, profile: str | None = None) -> ClientFacts | None:
    """As :func:`facts`, in the caller's transaction, with one query (the record and its care links)."""
    if profile is not None:
        rows = repo.facts_by_profile_name(s, profile)
    elif client_id is not None:
        rows = repo.facts_by_account(s, client_id)
    else:
        return None
    if not rows:
        return None
    account_id, clinic_id, _ = rows[0]
    return ClientFacts(account_id, clinic_id, frozenset(r[2] for r in rows if r[2] is not None))


def own_profile(ctx: Context, client_id: int) -> str | None:
    """The name of a client account's own Supple profile."""
    with transaction(ctx) as s:
        found = repo.record(s, client_id)
        profile = s.get(Profile, found.profile_id) if found else None
        return profile.name if profile is not None else None


# -- invites and joining -------------------------------------------------------------------------------


def create_invite(ctx: Context, actor: Actor, email: str, name: str) -> NewInvite:
    email, name = email.strip().casefold(), " ".join(name.split())
    problems = []
    if not (3 <= len(email) <= 254 and "@" in email.strip("@")):
        problems.append(
            Problem.saying("email", "this is not an e-mail address", limits=Limits(text="name@example.org"))
        )
    if not 1 <= len(name) <= 120:
        problems.append(
            Problem.saying("name", "the client needs a name", limits=Limits(text="1 to 120", unit="characters"))
        )
    if problems:
        raise InvalidInput(problems)
    token, now = secrets.token_urlsafe(TOKEN_BYTES), ctx.clock()
    expires = now + timedelta(days=INVITE_DAYS)
    with transaction(ctx) as s:
        from supple.clinic import repository

        if repository.account_by_email(s, email):
            raise Conflict("An account with this e-mail exists already.")
        s.add(
            Invite(
                clinic_id=actor.clinic_id,
                token_hash=_hash(token),
                email=email,
                name=name,
                created_by=actor.account_id,
                created_at=now,
                expires_at=expires,
            )
        )
    return NewInvite(token, expires)


def _open_invite(s: Session, token: str, now: datetime) -> Invite:
    invite = repo.invite_by_token_hash(s, _hash(token)) if 0 < len(token) <= 128 else None
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        raise NotFound(NOT_VALID)
    return invite


def invite_view(ctx: Context, token: str) -> InviteView:
    with transaction(ctx) as s:
        invite = _open_invite(s, token, ctx.clock())
        return InviteView(invite.name, invite.email, invite.expires_at)


def pending_invites(ctx: Context, actor: Actor) -> list[InviteView]:
    """Invitations not used yet and not expired, soonest to expire first: the clinician's own, or every
    one of the clinic for an admin."""
    query = select(Invite).where(
        Invite.clinic_id == actor.clinic_id, Invite.used_at.is_(None), Invite.expires_at > ctx.clock()
    )
    if actor.role is not Role.ADMIN:
        query = query.where(Invite.created_by == actor.account_id)
    with transaction(ctx) as s:
        found = s.scalars(query.order_by(Invite.expires_at, Invite.id)).all()
        return [InviteView(i.name, i.email, i.expires_at) for i in found]


def _profile_name(s: Session, name: str) -> str:
    """A profile name from the person's name (the characters a profile name allows), unique in the store."""
    base = " ".join(re.sub(r"[^\w .'-]", " ", name).split())[:72] or "Client"
    candidate, n = base, 1
    while s.query(Profile.id).filter(Profile.name == candidate).first() is not None:
        n += 1
        candidate = f"{base} {n}"
    return candidate


def join(ctx: Context, accounts: Accounts, token: str, password: str) -> str:
    """The invited client sets a password: the account, its profile and the link to the inviting
    clinician are made together, and the invite is spent. Returns the client's e-mail (to log in)."""
    now = ctx.clock()
    with transaction(ctx) as s:
        invite = _open_invite(s, token, now)
        new = accounts._add_account(s, invite.clinic_id, invite.email, invite.name, Role.CLIENT, password)
        profile = Profile(name=_profile_name(s, invite.name), sex="unspecified", created_at=now)
        s.add(profile)
        s.flush()
        s.add(ClientRecord(account_id=new.account_id, clinic_id=invite.clinic_id, profile_id=profile.id, joined_at=now))
        s.add(CareLink(client_id=new.account_id, clinician_id=invite.created_by, kind="primary", created_at=now))
        invite.used_at, invite.account_id = now, new.account_id
        return invite.email


# -- the clinician's clients ------------------------------------------------------------------------


def clients(ctx: Context, actor: Actor) -> list[ClientRow]:
    """The clients this clinician follows (every client of the clinic for an admin), needing attention first."""
    with transaction(ctx) as s:
        rows = repo.clients_of(s, actor.clinic_id, None if actor.role is Role.ADMIN else actor.account_id)
        alerts: dict[int, list[tuple[int, str, str]]] = {}
        for a in repo.alerts_of(s, [r.account_id for r, _, _ in rows]):
            alerts.setdefault(a.client_id, []).append((a.severity, a.kind, a.message))
        out = [
            ClientRow(r.account_id, account.name, p.name, sorted(alerts.get(r.account_id, []), reverse=True))
            for r, account, p in rows
        ]
    return sorted(out, key=lambda c: attention_key([a[0] for a in c.alerts], c.name))


def clinicians(ctx: Context, actor: Actor) -> list[tuple[int, str]]:
    with transaction(ctx) as s:
        return [(a.id, a.name) for a in repo.staff(s, actor.clinic_id) if a.disabled_at is None]


def share(ctx: Context, actor: Actor, client_id: int, clinician_id: int) -> None:
    """Let another clinician of the same clinic see this client (explicit sharing)."""
    with transaction(ctx) as s:
        from supple.clinic import repository

        other = repository.account(s, clinician_id)
        record = repo.record(s, client_id)
        if record is None or record.clinic_id != actor.clinic_id:
            raise NotFound("There is no such client.")
        if other is None or other.clinic_id != actor.clinic_id or other.role != Role.CLINICIAN.value:
            raise InvalidInput([Problem.saying("clinician", "choose a clinician of this clinic")])
        if repo.link(s, client_id, clinician_id) is None:
            s.add(CareLink(client_id=client_id, clinician_id=clinician_id, kind="shared", created_at=ctx.clock()))


def team(ctx: Context, client_id: int) -> list[tuple[int, str, str]]:
    """The clinicians who see this client: (account number, name, 'primary' or 'shared')."""
    with transaction(ctx) as s:
        from supple.clinic import repository

        rows = s.scalars(select(CareLink).where(CareLink.client_id == client_id).order_by(CareLink.id)).all()
        found = [(r.clinician_id, repository.account(s, r.clinician_id), r.kind) for r in rows]
        return [(cid, a.name, kind) for cid, a, kind in found if a is not None]


def unshare(ctx: Context, actor: Actor, client_id: int, clinician_id: int) -> None:
    """End a shared link; the inviting clinician's link stays (the client always has a clinician)."""
    with transaction(ctx) as s:
        record = repo.record(s, client_id)
        if record is None or record.clinic_id != actor.clinic_id:
            raise NotFound("There is no such client.")
        found = repo.link(s, client_id, clinician_id)
        if found is None or found.kind != "shared":
            raise InvalidInput([Problem.saying("clinician", "choose a clinician this client was shared with")])
        s.delete(found)


# -- notes, messages, reviews ---------------------------------------------------------------------------


def add_entry(ctx: Context, actor: Actor, author: str, client_id: int, kind: str, text: str) -> None:
    text = text.strip()
    if kind not in ENTRY_KINDS:
        raise NotFound("There is no such kind of entry.")
    if not 1 <= len(text) <= 4000:
        raise InvalidInput(
            [Problem.saying("text", "write something", limits=Limits(text="1 to 4000", unit="characters"))]
        )
    with transaction(ctx) as s:
        record = repo.record(s, client_id)
        if record is None or record.clinic_id != actor.clinic_id:
            raise NotFound("There is no such client.")
        s.add(
            ClientEntry(
                client_id=client_id,
                author_id=actor.account_id,
                author_name=author,
                kind=kind,
                at=ctx.clock(),
                text=text,
            )
        )


def entries(ctx: Context, client_id: int, kinds: tuple[str, ...]) -> list[EntryView]:
    with transaction(ctx) as s:
        return [EntryView(e.kind, e.author_name, e.at, e.text) for e in repo.entries(s, client_id, kinds)]


#: The shortest review that may lift a red-flag stop or pause (a product rule, not a clinical number).
MIN_REVIEW_CHARACTERS = 20


def clear(ctx: Context, actor: Actor, clinician: str, client_id: int, known: list[dict[str, str]], note: str) -> None:
    """A clinician's review: records the clearance (with any known, stable symptom), which lifts the stop
    or pause, keeps the review in the client's record, and refreshes the client's alerts."""
    name = own_profile(ctx, client_id)
    if name is None:
        raise NotFound("There is no such client.")
    written = " ".join(note.split())
    if len(written) < MIN_REVIEW_CHARACTERS:  # a clearance lifts a safety stop: it says what was checked
        raise InvalidInput(
            [
                Problem.saying(
                    "note",
                    "Write what you checked before clearing this person to exercise (for example which answer "
                    "you reviewed and what you found).",
                    Code.TOO_SHORT,
                    Limits(min=MIN_REVIEW_CHARACTERS, unit="characters"),
                    given=note,
                )
            ]
        )
    # Recorded by the reviewing clinician under their account, on the day of the review.
    profiles.record_clearance(ctx, name, clinician, known=known, seen_on=ctx.clock().date(), self_entered=False)
    add_entry(ctx, actor, clinician, client_id, "review", written)
    alert_service.evaluate_alerts(ctx, client_id=client_id)
