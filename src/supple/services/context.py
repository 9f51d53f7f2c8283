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
