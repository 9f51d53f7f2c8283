"""How much a request may send, per route, and how long it may stall while sending it.

The limit is checked on the ASGI receive stream itself, so it holds for a body sent in chunks (no
Content-Length) as well: the request is refused (413) as soon as one byte too many has arrived, before
the rest is read or written anywhere. A body that stops arriving for ``IDLE_SECONDS`` is dropped (408),
so an idle upload does not hold a connection forever.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024
DEFAULT_LIMIT = 1 * MB  # every JSON document and form of Supple is far smaller
IDLE_SECONDS = 30.0
SCOPE_KEY = "supple.body_limit"


FORM_FIELDS = MB  # what a form with a file may send besides the file (the other fields, the boundaries)


@dataclass(frozen=True)
class Limit:
    pattern: re.Pattern[str]
    body: int  # bytes the request may send
    said: int  # the limit told to the person (a form's file limit, not the whole form's)


def _route_limits() -> list[Limit]:
    from supple.catalogue.gait import gait_rules
    from supple.services.import_ import MAX_BYTES as EXPORT_FILE
    from supple.vision.media import MAX_BYTES as MEDIA_FILE

    def form_with(pattern: str, file: int) -> Limit:
        return Limit(re.compile(pattern), file + FORM_FIELDS, file)

    walk_file = gait_rules().limits.max_bytes  # limits.max_bytes of rules/gait.yaml

    return [
        Limit(re.compile(r"/api/v1/imports"), EXPORT_FILE, EXPORT_FILE),  # the export file is the body
        form_with(r"/import", EXPORT_FILE),
        form_with(r"/clinic/move-in", EXPORT_FILE),  # clinic mode: a client brings their history from home
        form_with(r"/p/[^/]+/tests/[^/]+/camera", MEDIA_FILE),
        form_with(r"/api/v1/profiles/[^/]+/camera/[^/]+", MEDIA_FILE),
        Limit(re.compile(r"/api/v1/profiles/[^/]+/walks"), walk_file, walk_file),  # the recording is the body
        form_with(r"/p/[^/]+/walk/import", walk_file),
        Limit(re.compile(r"/pair"), 4 * 1024, 4 * 1024),  # LAN mode, before pairing: a six-digit code
    ]


DEFAULT = Limit(re.compile(".*"), DEFAULT_LIMIT, DEFAULT_LIMIT)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: Limit) -> None:
        super().__init__(413, too_large_text(limit.said))


class BodyStalled(HTTPException):
    def __init__(self) -> None:
        super().__init__(408, f"The request stopped arriving for {IDLE_SECONDS:.0f} seconds, so it was dropped.")


def too_large_text(limit: int) -> str:
    size = f"{limit / MB:.0f} MB" if limit >= MB else f"{limit // 1024} KB"
    return f"The request is too large for this address: at most {size}. Nothing was saved."


class BodyLimits:
    """Pure ASGI middleware: a byte budget per route on the receive stream, and an idle timeout."""

    def __init__(self, app: ASGIApp, idle_seconds: float | None = None) -> None:
        self.app = app
        self.idle = IDLE_SECONDS if idle_seconds is None else idle_seconds
        self.routes = _route_limits()

    def limit_for(self, path: str) -> Limit:
        return next((limit for limit in self.routes if limit.pattern.fullmatch(path)), DEFAULT)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(str(scope["path"]))
        scope[SCOPE_KEY] = limit.body
        length = Headers(scope=scope).get("content-length", "")
        if length.strip().isdigit() and int(length) > limit.body:
            await _answer(scope, receive, send, BodyTooLarge(limit))
            return
        total = 0
        complete = False
        started = False

        async def limited() -> Message:
            nonlocal total, complete
            if complete:  # after the body: the app only listens for a disconnect, which may take long
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.idle)
            except TimeoutError:
                raise BodyStalled() from None
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > limit.body:
                    raise BodyTooLarge(limit)
                complete = not message.get("more_body", False)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracked)
        except (BodyTooLarge, BodyStalled) as err:  # raised outside a route (e.g. while the CSRF guard read)
            if started:
                raise
            await _answer(scope, receive, send, err)


async def _answer(scope: Scope, receive: Receive, send: Send, err: HTTPException) -> None:
    from supple.web.refusals import refuse

    code = "too-large" if err.status_code == 413 else "request-timeout"
    title = "Request too large" if err.status_code == 413 else "Request stalled"
    await refuse(scope, receive, send, err.status_code, code, title, str(err.detail), connection="close")
