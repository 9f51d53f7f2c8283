"""Liveness and readiness for a load balancer or an orchestrator (docs/clinic.md, deployment).

``/healthz``: the process answers (no database work, so a slow database never restarts healthy
processes). ``/readyz``: the database answers and its schema is at the migration this code needs;
503 otherwise, so traffic goes to other processes. Neither says anything about anyone's data, so
both answer without a login in every mode.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from supple.bootstrap import App
from supple.services.health import readiness

router = APIRouter(include_in_schema=False)
PATHS = ("/healthz", "/readyz")


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    supple: App = request.app.state.supple
    found = await run_in_threadpool(readiness, supple.engine)
    body: dict[str, Any] = {
        "status": "ready" if found.ready else "not ready",
        "database": found.store,
        "migration": found.schema,
        "expected_migration": found.expected,
    }
    if found.ready:
        return JSONResponse(body)
    problem = {"type": "about:blank", "title": "Not ready", "status": 503, "detail": _why(found.store, found.schema)}
    return JSONResponse(problem | body, status_code=503, media_type="application/problem+json")


def _why(store: str, schema: str) -> str:
    if store != "ok":
        return f"The database is not reachable: {store}."
    return f"The database schema is at '{schema}'; this version of Supple needs the newest migration."
