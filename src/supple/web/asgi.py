"""An ASGI app factory for several web worker processes in clinic mode (issue 17):

    uvicorn --factory supple.web.asgi:clinic_app --workers 4 --host 10.0.0.5 --port 8765 \\
        --proxy-headers --forwarded-allow-ips 10.0.0.2

Each worker process builds its own app from the environment (``SUPPLE_DATABASE_URL`` …); they share
everything through PostgreSQL: sessions, throttling, the audit log and the job queue.
"""

from __future__ import annotations

from fastapi import FastAPI


def clinic_app() -> FastAPI:
    from supple.bootstrap import build_app
    from supple.web.app import create_app

    return create_app(build_app(), clinic=True)
