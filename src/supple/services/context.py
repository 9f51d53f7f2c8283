"""What a use case needs from the outside world, and the one transaction helper."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from supple.catalogue.catalogue import Catalogue
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


@contextmanager
def transaction(ctx: Context) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with ctx.sessions() as session, session.begin():
        yield session


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
