"""Pages: choose or create a profile, the home page with the one next step, the stop page,
recording a clinician's clearance, and the settings (limits, minutes, days)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from supple.errors import Conflict, InvalidInput
from supple.problems import Problem
from supple.services import home, profiles
from supple.services.inputs import SettingsIn, parse
from supple.web.deps import AppDep, ProfileDep
from supple.web.pages.access import stop_detail_for
from supple.web.pages.contexts import SAVED_WORDS, ProfileLink, ProfilesPage, home_page
from supple.web.pages.forms import FormDep, FormState, state_with
from supple.web.pages.rendering import layout, profile_url, render, see_other, stop_page
from supple.web.pages.start import START_LABELS, limits_data, limits_page, limits_values

router = APIRouter()

PROFILE_LABELS = {"name": "Name", "birth_year": "Year of birth", "sex": "Sex"}


def _profiles_page(
    request: Request, app: AppDep, form: FormState, status: int = 200, deleted: bool = False
) -> HTMLResponse:
    form.labels = PROFILE_LABELS
    links = [ProfileLink(p.name, profile_url(p.name), p.locked) for p in profiles.list_all(app)]
    page = ProfilesPage(links, deleted)
    return render(request, "profiles.html", layout("Welcome"), page, form=form, status=status)


@router.get("/", response_class=HTMLResponse)
def choose_profile(request: Request, app: AppDep, deleted: str | None = None) -> HTMLResponse:
    return _profiles_page(request, app, FormState(), deleted=deleted == "1")


@router.post("/profiles", response_class=HTMLResponse)
def create_profile(request: Request, app: AppDep, form: FormDep) -> Response:
    data: dict[str, Any] = {"name": form.get("name", ""), "sex": form.get("sex") or "unspecified"}
    if form.get("birth_year"):
        data["birth_year"] = form["birth_year"]
    try:
        created = profiles.create(app, profiles.read_profile(app, data))
    except InvalidInput as err:
        return _profiles_page(request, app, state_with(form, err.problems, PROFILE_LABELS), 422)
    except Conflict as err:
        return _profiles_page(
            request, app, state_with(form, [Problem.saying("name", err.message)], PROFILE_LABELS), 409
        )
    return see_other(profile_url(created.name, "screen"))  # a short start: straight to the safety questions


@router.get("/p/{name}", response_class=HTMLResponse)
def profile_home(request: Request, app: AppDep, view: ProfileDep, saved: str | None = None) -> HTMLResponse:
    step = home.next_step(app, view.name)
    ready = step.step is home.Step.FIRST_SESSION and home.starter_ready(app, view.name)
    recorded = view.locked or home.pain_recorded(app, view.name)
    page = home_page(view.name, step, view.locked, home.test_offer(app, view.name), ready, recorded)
    if saved in SAVED_WORDS and not view.locked:
        page = replace(page, saved=SAVED_WORDS[saved])
    due_from_clinician = getattr(request.app.state, "due_from_clinician", None)  # clinic mode sets it
    if due_from_clinician is not None and not view.locked:
        page = replace(page, from_clinician=tuple(due_from_clinician(view.name)))
    frame = layout(f"Hello {view.name}", view.name, "home", locked=view.locked)
    return render(request, "home.html", frame, page)


@router.get("/p/{name}/stop", response_class=HTMLResponse)
def stop(request: Request, app: AppDep, name: str) -> Response:
    detail = stop_detail_for(app, name)
    if detail is None:
        return see_other(profile_url(name))
    return stop_page(request, detail.heading, detail.advice, list(detail.reasons))


# --- clearance -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClearPage:
    name: str
    known_choices: list[tuple[str, str]]  # (question id, how the symptom is named)
    today: str  # YYYY-MM-DD by the app's clock: the latest day a clinician can have seen the person


_CLEAR_FIELDS = ["clinician", "seen_on", "known_question", "known_what", "known_since"]


def _clear_page(request: Request, app: AppDep, name: str, form: FormState, status: int = 200) -> HTMLResponse:
    frame = layout("A clinician has cleared me", name, locked=True)
    form.labels = {
        "clinician": "Who cleared you",
        "seen_on": "The day you were seen",
        "known_question": "Known, stable symptom",
        "known_what": "What the symptom is",
        "known_since": "Since when",
    }
    choices = [(q.id, q.known_label or q.id) for q in app.catalogue.safety.questions if q.known]
    return render(
        request, "clear.html", frame, ClearPage(name, choices, app.clock().date().isoformat()), form=form, status=status
    )


@router.get("/p/{name}/clear", response_class=HTMLResponse)
def clear_form(request: Request, app: AppDep, view: ProfileDep) -> HTMLResponse:
    return _clear_page(request, app, view.name, FormState())


@router.post("/p/{name}/clear", response_class=HTMLResponse)
def clear(request: Request, app: AppDep, view: ProfileDep, form: FormDep) -> Response:
    known: list[dict[str, str]] = []
    if form.get("known_question"):
        known.append(
            {
                "question": form.get("known_question", ""),
                "what": form.get("known_what", ""),
                "since": form.get("known_since", ""),
            }
        )
    try:
        profiles.record_clearance(
            app, view.name, form.get("clinician", ""), known=known, seen_on=form.get("seen_on", "")
        )
    except InvalidInput as err:
        fields = {"known 1: question": "known_question", "known 1: what": "known_what", "known 1: since": "known_since"}
        where = lambda loc: fields.get(".".join(str(part) for part in loc))  # noqa: E731
        return _clear_page(request, app, view.name, state_with(form, err.problems, _CLEAR_FIELDS, where), 422)
    except Conflict as err:
        return _clear_page(request, app, view.name, state_with(form, [Problem.saying((), err.message)], []), 409)
    # The advice after a clearance: take the safety questions again.
    return see_other(profile_url(view.name, "screen"))


# --- settings ------------------------------------------------------------------------------------


def _settings_page(request: Request, name: str, form: FormState, status: int = 200) -> HTMLResponse:
    """The same form as the start page (``start.limits_page``), with the link to delete the profile."""
    frame = layout("What you have and what you can do", name, "settings")
    return render(request, "settings.html", frame, limits_page(name, form, False), form=form, status=status)


@router.get("/p/{name}/settings", response_class=HTMLResponse)
def settings_form(request: Request, view: ProfileDep) -> HTMLResponse:
    return _settings_page(request, view.name, FormState(values=limits_values(view, False)))


@router.post("/p/{name}/settings", response_class=HTMLResponse)
def save_settings(request: Request, app: AppDep, view: ProfileDep, form: FormDep) -> Response:
    try:
        profiles.update_settings(app, view.name, parse(SettingsIn, limits_data(form)))
    except InvalidInput as err:
        return _settings_page(request, view.name, state_with(form, err.problems, START_LABELS), 422)
    return see_other(profile_url(view.name, "routine"))
