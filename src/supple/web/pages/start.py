"""Pages: "what you have and what you can do" (the short start after the safety screen) and the
education pages (the same texts as `supple learn`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from supple.errors import InvalidInput, NotFound
from supple.services import home, profiles
from supple.services.home import Step
from supple.services.inputs import SettingsIn, parse
from supple.web.deps import AppDep, UnlockedProfileDep
from supple.web.pages.forms import FormDep, FormState, FormValues, state_with
from supple.web.pages.library import profile_from_cookie
from supple.web.pages.rendering import layout, profile_url, render, see_other

router = APIRouter()

# Each toggle says what the person HAS or CAN do; the profile stores the opposite ("no_floor").
TOGGLES = (
    ("floor", "no_floor", "I can get down to the floor and up again", "Lying and sitting exercises"),
    ("kneel", "no_kneeling", "I can kneel", "On hands and knees, or one knee down"),
    ("roller", "no_foam_roller", "I have a foam roller", "A firm foam tube, for the mid back"),
    ("band", "no_band", "I have a resistance band", "A stretchy exercise band or a strap"),
)
MINUTE_CHOICES = (5, 10, 15, 20, 30)
DAY_CHOICES = (2, 3, 4, 5, 6, 7)
START_LABELS = {"minutes": "Minutes each time", "days_per_week": "Days a week"} | {
    key: label for key, _, label, _ in TOGGLES
}


@dataclass(frozen=True)
class Toggle:
    key: str
    label: str
    hint: str


@dataclass(frozen=True)
class StartPage:
    name: str
    toggles: list[Toggle]
    minutes: list[int]
    days: list[int]
    first_time: bool


def limits_values(view: profiles.ProfileView, first_time: bool) -> FormValues:
    """The form's values from the profile (the start page and the settings page share the form)."""
    c = view.constraints
    values = {key: "1" for key, flag, _, _ in TOGGLES if not getattr(c, flag)}
    if first_time:  # equipment is never assumed: the person ticks what they have
        values.pop("roller", None)
        values.pop("band", None)
    values.update(minutes=str(c.minutes), days_per_week=str(c.days_per_week))
    return values


def _choices(fixed: tuple[int, ...], current: str) -> list[int]:
    """The usual choices, plus the saved value when it is another one (set through the CLI)."""
    extra = [int(current)] if current.isdigit() and int(current) not in fixed else []
    return sorted([*fixed, *extra])


def limits_page(name: str, form: FormState, first_time: bool) -> StartPage:
    form.labels = START_LABELS
    return StartPage(
        name,
        [Toggle(key, label, hint) for key, _, label, hint in TOGGLES],
        _choices(MINUTE_CHOICES, form.value("minutes")),
        _choices(DAY_CHOICES, form.value("days_per_week")),
        first_time,
    )


def limits_data(form: FormValues) -> dict[str, Any]:
    """The posted form as the service's input: a toggle left off is the limit ("no_floor")."""
    data: dict[str, Any] = {flag: form.get(key) != "1" for key, flag, _, _ in TOGGLES}
    for key in ("minutes", "days_per_week"):
        data[key] = form.get(key) or None
    return data


def _page(request: Request, name: str, form: FormState, first_time: bool, status: int = 200) -> HTMLResponse:
    page = limits_page(name, form, first_time)
    frame = layout("What you have and what you can do", name, "home")
    return render(request, "start.html", frame, page, form=form, status=status)


def _first_time(app: AppDep, name: str) -> bool:
    """Before the starter routine is made: nothing about equipment is assumed yet."""
    return home.next_step(app, name).step is Step.FIRST_SESSION and not home.starter_ready(app, name)


@router.get("/p/{name}/start", response_class=HTMLResponse)
def start_form(request: Request, app: AppDep, view: UnlockedProfileDep) -> HTMLResponse:
    first = _first_time(app, view.name)
    return _page(request, view.name, FormState(values=limits_values(view, first)), first)


@router.post("/p/{name}/start", response_class=HTMLResponse)
def save_start(request: Request, app: AppDep, view: UnlockedProfileDep, form: FormDep) -> Response:
    try:
        profiles.update_settings(app, view.name, parse(SettingsIn, limits_data(form)))
    except InvalidInput as err:
        state = state_with(form, err.problems, START_LABELS)
        return _page(request, view.name, state, _first_time(app, view.name), 422)
    return see_other(profile_url(view.name, "routine"))


# --- education ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TopicLink:
    id: str
    title: str
    url: str
    summary: str


@dataclass(frozen=True)
class LearnPage:
    topics: list[TopicLink]


@dataclass(frozen=True)
class TopicPage:
    id: str
    title: str
    paragraphs: list[str]
    sources: list[str]
    others: list[TopicLink]


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _topics(app: AppDep) -> list[TopicLink]:
    return [
        TopicLink(t.id, t.title, f"/learn/{t.id}", _first_sentence(t.standard[0]))
        for t in app.catalogue.education.values()
    ]


@router.get("/learn", response_class=HTMLResponse)
def learn(request: Request, app: AppDep) -> HTMLResponse:
    frame = layout("Learn", profile_from_cookie(request, app), "learn")
    return render(request, "learn.html", frame, LearnPage(_topics(app)))


@router.get("/learn/{topic}", response_class=HTMLResponse)
def learn_topic(request: Request, app: AppDep, topic: str) -> HTMLResponse:
    text = app.catalogue.education.get(topic)
    if text is None:
        raise NotFound(f"There is no topic called '{topic}'.")
    sources = [f"{s.ref} [{s.tag}]" + (f": {s.note}" if s.note else "") for s in text.sources]
    page = TopicPage(text.id, text.title, list(text.standard), sources, [t for t in _topics(app) if t.id != topic])
    frame = layout(text.title, profile_from_cookie(request, app), "learn")
    return render(request, "topic.html", frame, page)
