"""The composition root: the only place where the store, the catalogue and the clock are wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.errors import SuppleError
from supple.figures.library import FigureLibrary
from supple.services.cache import ViewCache
from supple.vision.estimator import Estimators

if TYPE_CHECKING:
    from supple.catalogue.phone import PhonePlacements
    from supple.db.secret_box import SecretBox, SecretKeys


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
    estimators: Estimators = field(default_factory=Estimators)  # built on first use; fakes in tests

    @cached_property
    def placements(self) -> PhonePlacements:
        """Where the phone goes for each phone-measured test, checked against this app's catalogue (read once)."""
        from supple.catalogue.phone import load_placements

        return load_placements(self.catalogue)

    @cached_property
    def secret_keys(self) -> SecretKeys:
        """The clinic's secret keys (clinic mode), read when first needed and then kept: one per app."""
        from supple.db.secret_box import SecretKeys

        return SecretKeys(self.settings)

    def derived_secrets(self, purpose: bytes) -> tuple[bytes, ...]:
        """Secrets derived from the clinic's keys for ``purpose`` (newest key first), the same in every
        process given the same keys; none while no key is configured."""
        return self.secret_keys.derived(purpose)


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
    migrate(engine, secret_box=partial(_secret_box, settings))
    return App(settings, engine, session_factory(engine), catalogue, clock)


def _secret_box(settings: Settings) -> SecretBox:
    """The clinic's keys for a migration that seals the TOTP secrets stored before (0011): the key file
    is made when there is none, since no secret was sealed before that migration."""
    from supple.db.secret_box import box_from_settings

    return box_from_settings(settings, create=True)


# --- what the doors need from the store's side, without reaching into supple.db (issue 11) ----------


def private_files(app: App) -> list[str]:
    """Health files for their owner only: older files readable by others are fixed (messages to show)."""
    from supple.db.files import make_private

    url = app.engine.url
    store = Path(url.database).expanduser().resolve() if url.get_backend_name() == "sqlite" and url.database else None
    return make_private(app.settings.data_dir, store)


def private_umask() -> None:
    """Everything this process creates from now on is readable by its owner only (umask 077)."""
    from supple.db.files import private_umask as umask

    umask()


def store_error(err: BaseException) -> SuppleError | None:
    """A busy, full, read-only or damaged store as a plain SuppleError; None for anything else."""
    from supple.db.store_errors import translate

    return translate(err)


def store_error_type() -> type[Exception]:
    """The exception type the store's failures arrive as (for the web app's error handler)."""
    from sqlalchemy.exc import DBAPIError

    return DBAPIError
