"""Answers given by the ASGI middleware in front of the app (before any route runs): a problem detail
for the API, the friendly error page for a browser page. Used by the CSRF guard and the body limits."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.types import Receive, Scope, Send


async def refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, title: str, detail: str, **headers: str
) -> None:
    extra = [(k.replace("_", "-").lower().encode(), v.encode()) for k, v in headers.items()]
    path = str(scope.get("path", ""))
    if path.startswith("/api/") or path.startswith("/openapi"):
        body = json.dumps({"type": f"/problems/{code}", "title": title, "status": status, "detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                    *extra,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return
    from supple.errors import SuppleError
    from supple.web.pages.rendering import error_page

    err = SuppleError(detail)
    err.http_status, err.code = status, code
    response = error_page(Request(scope, receive), err)
    for key, value in extra:
        response.headers[key.decode()] = value.decode()
    await response(scope, receive, send)
