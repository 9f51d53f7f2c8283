"""Errors as RFC 9457 problem details (API) or a friendly page (HTML). Never a 500 for bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from supple.catalogue.catalogue import Catalogue
from supple.errors import InvalidInput, NotYet, SafetyStop, SuppleError
from supple.problems import Code, Problem

PROBLEM_JSON = "application/problem+json"


class LimitsOut(BaseModel):
    """What is allowed: a range with its unit, a list of choices, or a few words."""

    min: float | None = None
    max: float | None = None
    unit: str | None = None
    allowed: list[str] = []
    text: str | None = None


class FieldProblem(BaseModel):
    """One problem: where (a path into the request body), what kind (a stable code), what was given,
    what is allowed — and the same in plain words for a person."""

    location: list[str | int]
    field: str = Field(description="the location as a dotted path")
    code: Code
    message: str = Field(description="what is wrong, in plain words")
    label: str | None = Field(default=None, description="the field in a person's words")
    given: str | None = Field(default=None, description="what was given (at most 100 characters)")
    limits: LimitsOut | None = None
    allowed: str | None = Field(default=None, description="the limits in plain words, with the unit")

    @classmethod
    def of(cls, p: Problem, catalogue: Catalogue | None = None) -> FieldProblem:
        from supple.services.problem_words import field_label

        lim = p.limits
        return cls(
            location=list(p.loc),
            field=p.field,
            code=p.code,
            message=p.message,
            label=field_label(p.loc, catalogue) if p.loc else None,
            given=p.given,
            limits=LimitsOut(min=lim.min, max=lim.max, unit=lim.unit, allowed=list(lim.allowed), text=lim.text)
            if lim
            else None,
            allowed=p.allowed,
        )


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
    opens_at: str | None = None  # not-yet: when the step opens (ISO 8601, the app's local time)


def _problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = ProblemDetail(type=f"/problems/{code}", title=title, status=status, detail=detail, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON)


def problem_for(err: SuppleError, catalogue: Catalogue | None = None) -> JSONResponse:
    if isinstance(err, InvalidInput):
        fields = [FieldProblem.of(p, catalogue) for p in err.problems]
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
    if isinstance(err, NotYet):
        return _problem(err.http_status, err.code, "Not yet", err.message, opens_at=err.opens_at.isoformat())
    return _problem(err.http_status, err.code, err.message, err.message)


def validation_problems(request: Request, exc: RequestValidationError) -> InvalidInput:
    """The framework's validation errors as problems, with every further problem the use case's own
    checks find in the same body (an unknown test id next to a word where a number goes)."""
    from supple.services.checks import all_problems
    from supple.services.inputs import problems_from

    model = _body_model(request)
    body = getattr(exc, "body", None)
    errors = list(exc.errors())
    if model is not None and all(e["loc"][:1] == ("body",) for e in errors):
        year = _year(request)
        return InvalidInput(all_problems(_catalogue(request), model, body, year), "The request has problems")
    return InvalidInput(problems_from(errors, model, {"body": body} if model else None), "The request has problems")


def _body_model(request: Request) -> type[BaseModel] | None:
    from fastapi.routing import APIRoute

    route = request.scope.get("route")
    field = route.body_field if isinstance(route, APIRoute) else None
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _catalogue(request: Request) -> Catalogue | None:
    app = getattr(request.app.state, "supple", None)
    return getattr(app, "catalogue", None)


def _year(request: Request) -> int | None:
    clock = getattr(getattr(request.app.state, "supple", None), "clock", None)
    return clock().year if callable(clock) else None


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


DrawErrorPage = Callable[[Request, SuppleError], Response]


def _error_page(request: Request, err: SuppleError) -> Response:
    """The friendly HTML page for an error on a page route, drawn by the function the app factory keeps
    in the app's state (``web.pages.rendering.error_page``): these handlers serve the API too, so they
    do not import the pages (the API and the pages stay independent, with no exception to list)."""
    draw: DrawErrorPage = request.app.state.error_page
    return draw(request, err)


async def handle_supple_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SuppleError)
    if wants_json(request):
        return problem_for(exc, _catalogue(request))
    return _error_page(request, exc)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return await handle_supple_error(request, validation_problems(request, exc))


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
    err = InvalidInput([Problem.saying((), f"the request {what}")], "The request has problems; nothing was saved")
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
    return _error_page(request, err)
