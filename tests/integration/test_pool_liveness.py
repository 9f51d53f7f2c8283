"""PostgreSQL connections without a ping before every use (issue 17, performance): a pooled connection
that rested IDLE_PING_S or more is pinged and, when the server has closed it, replaced without anyone
noticing; one closed while it counted as fresh fails that one request with a 503 that says to try again
(never a 500), and the pool replaces it for the next."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from supple.bootstrap import App
from supple.db import engine as engine_module
from supple.web.app import create_app
from tests.conftest import PG_URL


def _backend(app: App) -> int:
    with app.engine.connect() as c:  # the pool hands out its most recently used connection first
        pid = c.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return int(pid)


def _terminate(pid: int) -> None:
    """Close one server process from outside the app's pool, and wait until it is gone."""
    assert PG_URL
    other = create_engine(PG_URL, poolclass=NullPool)
    try:
        with other.connect() as c:
            assert c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
            alive = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
            for _ in range(500):
                if c.execute(alive, {"pid": pid}).scalar_one() == 0:
                    return
                c.rollback()  # a new snapshot of pg_stat_activity for the next look
            pytest.fail(f"server process {pid} did not end")
    finally:
        other.dispose()


def test_postgresql_pools_without_a_ping_before_every_use(pg_app: App) -> None:
    pool = pg_app.engine.pool
    assert not pool._pre_ping
    assert pool._recycle == engine_module.RECYCLE_S
    first = _backend(pg_app)
    assert _backend(pg_app) == first  # the same connection again, not a round robin through the pool


def test_a_connection_the_server_closed_while_it_rested_is_replaced_unseen(
    pg_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = _backend(pg_app)
    _terminate(pid)
    monkeypatch.setattr(engine_module, "IDLE_PING_S", 0.0)  # it has rested long enough to be pinged
    with TestClient(create_app(pg_app)) as web:
        assert web.get("/api/v1/profiles").status_code == 200
    assert _backend(pg_app) != pid


def test_a_connection_closed_while_it_counted_as_fresh_fails_one_request_with_a_503_to_try_again(
    pg_app: App,
) -> None:
    with TestClient(create_app(pg_app), raise_server_exceptions=False) as web:
        assert web.get("/api/v1/profiles").status_code == 200
        pid = _backend(pg_app)
        _terminate(pid)
        failed = web.get("/api/v1/profiles")
        assert failed.status_code == 503, failed.text
        assert failed.json()["type"] == "/problems/store-unreachable"
        assert "try again in a few seconds" in failed.json()["detail"]
        assert failed.headers["Retry-After"] == "5"
        assert web.get("/api/v1/profiles").status_code == 200
    assert _backend(pg_app) != pid
