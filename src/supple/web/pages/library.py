"""Pages: the exercise library (search and filters) and one page per exercise."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from supple.errors import NotFound
from supple.problems import Limits, with_allowed
from supple.services import profiles
from supple.services.library import ExerciseFilter, equipment_needed, search_exercises
from supple.web.deps import AppDep
from supple.web.pages.library_contexts import (
    FLOOR_OPTIONS,
    POSITION_OPTIONS,
    REGION_OPTIONS,
    LibraryFilters,
    LibraryPage,
    Option,
    exercise_card,
    exercise_page,
    have_options,
)
from supple.web.pages.rendering import PROFILE_COOKIE, layout, render

router = APIRouter()

QUERY_MAX = 100  # characters in the search box (its maxlength says the same); a longer one is refused


def _query_problem(q: str) -> str | None:
    """The words for a search longer than the box allows (a typed-in address can be longer)."""
    if len(q) <= QUERY_MAX:
        return None
    return with_allowed(
        f"The search is too long: {len(q)} characters", Limits(max=QUERY_MAX, unit="characters").describe()
    )


def _known(value: str | None, options: list[Option]) -> str:
    """Only a value the filter offers; anything else is ignored rather than refused."""
    return value if value and any(o.value == value for o in options) else ""


def profile_from_cookie(request: Request, app: AppDep) -> str | None:
    """The person whose pages linked here (remembered in a cookie), if that profile still exists."""
    raw = request.cookies.get(PROFILE_COOKIE)
    if not raw:
        return None
    name = unquote(raw)
    return name if any(p.name == name for p in profiles.list_all(app)) else None


@router.get("/exercises", response_class=HTMLResponse)
def library(
    request: Request,
    app: AppDep,
    q: str = Query(default=""),  # checked below, so a long one gets this page with the reason
    region: str | None = Query(default=None, max_length=40),
    have: Annotated[list[str] | None, Query()] = None,  # ticked boxes: ?have=chair&have=wall
    position: str | None = Query(default=None, max_length=40),
    floor: str | None = Query(default=None, max_length=10),
) -> HTMLResponse:
    problem = _query_problem(q.strip())
    owned = have_options(equipment_needed(app.catalogue))
    given = set(have or [])  # unknown values are ignored, like the other filters
    ticked = tuple(o.value for o in owned if o.value in given)
    filters = LibraryFilters(
        q.strip()[:QUERY_MAX],
        _known(region, REGION_OPTIONS),
        ticked,
        _known(position, POSITION_OPTIONS),
        _known(floor, FLOOR_OPTIONS),
    )
    found = search_exercises(
        app.catalogue,
        ExerciseFilter(
            None if problem else filters.q or None,
            filters.region or None,
            None,
            filters.position or None,
            {"yes": True, "no": False}.get(filters.floor),
            frozenset(ticked) if ticked else None,
        ),
    )
    page = LibraryPage(
        filters,
        REGION_OPTIONS,
        owned,
        POSITION_OPTIONS,
        FLOOR_OPTIONS,
        [exercise_card(ex) for ex in found],
        len(app.catalogue.exercises),
        any((filters.q, filters.region, filters.have, filters.position, filters.floor)),
        problem,
    )
    frame = layout("Error: Exercises" if problem else "Exercises", profile_from_cookie(request, app), "exercises")
    return render(request, "library.html", frame, page, status=422 if problem else 200)


@router.get("/exercises/{exercise_id}", response_class=HTMLResponse)
def exercise(request: Request, app: AppDep, exercise_id: str) -> HTMLResponse:
    ex = app.catalogue.exercises.get(exercise_id)
    if ex is None:
        raise NotFound(f"There is no exercise called '{exercise_id}'.")
    person = profile_from_cookie(request, app)
    frame = layout(ex.name, person, "exercises")
    page = replace(exercise_page(ex, app.catalogue), your_dose=_your_dose(app, person, exercise_id))
    return render(request, "exercise.html", frame, page)


def _your_dose(app: AppDep, person: str | None, exercise_id: str) -> str | None:
    """The person's current dose of this exercise, when it is in their routine today (else None)."""
    from supple.errors import SuppleError
    from supple.services import routine

    if person is None:
        return None
    try:
        items = routine.current(app, person).routine.items
    except SuppleError:
        return None
    return next((i.dose.label() for i in items if i.exercise_id == exercise_id), None)
