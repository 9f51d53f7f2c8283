"""Installable and offline: the web app manifest and the service worker, served from the app's own
origin. ``/sw.js`` lives at the root so its scope is the whole app (``Service-Worker-Allowed: /``
says so explicitly); the CSP allows it with ``worker-src 'self'`` and ``manifest-src 'self'``."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

router = APIRouter(include_in_schema=False)

MANIFEST = {
    "name": "Supple",
    "short_name": "Supple",
    "description": "Gentle mobility for the mid back, ankles and hips, guided session by session.",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "orientation": "any",
    "background_color": "#ffffff",
    "theme_color": "#1f5fa8",
    "icons": [{"src": "/static/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
}


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    return JSONResponse(MANIFEST, media_type="application/manifest+json", headers={"Cache-Control": "no-cache"})


@router.get("/sw.js")
def service_worker(request: Request) -> Response:
    code = (resources.files("supple.web") / "static" / "sw.js").read_text(encoding="utf-8")
    if getattr(request.app.state, "clinic", False):  # pages about clients are never kept on the device
        code = code.replace("const KEEP_PAGES = true;", "const KEEP_PAGES = false;", 1)
    return Response(
        code,
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )
