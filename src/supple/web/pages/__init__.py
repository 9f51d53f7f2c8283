"""HTML pages. Each page builds a typed context from one service call; templates only render."""

from fastapi import APIRouter

from supple.web.pages import checkin, home, library, program, progress, session

router = APIRouter(include_in_schema=False)
for module in (home, program, checkin, progress, library, session):
    router.include_router(module.router)
