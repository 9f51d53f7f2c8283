"""Typed dependencies shared by pages and API routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from supple.bootstrap import App


async def get_app(request: Request) -> App:
    app: App = request.app.state.supple
    return app


AppDep = Annotated[App, Depends(get_app)]
