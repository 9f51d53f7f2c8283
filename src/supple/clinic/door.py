"""The clinic's door for one request, in one transaction (issue 17, performance).

The web door (``supple.web.clinic_access``) decides which rule a route has; this checks it: the
session and its account, the client the request concerns with their care links, and the access-log
line (``client.read``, ``client.change``, ``client.export`` or ``client.denied``; a refusal that concerns no
client there is, such as a role kept out or a guessed number, is ``access.denied``), all read and written in one
transaction that is committed before the page is built (a page's reads may then follow on the same
connection: ``supple.web.clinic_access``). Nothing is skipped: every request that is
not public checks its session, every request about a client checks its care links and writes its line.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from enum import Enum

from sqlalchemy.orm import Session

from supple.clinic import care
from supple.clinic.access import Actor, ClientFacts, Rule, allowed, logged_action
from supple.clinic.accounts import Accounts
from supple.clinic.audit import AuditLog
from supple.clinic.login_sessions import Current


class Outcome(Enum):
    OK = "ok"
    SIGN_IN = "sign-in"  # no valid session
    DENIED = "denied"  # the role or the client does not fit: 404
    REFUSED = "refused"  # allowed, but refused with its own message (self-clearance)


@dataclass(frozen=True)
class Entry:
    outcome: Outcome
    me: Current | None
    client: ClientFacts | None


def enter(
    accounts: Accounts,
    audit: AuditLog | None,
    token: str | None,
    found: Rule,
    *,
    client: int | str | None,
    method: str,
    path: str,
    refused: bool = False,
    session: Session | None = None,
) -> Entry:
    """Check ``found`` (a rule that is not public) for the account signed in with ``token``.

    ``client`` is the client's account number, their profile's name, or None when the route concerns
    no client (or the address names none that could exist). ``refused``: the route is refused even
    when allowed. The log line says ``"{method} {path}"``; never health data. ``session``: the
    request's own (bound to one connection, the page's reads follow in it): what the door wrote is
    committed in it, and it is left open; without one, a session of its own."""
    with nullcontext(session) if session is not None else accounts.sessions() as s:
        me = accounts.current_in(s, token)
        facts = None
        if me is None:
            outcome = Outcome.SIGN_IN
        else:
            if isinstance(client, int):
                facts = care.facts_in(s, client_id=client)
            elif isinstance(client, str):
                facts = care.facts_in(s, profile=client)
            actor = Actor(me.account_id, me.clinic_id, me.role)
            if not allowed(found, actor, facts):  # about a client there is, or not (a role refused, a guess)
                outcome, action = Outcome.DENIED, "client.denied" if facts is not None else "access.denied"
            elif refused:
                outcome, action = Outcome.REFUSED, ""
            else:  # every read of a client's data, every export and every change
                outcome, action = Outcome.OK, logged_action(found, method)
            if action and audit is not None and (facts is not None or outcome is Outcome.DENIED):
                audit.add(s, me, action, facts.account_id if facts else None, f"{method} {path}")
        if s.new or s.dirty:
            s.commit()
    return Entry(outcome, me, facts)
