"""Pages: the next-morning check-in and what it settled."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from supple.errors import InvalidInput, NotYet, PreconditionMissing
from supple.problems import Problem
from supple.services import home, sessions
from supple.services.home import Step
from supple.services.inputs import CheckinIn, parse
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep
from supple.web.pages.contexts import (
    CheckinDonePage,
    next_action,
    signal_row,
    test_offer_view,
)
from supple.web.pages.forms import YES_NO, FormDep, FormState, FormValues, state_with
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()


# --- next-morning check-in -----------------------------------------------------------------------

CHECKIN_LABELS = {"pain": "Pain this morning", "stiffness": "Stiffness", "nerve_symptoms": "Nerve symptoms"}


@dataclass(frozen=True)
class CheckinPage:
    name: str
    not_yet: str = ""  # before the next morning: when the check-in opens (the form is not shown)
    screen_url: str = ""
    home_url: str = ""


def _checkin(request: Request, name: str, form: FormState, status: int = 200, not_yet: str = "") -> HTMLResponse:
    frame = layout("Morning check-in", name, "checkin")
    form.labels = CHECKIN_LABELS
    page = CheckinPage(name, not_yet, profile_url(name, "screen"), profile_url(name))
    return render(request, "checkin.html", frame, page, form=form, status=status)


@router.get("/p/{name}/checkin", response_class=HTMLResponse)
def checkin_form(request: Request, app: AppDep, view: UnlockedProfileDep) -> HTMLResponse:
    try:
        sessions.checkin_window(app, view.name)
    except NotYet as err:
        return _checkin(request, view.name, FormState(), not_yet=err.message)
    except PreconditionMissing:
        pass  # saving says there is no session waiting, with the form kept
    return _checkin(request, view.name, FormState())


def _checkin_data(form: FormValues) -> tuple[dict[str, Any], list[Problem]]:
    data: dict[str, Any] = {}
    own: list[Problem] = []
    if form.get("pain"):
        data["pain"] = form["pain"]
    if form.get("stiffness"):
        data["stiffness"] = form["stiffness"]
    nerve = YES_NO.get(form.get("nerve_symptoms", ""))
    if nerve is None:
        own.append(Problem.saying("nerve_symptoms", "please answer yes or no"))
    else:
        data["nerve_symptoms"] = nerve
    return data, own


@router.post("/p/{name}/checkin", response_class=HTMLResponse)
def checkin(request: Request, app: AppDep, view: ProfileDep, form: FormDep) -> Response:
    data, own = _checkin_data(form)
    try:
        if own:  # still list every other problem, checked by the shared input shape
            try:
                parse(CheckinIn, data)
            except InvalidInput as err:
                own = err.problems + own
            raise InvalidInput(own)
        result = sessions.checkin(app, view.name, parse(CheckinIn, data))
    except InvalidInput as err:
        return _checkin(request, view.name, state_with(form, err.problems, CHECKIN_LABELS), 422)
    except NotYet as err:
        return _checkin(request, view.name, FormState(), 409, not_yet=err.message)
    except PreconditionMissing as err:
        return _checkin(request, view.name, state_with(form, [Problem.saying((), err.message)], []), 409)
    return see_other(profile_url(view.name, "checkin", str(result.checkin_id), "done"))


@router.get("/p/{name}/checkin/{checkin_id}/done", response_class=HTMLResponse)
def checkin_done(request: Request, app: AppDep, view: ProfileDep, checkin_id: int) -> Response:
    result = sessions.checkin_result(app, view.name, checkin_id)  # another profile's check-in is not found
    cat = app.catalogue
    step = home.next_step(app, view.name)
    items = [
        signal_row(cat.exercises[ex].name if ex in cat.exercises else ex, sig) for ex, sig in result.signals.items()
    ]
    page = CheckinDonePage(
        view.name,
        signal_row("The whole session", result.session_signal),
        items,
        result.changes,
        result.paused,
        next_action(step, view.name),
    )
    if page.paused is None and step.step is not Step.TESTS:
        page = dataclasses.replace(page, offer=test_offer_view(view.name, home.test_offer(app, view.name)))
    return render(request, "checkin_done.html", layout("Check-in saved", view.name, "checkin"), page)
