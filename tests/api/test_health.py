"""Liveness and readiness for a load balancer: /healthz always, /readyz only with the database at the
migration this code needs; both answer without a login in home and clinic mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from supple.bootstrap import App
from supple.db.migrations import HEAD
from supple.web.app import create_app


@pytest.mark.parametrize("clinic", [False, True], ids=["home", "clinic"])
def test_a_live_process_answers_healthz_and_a_migrated_store_makes_it_ready(any_app: App, clinic: bool) -> None:
    with TestClient(create_app(any_app, clinic=clinic), base_url="https://testserver") as c:
        live = c.get("/healthz")
        assert live.status_code == 200
        assert live.json() == {"status": "ok"}
        ready = c.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["migration"] == HEAD
        assert ready.headers["cache-control"] == "no-store"


def test_a_store_at_an_older_migration_is_not_ready_and_says_which(app: App) -> None:
    with app.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with TestClient(create_app(app)) as c:
        r = c.get("/readyz")
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        body = r.json()
        assert (body["migration"], body["expected_migration"]) == ("0001", HEAD)
        assert "0001" in body["detail"]
        assert c.get("/healthz").status_code == 200  # alive all the same: no restart, just no traffic


def test_a_database_that_does_not_answer_makes_the_process_not_ready(app: App, tmp_path: Path) -> None:
    from dataclasses import replace

    gone = tmp_path / "missing" / "nothing.db"
    dead = replace(app, engine=create_engine(f"sqlite:///{gone}"))
    with TestClient(create_app(dead)) as c:
        r = c.get("/readyz")
        assert r.status_code == 503
        assert "not reachable" in r.json()["detail"]
