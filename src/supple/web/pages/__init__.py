"""HTML pages. Each page builds a typed context from one service call; templates only render."""

from fastapi import APIRouter

from supple.web.pages import checkin, delete, home, library, program, progress, records, session, start

router = APIRouter(include_in_schema=False)
for module in (home, program, checkin, progress, library, session, records, start, delete):
    router.include_router(module.router)
