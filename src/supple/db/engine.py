"""Engine creation and migrations. SQLite gets WAL mode and foreign keys on every connection."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from supple.db import revisions  # noqa: F401  (registers the revision counter)
from supple.errors import SuppleError


class StoreUnavailable(SuppleError):
    code = "store-unavailable"
    http_status = 503
    exit_code = 1


def _sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    """WAL is a property of the database file: set once, on the engine's first connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: enforce foreign keys, wait for locks, and fsync every commit (health data)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    # SQLite's own lower() folds only A-Z, so 'Élodie' would never match a name looked up as 'élodie'.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreUnavailable(f"The database address '{url}' is not valid: {err}") from err
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreUnavailable(f"Cannot create the data folder {folder}: {err.strerror}") from err
    if parsed.get_backend_name() == "sqlite":
        # Enough pooled connections for the web server's worker threads, so none is opened per request.
        # hide_parameters: a database error in the server log never shows the values (health data).
        engine = create_engine(url, pool_size=20, max_overflow=20, hide_parameters=True)
        event.listen(engine, "first_connect", _sqlite_wal)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pool_pre_ping (a round trip before every checkout, i.e. every request): the most recently used
    # connection is handed out first (LIFO), a connection idle for IDLE_PING_S or more is pinged first
    # (one a server or firewall may have dropped while it sat in the pool), and none is kept longer than
    # RECYCLE_S. One dropped while in use fails that request with a 503 (store_errors: unreachable) and
    # the pool replaces its connections.
    engine = create_engine(
        url, pool_size=10, max_overflow=20, pool_use_lifo=True, pool_recycle=RECYCLE_S, hide_parameters=True
    )
    event.listen(engine, "checkin", _idle_since)
    event.listen(engine, "checkout", partial(_ping_if_idle, engine))
    return engine


IDLE_PING_S = 10.0  # a pooled connection unused this long is pinged before use
RECYCLE_S = 1800  # and none is used for longer than this (closed and opened again at its next checkout)
_IDLE_SINCE = "supple_idle_since"


def _idle_since(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(engine: Engine, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """A connection back from a long rest is pinged; one that fails is replaced (DisconnectionError makes
    the pool discard it and check out another, up to three times)."""
    since = record.info.get(_IDLE_SINCE)
    if since is None or time.monotonic() - since < IDLE_PING_S:
        return  # new, or used a moment ago
    try:
        engine.dialect.do_ping(dbapi_connection)
    except engine.dialect.loaded_dbapi.Error as err:
        if engine.dialect.is_disconnect(err, dbapi_connection, None):
            raise DisconnectionError("the pooled connection was closed by the server") from err
        raise


if TYPE_CHECKING:
    from alembic.config import Config

    from supple.db.secret_box import SecretBox


def alembic_config(engine: Engine, secret_box: Callable[[], SecretBox] | None = None) -> Config:
    """``secret_box``: the clinic's keys, for a migration that seals or opens stored secrets (0011)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("supple.db") / "migrations"))
    cfg.attributes["engine"] = engine
    cfg.attributes["secret_box"] = secret_box
    return cfg


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def check_store(engine: Engine) -> None:
    """SQLite: refuse a damaged store file at start (``PRAGMA quick_check``), before anything is written
    to it; a damaged file would otherwise keep taking writes that may be lost or garble more records."""
    if engine.dialect.name != "sqlite":
        return
    from supple.db.store_errors import DAMAGED, StoreDamaged, translate

    try:
        with engine.connect() as conn:
            found = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check(5)")]
    except DBAPIError as err:
        known = translate(err)
        if known is None:
            raise StoreUnavailable(f"Cannot open the database: {err.orig}") from None
        if isinstance(known, StoreDamaged):
            raise StoreDamaged(f"{DAMAGED} (file: {engine.url.database})") from None
        raise known from None
    if found != ["ok"]:
        raise StoreDamaged(f"{DAMAGED} (file: {engine.url.database}; SQLite found: {found[0][:100]})")


def migrate(engine: Engine, secret_box: Callable[[], SecretBox] | None = None) -> None:
    """Check the store file, then bring the schema up to date. Safe to run on every start; cheap when
    already current. ``secret_box`` gives the clinic's keys to a migration that needs them (read only then)."""
    from supple.db.migrations import HEAD

    check_store(engine)

    if _current_revision(engine) == HEAD:
        return
    from alembic import command

    try:
        command.upgrade(alembic_config(engine, secret_box), "head")
    except OperationalError as err:
        raise StoreUnavailable(f"Cannot open the database: {err.orig}") from err


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
