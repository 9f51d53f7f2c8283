"""Clinic mode's clinical control pages: the clinic's routine templates, assigning one to a client
(a copy) and going back to the planner's routine. Every route has its rule in
``supple.web.clinic_access``; the handlers call ``supple.clinic.templates`` only."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from supple.bootstrap import App
from supple.clinic import templates as tpl
from supple.clinic.login_sessions import Current
from supple.clinic.templates import MAX_ITEMS, ExerciseChoice, TemplateView
from supple.errors import Conflict, InvalidInput
from supple.problems import Problem
from supple.web.clinic_access import current
from supple.web.clinic_nav import frame
from supple.web.deps import AppDep
from supple.web.pages.forms import problem_text
from supple.web.pages.rendering import render

router = APIRouter(include_in_schema=False)
FIELD_WORDS = {"exercise_id": "exercise", "sets": "sets", "reps": "repetitions", "hold_s": "hold (seconds)"}


def _me(request: Request) -> Current:
    me = current(request)
    assert me is not None  # the route's rule let only a signed-in account through
    return me


def problem_line(p: Problem) -> str:
    """A template form's problem with the field it concerns: 'Exercise 2, sets: 9 is too high. Allowed: 1 to 3 sets.'"""
    loc = list(p.loc)
    where = "Name" if loc[:1] == ["name"] else "Exercises"
    if len(loc) >= 3 and loc[0] == "exercise":
        where = f"Exercise {loc[1]}, {FIELD_WORDS.get(str(loc[2]), str(loc[2]))}"
    return f"{where}: {problem_text(p)}"


@dataclass(frozen=True)
class Row:
    exercise_id: str = ""
    sets: str = ""
    reps: str = ""
    hold_s: str = ""


@dataclass(frozen=True)
class TemplatesPage:
    templates: list[TemplateView]
    choices: list[ExerciseChoice]
    rows: list[Row]
    name: str = ""
    editing: int | None = None  # the template being edited, else a new one
    problems: list[str] = field(default_factory=list)
    saved: bool = False


def _rows_of(view: TemplateView | None) -> list[Row]:
    rows = [
        Row(i.exercise_id, str(i.sets), str(i.reps or ""), str(i.hold_s or "")) for i in (view.items if view else [])
    ]
    return rows + [Row()] * max(0, min(MAX_ITEMS, max(len(rows) + 2, 6)) - len(rows))


def _page(request: Request, page: TemplatesPage, status: int = 200) -> HTMLResponse:
    title = "Routine template" if page.editing else "Routine templates"
    return render(request, "clinic_templates.html", frame(request, title, "templates"), page, status=status)


def _list(request: Request, app: App, editing: int | None = None, saved: bool = False) -> HTMLResponse:
    me = _me(request)
    view = tpl.template(app, me, editing) if editing is not None else None
    page = TemplatesPage(
        tpl.templates(app, me),
        tpl.exercise_choices(app.catalogue),
        _rows_of(view),
        view.name if view else "",
        editing,
        saved=saved,
    )
    return _page(request, page)


async def _form_rows(request: Request) -> tuple[str, list[dict[str, str]]]:
    form = await request.form()
    rows = [
        {k: str(form.get(f"{k}_{n}") or "")[:40] for k in ("exercise_id", "sets", "reps", "hold_s")}
        for n in range(1, MAX_ITEMS + 1)
    ]
    return str(form.get("name") or "")[:400], rows


def _save(request: Request, app: App, template_id: int | None, name: str, rows: list[dict[str, str]]) -> Response:
    me = _me(request)
    try:
        saved = tpl.save_template(app, me, template_id, name, rows)
    except (InvalidInput, Conflict) as err:
        if template_id is not None:
            tpl.template(app, me, template_id)  # another clinic's template: 404 before anything is shown
        problems = [problem_line(p) for p in err.problems] if isinstance(err, InvalidInput) else [err.message]
        shown = [Row(r["exercise_id"], r["sets"], r["reps"], r["hold_s"]) for r in rows]
        page = TemplatesPage(
            tpl.templates(app, me), tpl.exercise_choices(app.catalogue), shown, name, template_id, problems
        )
        return _page(request, page, 422 if isinstance(err, InvalidInput) else 409)
    return RedirectResponse(f"/clinic/templates/{saved}?saved=1", status_code=303)


@router.get("/clinic/templates", response_class=HTMLResponse)
async def templates(request: Request, app: AppDep) -> HTMLResponse:
    return await run_in_threadpool(_list, request, app)


@router.post("/clinic/templates", response_class=HTMLResponse)
async def add_template(request: Request, app: AppDep) -> Response:
    name, rows = await _form_rows(request)
    return await run_in_threadpool(_save, request, app, None, name, rows)


@router.get("/clinic/templates/{template_id}", response_class=HTMLResponse)
async def edit_template(request: Request, app: AppDep, template_id: int, saved: int = 0) -> HTMLResponse:
    return await run_in_threadpool(_list, request, app, template_id, bool(saved))


@router.post("/clinic/templates/{template_id}", response_class=HTMLResponse)
async def save_template(request: Request, app: AppDep, template_id: int) -> Response:
    name, rows = await _form_rows(request)
    return await run_in_threadpool(_save, request, app, template_id, name, rows)
