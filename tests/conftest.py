from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from supple.bootstrap import App
from supple.catalogue.catalogue import Catalogue
from supple.config import Settings
from supple.db.engine import make_engine, migrate, session_factory
from supple.vision.estimator import Estimators
from tests.factories import Clock, shared_catalogue

pytest_plugins = ["tests.no_skips"]  # `make test` fails on a skip (SUPPLE_TEST_NO_SKIPS)

PG_URL = os.environ.get("SUPPLE_TEST_POSTGRES_URL")
ESTIMATORS = Estimators()  # the real model, built once for the whole run (a quarter of a second each time)

# The validated-catalogue cache of this test run (and of the CLI processes it starts), not the user's own.
_CACHE = tempfile.mkdtemp(prefix="supple-test-cache-")
os.environ.setdefault("SUPPLE_CACHE_DIR", _CACHE)
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return shared_catalogue()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _app(url: str, tmp_path: Path, clock: Clock) -> App:
    engine = make_engine(url)
    migrate(engine)
    return App(
        Settings(data_dir=tmp_path), engine, session_factory(engine), shared_catalogue(), clock, estimators=ESTIMATORS
    )


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Iterator[App]:
    """The real store on a new SQLite file."""
    a = _app(f"sqlite:///{tmp_path / 'supple.db'}", tmp_path, clock)
    yield a
    a.engine.dispose()


def _postgres_app(tmp_path: Path, clock: Clock) -> App:
    if not PG_URL:
        pytest.skip("no PostgreSQL server: set SUPPLE_TEST_POSTGRES_URL (make test starts one)")
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return _app(PG_URL, tmp_path, clock)


@pytest.fixture
def pg_app(tmp_path: Path, clock: Clock) -> Iterator[App]:
    """The real store on PostgreSQL only, for what clinic mode does there alone (a shared job queue,
    TRUNCATE): one case, not a SQLite case that would only be skipped."""
    a = _postgres_app(tmp_path, clock)
    yield a
    a.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_app(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Iterator[App]:
    """The real store on SQLite and on PostgreSQL (skipped when no server is running)."""
    if request.param == "sqlite":
        a = _app(f"sqlite:///{tmp_path / 'supple.db'}", tmp_path, clock)
    else:
        a = _postgres_app(tmp_path, clock)
    yield a
    a.engine.dispose()
