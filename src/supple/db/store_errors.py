"""What the store's own failures mean for the person: busy, full, read-only, damaged.

Each becomes a SuppleError with a plain sentence, an HTTP status (503 with Retry-After for busy) and a
CLI exit code (4 busy: try again; 5 the store cannot be written or is damaged), instead of a 500 or
"something went wrong (OperationalError)".
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

from supple.errors import SuppleError

EXIT_BUSY, EXIT_STORE = 4, 5


class StoreBusy(SuppleError):
    code = "store-busy"
    http_status = 503
    exit_code = EXIT_BUSY
    retry_after = 5


class StoreFull(SuppleError):
    code = "store-full"
    http_status = 507
    exit_code = EXIT_STORE


class StoreReadOnly(SuppleError):
    code = "store-read-only"
    http_status = 503
    exit_code = EXIT_STORE


class StoreUnreachable(SuppleError):
    code = "store-unreachable"
    http_status = 503
    exit_code = EXIT_BUSY
    retry_after = 5


class StoreDamaged(SuppleError):
    code = "store-damaged"
    http_status = 503
    exit_code = EXIT_STORE


BUSY = (
    "The store is busy with another change (an import, or Supple running elsewhere). Nothing was saved; "
    "please try again in a few seconds."
)
FULL = "The disk holding Supple's store is full. Nothing was saved; free some space and try again."
READ_ONLY = (
    "Supple's store cannot be written (the file or its folder is read-only, or belongs to another user). "
    "Nothing was saved."
)
DAMAGED = (
    "Supple's store file is damaged, so Supple will not write to it. Nothing was saved. Restore a backup, "
    "or move the file aside and import your last export."
)
UNREACHABLE = (
    "Supple lost its connection to the store (the database server restarted or the network dropped). "
    "Please try again in a few seconds."
)

# SQLite's primary result codes and PostgreSQL's SQLSTATE classes for the same conditions.
_SQLITE = {
    sqlite3.SQLITE_BUSY: (StoreBusy, BUSY),
    sqlite3.SQLITE_LOCKED: (StoreBusy, BUSY),
    sqlite3.SQLITE_FULL: (StoreFull, FULL),
    sqlite3.SQLITE_READONLY: (StoreReadOnly, READ_ONLY),
    sqlite3.SQLITE_CANTOPEN: (StoreReadOnly, READ_ONLY),
    sqlite3.SQLITE_CORRUPT: (StoreDamaged, DAMAGED),
    sqlite3.SQLITE_NOTADB: (StoreDamaged, DAMAGED),
}
_POSTGRES = {"55P03": (StoreBusy, BUSY), "40P01": (StoreBusy, BUSY), "53100": (StoreFull, FULL)}
_POSTGRES |= {"25006": (StoreReadOnly, READ_ONLY), "XX001": (StoreDamaged, DAMAGED), "XX002": (StoreDamaged, DAMAGED)}
_TEXT = (
    ("database is locked", StoreBusy, BUSY),
    ("database or disk is full", StoreFull, FULL),
    ("readonly database", StoreReadOnly, READ_ONLY),
    ("malformed", StoreDamaged, DAMAGED),
    ("file is not a database", StoreDamaged, DAMAGED),
)


def translate(err: BaseException) -> SuppleError | None:
    """The person's version of a store error, or None when it is something else (a bug)."""
    if not isinstance(err, DBAPIError):
        return None
    if err.connection_invalidated:  # the server closed the connection: the pool has already replaced it
        return StoreUnreachable(UNREACHABLE)
    orig = err.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE:
        kind, text = _SQLITE[code & 0xFF]
        return kind(text)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if isinstance(state, str) and state in _POSTGRES:
        kind, text = _POSTGRES[state]
        return kind(text)
    message = str(orig).lower()
    for needle, kind, text in _TEXT:
        if needle in message:
            return kind(text)
    return None
