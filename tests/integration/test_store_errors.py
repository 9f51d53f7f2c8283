"""The store's own failures (issue 11, medium 6): a damaged file is refused at start; busy, full and
read-only stores give a specific message (503 + Retry-After when busy), never a 500 or a traceback; the
server log never shows the values of a failed statement."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from supple.bootstrap import App
from supple.catalogue.loader import default_catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.db.store_errors import EXIT_BUSY, EXIT_STORE, StoreDamaged
from supple.services import profiles
from supple.services.inputs import ProfileIn, parse
from supple.web.app import create_app
from tests.cli.runner import output, run
from tests.factories import Clock

API = "/api/v1"


def _store_with_rows(path: Path, rows: int = 400) -> None:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    app = App(Settings(data_dir=path.parent), engine, session_factory(engine), default_catalogue(), Clock())
    for i in range(rows):
        profiles.create(app, parse(ProfileIn, {"name": f"Person {i}", "sex": "female"}))
    engine.dispose()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_store_damaged_mid_file_is_refused_at_start_and_not_written(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    _store_with_rows(store)
    size = store.stat().st_size
    assert size > 8 * 4096
    with store.open("r+b") as f:  # one page in the middle overwritten, as a failing disk would
        f.seek(size // 2 // 4096 * 4096)
        f.write(os.urandom(4096))
    before = _sha(store)
    with pytest.raises(StoreDamaged, match="damaged"):
        migrate(make_engine(f"sqlite:///{store}"))
    result = run(tmp_path, "profile", "create", "Ann")
    assert result.returncode == EXIT_STORE
    assert "store file is damaged, so Supple will not write to it" in output(result)
    assert _sha(store) == before


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """Another process holds the store's write lock (as a long import did)."""
    store = tmp_path / "s.db"
    _store_with_rows(store, rows=1)
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield store
    holder.execute("ROLLBACK")
    holder.close()


def test_a_busy_store_is_a_503_with_retry_after_and_a_plain_sentence_in_the_cli(locked: Path, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{locked}")
    app = App(Settings(data_dir=tmp_path), engine, session_factory(engine), default_catalogue(), Clock())
    with TestClient(create_app(app)) as client:
        r = client.post(f"{API}/profiles", json={"name": "Ann"})
    assert r.status_code == 503
    assert r.headers["retry-after"] == "5"
    assert r.json()["type"] == "/problems/store-busy"
    assert "try again" in r.json()["detail"]
    engine.dispose()
    result = run(tmp_path, "profile", "create", "Ann")
    assert result.returncode == EXIT_BUSY
    assert "The store is busy with another change" in output(result)


def test_a_full_store_and_a_read_only_store_say_so(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    _store_with_rows(store, rows=1)
    full = make_engine(f"sqlite:///{store}")
    with closing(sqlite3.connect(store)) as raw:
        raw.execute("VACUUM")  # no free pages left over from the migrations' table copies: full means full
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    event.listen(full, "connect", lambda conn, _r: conn.execute(f"PRAGMA max_page_count={pages}"))
    app = App(Settings(data_dir=tmp_path), full, session_factory(full), default_catalogue(), Clock())
    with TestClient(create_app(app)) as client:
        statuses = {
            client.post(f"{API}/profiles", json={"name": f"Name {'x' * 70} {i}"}).status_code for i in range(40)
        }
        assert 507 in statuses
        assert 500 not in statuses
    full.dispose()
    ro = make_engine(f"sqlite:///file:{store}?mode=ro&uri=true")
    app = App(Settings(data_dir=tmp_path), ro, session_factory(ro), default_catalogue(), Clock())
    with TestClient(create_app(app)) as client:
        r = client.post(f"{API}/profiles", json={"name": "Ann"})
    assert r.status_code == 503
    assert r.json()["type"] == "/problems/store-read-only"
    ro.dispose()


def test_database_errors_never_show_the_values_they_were_given(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(OperationalError, match="no such table") as err, engine.begin() as conn:
        conn.execute(text("INSERT INTO no_such_table VALUES (:v)"), {"v": "pain 9 of 10, secret"})
    assert "secret" not in str(err.value)
    assert "hidden" in str(err.value)
    engine.dispose()


def test_a_long_import_holds_the_write_lock_only_briefly(tmp_path: Path) -> None:
    """30 000 measurements go in with one flush per table: another writer waits well under its timeout."""
    from supple.services import export
    from supple.services.import_ import import_profile
    from tests.integration.lived_in import lived_in_profile

    clock = Clock()
    source_engine = make_engine(f"sqlite:///{tmp_path / 'source.db'}")
    migrate(source_engine)
    source = App(Settings(data_dir=tmp_path), source_engine, session_factory(source_engine), default_catalogue(), clock)
    lived_in_profile(source, clock)
    doc = export.document(source, "Ann")
    source_engine.dispose()
    first = doc["data"]["assessments"][0]
    template = first["measurements"][0]
    first["measurements"] = [dict(template, trial=1 + i % 3) for i in range(30_000)]
    doc["checksum"] = export.checksum_of(doc["data"])
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    migrate(engine)
    app = App(Settings(data_dir=tmp_path), engine, session_factory(engine), default_catalogue(), clock)
    failures: list[BaseException] = []

    def other_writer() -> None:
        try:
            for i in range(20):
                profiles.create(app, parse(ProfileIn, {"name": f"Other {i}"}))
        except BaseException as e:
            failures.append(e)

    t = threading.Thread(target=other_writer)
    t.start()
    import_profile(app, export.to_json(doc))
    t.join(timeout=120)
    assert not failures
    assert len(profiles.list_all(app)) == 21
    engine.dispose()
