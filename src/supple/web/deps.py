"""Typed dependencies shared by pages and API routes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from supple.bootstrap import App
from supple.errors import SafetyStop
from supple.services import profiles
from supple.services.profiles import ProfileView
from supple.services.screening import stop_status


async def get_app(request: Request) -> App:
    app: App = request.app.state.supple
    return app


AppDep = Annotated[App, Depends(get_app)]


def get_profile(app: AppDep, name: str) -> ProfileView:
    """The profile named in the path (``/p/{name}/...``, ``/api/v1/profiles/{name}/...``); NotFound (404) if none."""
    return profiles.get(app, name)


ProfileDep = Annotated[ProfileView, Depends(get_profile)]


def guard(app: App, name: str) -> None:
    """Raise SafetyStop (the stop page, or 403 problem details) while the profile's program is stopped."""
    detail = stop_status(app, name)
    if detail is not None:
        raise SafetyStop(detail)


def get_unlocked_profile(app: AppDep, view: ProfileDep) -> ProfileView:
    """The profile named in the path, refused with SafetyStop (the stop page, 403) while its program is
    stopped for safety: for the routes that lead towards exercise or record new results."""
    guard(app, view.name)
    return view


UnlockedProfileDep = Annotated[ProfileView, Depends(get_unlocked_profile)]


async def cached_body(
    app: App, kind: str, key: Callable[[], tuple[Hashable, ...]], build: Callable[[], bytes]
) -> bytes:
    """A rendered body from the view cache, checked on the event loop with one indexed read; only a
    miss (or an error, such as a locked profile) goes to a worker thread. See docs/decisions/0005."""
    hit = app.cache.get((kind, *key()))
    if isinstance(hit, bytes):
        return hit
    return await run_in_threadpool(build)
