"""The composition root: the only place where the store, the catalogue and the clock are wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.figures.library import FigureLibrary
from supple.services.cache import ViewCache


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
    figures: FigureLibrary = field(default_factory=FigureLibrary)  # read on first use, then kept


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
