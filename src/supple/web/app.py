"""The web application factory. Nothing is built at import time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from supple.bootstrap import App, store_error_type
from supple.errors import SuppleError
from supple.web.problems import (
    handle_http_error,
    handle_store_error,
    handle_supple_error,
    handle_too_deep,
    handle_unexpected,
    handle_validation_error,
)

if TYPE_CHECKING:
    from fastapi.templating import Jinja2Templates

    from supple.web.csrf import FormTokens
    from supple.web.lan import LanInfo

# Pages may load only what this server sends: no CDN, no web fonts, no analytics.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; font-src 'self'; media-src 'self' blob: data:; object-src 'none'; "
    "worker-src 'self'; manifest-src 'self'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Supple API</title>
<link rel="stylesheet" href="/static/swagger/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body>
</html>
"""
# Swagger UI sets style attributes from its script; everything else stays as strict as the pages.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware) adding the same-origin policy headers, and
    ``Cache-Control: no-store`` on everything but the site's own files: pages and API answers hold health
    data that must not stay in a browser's or a proxy's cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        docs = path.startswith("/docs")
        shared_file = path.startswith("/static/") or path.startswith("/figures/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if not shared_file:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


def _clinic_mode(api: FastAPI, supple: App, on: bool) -> None:
    """Clinic mode (issue 17): the login and account pages, and nothing else (docs/clinic.md)."""
    if on:
        from supple.web.clinic import install_clinic

        install_clinic(api, supple)


def create_app(
    supple: App, lan: LanInfo | None = None, hosts: Iterable[str] | None = None, *, clinic: bool | None = None
) -> FastAPI:
    """The app; with ``lan`` (``supple serve --lan``) only paired browsers get past the pairing page.
    With ``hosts``, requests addressed to any other host name are refused (against DNS rebinding).
    With ``clinic`` (default: the ``clinic`` setting) only clinic mode's login and account pages are served."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if (jobs := getattr(app.state, "jobs", None)) is not None:
            # home: fail waiting jobs, stop a running one, delete uploads; clinic: close the queue (issue 17)
            await asyncio.to_thread(jobs.close)
            app.state.jobs = None  # an app started again (its lifespan run anew) makes a new runner on first use
        supple.estimators.close()
        supple.engine.dispose()

    api = FastAPI(
        title="Supple",
        version="1.0",
        summary="Mobility for the mid back, ankles and hips: screening, tests, routine, sessions, progress.",
        docs_url=None,  # served below from this machine, not from a CDN
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    clinic_on = supple.settings.clinic if clinic is None else clinic
    from supple.web.csrf import PURPOSE, FormTokens

    # This app's form token: random per start at home; derived from the clinic secret key in clinic mode,
    # so every worker process agrees (web/csrf.py).
    tokens = FormTokens(partial(supple.derived_secrets, PURPOSE) if clinic_on else None)
    api.state.supple = supple
    api.state.form_tokens = tokens
    api.state.templates = _templates(supple, tokens)
    from supple.web.pages.rendering import error_page

    api.state.error_page = error_page  # the HTML error page the app-wide handlers draw for page routes
    api.add_exception_handler(SuppleError, handle_supple_error)
    api.add_exception_handler(RequestValidationError, handle_validation_error)
    api.add_exception_handler(StarletteHTTPException, handle_http_error)
    api.add_exception_handler(store_error_type(), handle_store_error)  # busy, full, read-only, damaged
    api.add_exception_handler(RecursionError, handle_too_deep)  # e.g. JSON nested thousands of levels deep
    api.add_exception_handler(OverflowError, handle_too_deep)  # e.g. an integer too large for the store
    api.add_exception_handler(Exception, handle_unexpected)

    if lan is not None:
        from supple.web.lan import install_lan

        install_lan(api, lan)
    from supple.web.csrf import CsrfGuard
    from supple.web.limits import BodyLimits

    api.add_middleware(CsrfGuard, tokens=tokens)  # outside the pairing gate: /pair is guarded too
    api.add_middleware(BodyLimits)  # outside the guard, which may read the start of a form
    if hosts is not None:
        from supple.web.hosts import AllowedHosts

        api.add_middleware(AllowedHosts, hosts=hosts)
    _clinic_mode(api, supple, clinic_on)
    api.add_middleware(SecurityHeaders)
    _install_doors(api)
    _document_problems(api)
    return api


def _document_problems(api: FastAPI) -> None:
    """The OpenAPI document says what every error answer really is: a problem detail."""
    from supple.web.api.common import problem_media_types

    made = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            api.openapi_schema = problem_media_types(made())
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


def _templates(supple: App, tokens: FormTokens) -> Jinja2Templates:
    """This app's own templates, with what the features put in them (nothing shared between apps)."""
    from supple.web import figures, phone, walk
    from supple.web.camera import contexts as camera
    from supple.web.pages.rendering import make_templates

    return make_templates(
        {
            "csrf_input": tokens.input,  # {{ csrf_input() }} in every POST form: this app's token
            **camera.template_globals(),
            **phone.template_globals(supple),
            **figures.template_globals(supple),
            **walk.template_globals(),
        }
    )


def _install_doors(api: FastAPI) -> None:
    """The pages, the JSON API, the feature routers and the static files."""
    from supple.web import figures, pwa, walk, walk_api
    from supple.web.api import router as api_router
    from supple.web.camera import api as camera_api
    from supple.web.camera import pages as camera
    from supple.web.pages import router as pages_router

    api.include_router(api_router)
    api.include_router(pages_router)
    api.include_router(camera.router)  # measuring from a photo or video (issue 5)
    api.include_router(camera_api.router)
    api.include_router(figures.router)
    api.include_router(pwa.router)  # manifest and service worker: installable, works offline
    api.include_router(walk.router)  # the walk test and walk imports (issue 16)
    api.include_router(walk_api.router)  # the walk JSON API: recordings in as jobs
    from supple.web import report_jobs

    api.include_router(report_jobs.router)  # the PDF report as a background job (issue 17)
    from supple.web import health

    api.include_router(health.router)  # /healthz and /readyz for load balancers (issue 17)
    import fastapi_offline  # ships Swagger UI 5 (OpenAPI 3.1) as files
    from fastapi.responses import HTMLResponse

    @api.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    swagger_files = Path(fastapi_offline.__file__).parent / "static"
    api.mount("/static/swagger", StaticFiles(directory=str(swagger_files)), name="swagger")
    api.mount("/static", StaticFiles(directory=str(resources.files("supple.web") / "static")), name="static")
