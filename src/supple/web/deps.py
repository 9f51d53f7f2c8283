"""Typed dependencies shared by pages and API routes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from supple.bootstrap import App


async def get_app(request: Request) -> App:
    app: App = request.app.state.supple
    return app


AppDep = Annotated[App, Depends(get_app)]


async def cached_body(
    app: App, kind: str, key: Callable[[], tuple[Hashable, ...]], build: Callable[[], bytes]
) -> bytes:
    """A rendered body from the view cache, checked on the event loop with one indexed read; only a
    miss (or an error, such as a locked profile) goes to a worker thread. See docs/decisions/0005."""
    hit = app.cache.get((kind, *key()))
    if isinstance(hit, bytes):
        return hit
    return await run_in_threadpool(build)
