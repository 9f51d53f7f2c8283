"""What a use case needs from the outside world, and the one transaction helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session, sessionmaker

from supple.catalogue.catalogue import Catalogue
from supple.db.repositories import MEMO
from supple.services.cache import ViewCache


class Context(Protocol):
    @property
    def sessions(self) -> sessionmaker[Session]: ...
    @property
    def catalogue(self) -> Catalogue: ...
    @property
    def clock(self) -> Callable[[], datetime]: ...
    @property
    def cache(self) -> ViewCache: ...


_SHARED: ContextVar[tuple[sessionmaker[Session], Session] | None] = ContextVar("supple_shared", default=None)


@contextmanager
def transaction(ctx: Context) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error (inside :func:`shared`: its one)."""
    outer = _SHARED.get()
    if outer is not None and outer[0] is ctx.sessions:
        yield outer[1]
        return
    with ctx.sessions() as session, session.begin():
        yield session


@contextmanager
def reading(ctx: Context) -> Iterator[Session]:
    """A read with nothing to commit (a cheap check before a cached view); inside :func:`shared`, its session."""
    outer = _SHARED.get()
    if outer is not None and outer[0] is ctx.sessions:
        yield outer[1]
        return
    with ctx.sessions() as session:
        yield session


@contextmanager
def shared(ctx: Context) -> Iterator[None]:
    """The use cases called inside (in this thread) share one transaction: a page built from many
    reads takes one connection and one snapshot, and a row several of them read is read once.
    Committed at the end, rolled back on any error. For reads: a use case inside that fails and is
    caught would no longer roll back its own changes alone."""
    if _SHARED.get() is not None:
        yield
        return
    with ctx.sessions() as session, session.begin():
        token = share(ctx, session)
        try:
            yield
        finally:
            unshare(token)


def share(ctx: Context, session: Session) -> Token[tuple[sessionmaker[Session], Session] | None]:
    """From here on (in this context) the use cases run in ``session``, as inside :func:`shared`; the
    caller begins and ends its transaction (the clinic's web door: one connection for a page's
    request). Undone by :func:`unshare` with the token returned."""
    _keep_loaded(session)
    session.info[MEMO] = {}  # and a profile looked up by name, or its safety events, is read once
    return _SHARED.set((ctx.sessions, session))


def _keep_loaded(session: Session) -> None:
    """The session holds loaded rows weakly: kept here, a second get() of one needs no query."""
    if "supple_kept" in session.info:
        return
    kept: list[object] = []
    session.info["supple_kept"] = kept
    event.listen(session, "loaded_as_persistent", lambda _s, row: kept.append(row))


def unshare(token: Token[tuple[sessionmaker[Session], Session] | None]) -> None:
    try:
        _SHARED.reset(token)
    except ValueError:  # set in another context (a copy of this one): nothing of it is left here
        _SHARED.set(None)


@dataclass(frozen=True)
class Held:
    """One connection held for a whole web request, and a session bound to it: the session's
    transactions (the web door's, then the page's reads) all run on it, and it goes back to the pool
    once, at :func:`release`."""

    connection: Connection
    session: Session


def hold(ctx: Context) -> Held:
    engine: Engine = ctx.sessions.kw["bind"]
    connection = engine.connect()
    try:
        session = ctx.sessions(bind=connection)
        _keep_loaded(session)  # the door's rows too (the signed-in account: a page may get() it again)
        return Held(connection, session)
    except BaseException:
        connection.close()
        raise


def release(held: Held, *, failed: bool) -> None:
    """End the session's transaction (rolled back when ``failed``) and give the connection back."""
    try:
        if failed:
            held.session.rollback()
        else:
            held.session.commit()
    finally:
        held.session.close()
        held.connection.close()


BACKDATE_DAYS = 365  # results may be entered for up to a year back, never for the future


def check_when(ctx: Context, field: str, when: datetime | None) -> datetime:
    """A time given with a record: default now; refused in the future or more than a year back."""
    from datetime import timedelta

    from supple.errors import InvalidInput
    from supple.problems import Code, Limits, Problem

    now = ctx.clock()
    if when is None:
        return now
    when = when.replace(tzinfo=None)
    earliest = now - timedelta(days=BACKDATE_DAYS)
    if not earliest <= when <= now + timedelta(minutes=10):
        allowed = Limits(text=f"{earliest:%Y-%m-%d} to {now:%Y-%m-%d %H:%M}")
        raise InvalidInput([Problem.of((field,), Code.OUT_OF_RANGE, f"{when:%Y-%m-%d %H:%M}", allowed)])
    return when
