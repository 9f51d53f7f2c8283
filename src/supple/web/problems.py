"""Errors as RFC 9457 problem details (API) or a friendly page (HTML). Never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from supple.errors import InvalidInput, Problem, SafetyStop, SuppleError

PROBLEM_JSON = "application/problem+json"


class FieldProblem(BaseModel):
    field: str
    message: str
    allowed: str | None = None
    unit: str | None = None


class ProblemDetail(BaseModel):
    """Problem details (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] = []
    heading: str | None = None
    advice: str | None = None
    reasons: list[str] = []


def _problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = ProblemDetail(type=f"/problems/{code}", title=title, status=status, detail=detail, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON)


def problem_for(err: SuppleError) -> JSONResponse:
    if isinstance(err, InvalidInput):
        fields = [FieldProblem(field=p.field, message=p.message, allowed=p.allowed, unit=p.unit) for p in err.problems]
        return _problem(err.http_status, err.code, err.message, str(err), errors=fields)
    if isinstance(err, SafetyStop):
        d = err.detail
        return _problem(
            err.http_status,
            err.code,
            "Stopped for safety",
            d.heading,
            heading=d.heading,
            advice=d.advice,
            reasons=d.reasons,
        )
    return _problem(err.http_status, err.code, err.message, err.message)


def validation_problems(exc: RequestValidationError) -> InvalidInput:
    from supple.services.inputs import problems_from

    return InvalidInput(problems_from(exc.errors()), "The request has problems")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def handle_supple_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SuppleError)
    if wants_json(request):
        return problem_for(exc)
    from supple.web.pages.rendering import error_page

    return error_page(request, exc)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return await handle_supple_error(request, validation_problems(exc))


async def handle_unexpected(request: Request, exc: Exception) -> Response:
    """A bug. The person gets a calm message; the details go to the server log."""
    import logging

    logging.getLogger("supple").error("unexpected error on %s", request.url.path, exc_info=exc)
    err = SuppleError("Something went wrong inside Supple. Nothing was saved. Please try again.")
    err.http_status = 500
    return await handle_supple_error(request, err)


async def handle_store_error(request: Request, exc: Exception) -> Response:
    """Busy, full, read-only or damaged store: a specific message (503 + Retry-After when busy)."""
    from supple.bootstrap import store_error

    err = store_error(exc)
    if err is None:
        return await handle_unexpected(request, exc)
    response = await handle_supple_error(request, err)
    if (wait := getattr(err, "retry_after", None)) is not None:
        response.headers["Retry-After"] = str(wait)
    return response


async def handle_too_deep(request: Request, exc: Exception) -> Response:
    """RecursionError / OverflowError from a value out of all proportion: the sender's problem, not a bug."""
    what = "nested too deeply" if isinstance(exc, RecursionError) else "holds a number too large to store"
    err = InvalidInput([Problem("(top level)", f"the request {what}")], "The request has problems; nothing was saved")
    return await handle_supple_error(request, err)


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """The framework's own 404 / 405 / 400 (an unknown route, a wrong method, an unreadable body),
    rendered like every other error: a problem detail for the API, the friendly page otherwise."""
    from starlette.exceptions import HTTPException

    assert isinstance(exc, HTTPException)
    codes = {404: "not-found", 405: "method-not-allowed", 400: "bad-request", 408: "request-timeout", 413: "too-large"}
    codes |= {415: "unsupported-media-type"}
    titles = {
        404: "There is nothing at this address.",
        405: "This address does not accept that method.",
        400: "The request body could not be read (send JSON).",
    }
    err = SuppleError(titles.get(exc.status_code, str(exc.detail)))
    err.http_status = exc.status_code
    err.code = codes.get(exc.status_code, "http-error")
    if wants_json(request):
        return problem_for(err)
    from supple.web.pages.rendering import error_page

    return error_page(request, err)
