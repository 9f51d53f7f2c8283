"""The composition root: the only place where the store, the catalogue and the clock are wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.services.cache import ViewCache
from supple.vision.estimator import Estimators

if TYPE_CHECKING:
    from supple.catalogue.phone import PhonePlacements


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class App:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    catalogue: Catalogue
    clock: Callable[[], datetime]
    cache: ViewCache = field(default_factory=ViewCache)
    estimators: Estimators = field(default_factory=Estimators)  # built on first use; fakes in tests

    @cached_property
    def placements(self) -> PhonePlacements:
        """Where the phone goes for each phone-measured test, checked against this app's catalogue (read once)."""
        from supple.catalogue.phone import load_placements

        return load_placements(self.catalogue)


def build_app(
    settings: Settings | None = None,
    *,
    db_path: Path | None = None,
    clock: Callable[[], datetime] = _now,
) -> App:
    settings = settings or Settings()
    url = f"sqlite:///{db_path.expanduser()}" if db_path else settings.resolved_database_url()
    catalogue = default_catalogue()
    engine = make_engine(url)
    migrate(engine)
    return App(settings, engine, session_factory(engine), catalogue, clock)
