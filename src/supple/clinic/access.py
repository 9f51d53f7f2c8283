"""Who may do what in clinic mode: the pure rules behind every route (no I/O, no framework).

Each route has a :class:`Rule`: the roles allowed and what the object is. The web door looks the rule
up for the route that matched, checks it against the signed-in account and the facts it read about
the client concerned; a route without a rule is not served (deny by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from supple.clinic.domain import Role


class Target(StrEnum):
    """What the route acts on, so the object rule knows whose data it is."""

    NOTHING = "nothing"  # no one's health data (the exercise library, your own account)
    OWN_PROFILE = "own-profile"  # /p/{name}/…: must be the signed-in client's own profile
    CLIENT_PROFILE = "client-profile"  # /p/{name}/…: a client's profile the signed-in account may see
    CLIENT = "client"  # /clinic/clients/{client_id}…: a client account the signed-in account may see


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    target: Target = Target.NOTHING
    public: bool = False  # served without signing in (login, joining by invite, the site's own files)
    # The client's data leaves the system (a PDF report, the export files), whatever the method: the
    # access log says 'client.export', and a POST that only makes one changes nothing of the client's.
    export: bool = False


def rule(*roles: Role, target: Target = Target.NOTHING, export: bool = False) -> Rule:
    return Rule(frozenset(roles), target, export=export)


def logged_action(rule_: Rule, method: str) -> str:
    """The access-log action of an allowed request about a client: an export, a read or a change."""
    if rule_.export:
        return "client.export"
    return "client.read" if method in ("GET", "HEAD") else "client.change"


PUBLIC = Rule(frozenset(), public=True)
ANYONE = rule(Role.CLIENT, Role.CLINICIAN, Role.ADMIN)
STAFF = rule(Role.CLINICIAN, Role.ADMIN)


@dataclass(frozen=True)
class Actor:
    account_id: int
    clinic_id: int
    role: Role


@dataclass(frozen=True)
class ClientFacts:
    """What the store says about the client a request concerns."""

    account_id: int
    clinic_id: int
    clinicians: frozenset[int]  # linked: the inviting clinician and those it was shared with


def may_see(actor: Actor, client: ClientFacts) -> bool:
    """A client sees only their own data; a clinician their linked clients; an admin the clinic's clients.
    Clinics never see each other's clients."""
    if actor.clinic_id != client.clinic_id:
        return False
    if actor.role is Role.CLIENT:
        return actor.account_id == client.account_id
    if actor.role is Role.CLINICIAN:
        return actor.account_id in client.clinicians
    return actor.role is Role.ADMIN


def allowed(rule_: Rule | None, actor: Actor | None, client: ClientFacts | None) -> bool:
    """The whole decision for one request. ``client`` is None when the target named no client there is."""
    if rule_ is None:
        return False
    if rule_.public:
        return True
    if actor is None or actor.role not in rule_.roles:
        return False
    if rule_.target is Target.NOTHING:
        return True
    if client is None:
        return False
    if rule_.target is Target.OWN_PROFILE:
        return actor.role is Role.CLIENT and actor.account_id == client.account_id
    return may_see(actor, client)
