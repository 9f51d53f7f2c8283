"""Is this process ready to serve? The store answers and its schema is at the newest migration.

Used by the web door's ``/readyz`` (a load balancer sends traffic only to ready processes) and by
``supple worker`` before it takes jobs. Cheap: one connection and one small query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError


@dataclass(frozen=True)
class Readiness:
    ready: bool
    store: str  # 'ok' or why not
    schema: str  # the store's migration, or why it is unknown
    expected: str  # the migration this code needs


def readiness(engine: Engine) -> Readiness:
    from supple.db.migrations import HEAD

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            try:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            except DBAPIError:
                conn.rollback()
                found = None
    except DBAPIError as err:
        reason = type(err.orig).__name__ if err.orig is not None else type(err).__name__
        return Readiness(False, f"the database does not answer ({reason})", "unknown", HEAD)
    schema = str(found) if found else "no migrations applied"
    return Readiness(found == HEAD, "ok", schema, HEAD)
