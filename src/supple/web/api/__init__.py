"""The JSON API under /api/v1. Every route has a response model and documented problem responses."""

from fastapi import APIRouter

from supple.web.api import catalogue, people, program, records

router = APIRouter(prefix="/api/v1")
for module in (people, program, catalogue, records):
    router.include_router(module.router)
