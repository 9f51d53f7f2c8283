"""Template rendering, the page frame (title, navigation), redirects and the friendly error page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from supple.catalogue.catalogue import Catalogue
from supple.domain.formatting import days_a_week, plural
from supple.errors import InvalidInput, NoSuchProfile, NotFound, PreconditionMissing, SafetyStop, SuppleError
from supple.numbers import exact, plain

_EMERGENCY_NUMBER = re.compile(r"\b(999|911|112|111)\b")


def tel_links(text: str) -> Markup:
    """Emergency and advice numbers in a sentence as tap-to-call links (tel:999, tel:911, ...)."""
    return Markup(_EMERGENCY_NUMBER.sub(r'<a class="tel" href="tel:\1">\1</a>', str(escape(text))))


def tel_numbers(text: str) -> list[str]:
    """The emergency and advice numbers a sentence names, in order, once each (for call buttons)."""
    return list(dict.fromkeys(_EMERGENCY_NUMBER.findall(text)))


def make_templates(template_globals: dict[str, Any]) -> Jinja2Templates:
    """One app's templates: its own Jinja environment with the filters and the ``template_globals`` the
    app factory gathers from the features (the CSRF field, the upload box, the phone panel, the figures'
    captions, the walking lines). Nothing is shared between two apps in one process."""
    web = resources.files("supple.web")
    # The shared templates, then each feature's own (web/<feature>/templates).
    folders = [str(web / "templates"), *(str(web / feature / "templates") for feature in FEATURES)]
    templates = Jinja2Templates(directory=folders)
    templates.env.filters["tel_links"] = tel_links
    templates.env.filters["tel_numbers"] = tel_numbers
    templates.env.filters["plural"] = plural  # {{ n|plural("exercise") }}: "1 exercise", "5 exercises"
    templates.env.filters["days_a_week"] = days_a_week
    templates.env.filters["plain"] = plain  # {{ 6.25|plain("cm") }}: "6.3 cm", rounded for reading
    templates.env.filters["exact"] = exact  # {{ 6.25|exact("cm") }}: "6.25 cm", for the details
    templates.env.globals.update(template_globals)
    return templates


PROFILE_COOKIE = "supple_profile"
FEATURES = ("camera",)  # web features laid out as packages with their own templates folder


def profile_url(name: str, *parts: str) -> str:
    """'/p/Ann%20B/routine' for ('Ann B', 'routine'); names may hold spaces and apostrophes."""
    return "/".join(["/p", quote(name, safe=""), *parts])


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool
    icon: str = ""  # a file in static/icons (Lucide), shown before the label


@dataclass(frozen=True)
class Layout:
    """The frame around every page. ``bare`` pages (the stop page) show no header, nav or footer."""

    title: str
    profile: str | None = None
    nav: list[NavLink] = field(default_factory=list)
    bare: bool = False


NAV_ITEMS = (
    ("Home", "home", "house"),
    ("Routine", "routine", "list-checks"),
    ("Exercises", "exercises", "dumbbell"),
    ("Progress", "progress", "chart-line"),
    ("Learn", "learn", "book-open"),
)
_SHARED_PAGES = {"exercises": "/exercises", "learn": "/learn"}  # pages that belong to no one profile


def layout(
    title: str, profile: str | None = None, current: str | None = None, *, bare: bool = False, locked: bool = False
) -> Layout:
    """The frame; a ``locked`` profile gets only the way home (no routes towards exercise)."""
    links: list[NavLink] = []
    if not bare:
        for label, key, icon in NAV_ITEMS[:1] if locked else NAV_ITEMS:
            if key in _SHARED_PAGES:
                url = _SHARED_PAGES[key]
            elif profile is None:
                if key != "home":
                    continue
                url = "/"
            else:
                url = profile_url(profile) if key == "home" else profile_url(profile, key)
            links.append(NavLink(label, url, key == current, icon))
    return Layout(title, profile, links, bare)


def render(
    request: Request,
    template: str,
    frame: Layout,
    page: Any = None,
    *,
    form: Any = None,
    status: int = 200,
) -> HTMLResponse:
    if getattr(form, "invalid", False):  # GOV.UK: the window title says it first
        frame = replace(frame, title=f"Error: {frame.title}")
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, template, {"layout": frame, "page": page, "form": form}, status_code=status
    )
    remember_profile(response, frame.profile)
    return response


def remember_profile(response: Response, profile: str | None) -> None:
    """So the exercise library can offer the way back to this person's pages."""
    if profile:
        response.set_cookie(PROFILE_COOKIE, quote(profile, safe=""), httponly=True, samesite="strict")


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- errors ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StopPage:
    heading: str
    advice: str
    reasons: list[str]
    clear_url: str | None = None  # where to record a clinician's clearance


@dataclass(frozen=True)
class ErrorPage:
    title: str
    message: str
    problems: list[str]
    back_url: str
    back_label: str


def stop_page(request: Request, heading: str, advice: str, reasons: list[str]) -> HTMLResponse:
    """Only the stop message: heading, advice, reasons, and the menu's way home. No links onward."""
    name = request.path_params.get("name") if request.url.path.startswith("/p/") else None
    page = StopPage(heading, advice, list(reasons), profile_url(name, "clear") if isinstance(name, str) else None)
    # The only way on from a stop page is home (a locked profile's menu has nothing else).
    frame = layout(page.heading, name, locked=True) if isinstance(name, str) else layout(page.heading, bare=True)
    return render(request, "stop.html", frame, page, status=403)


def _catalogue(request: Request) -> Catalogue | None:
    app = getattr(request.app.state, "supple", None)
    return getattr(app, "catalogue", None)


def error_page(request: Request, err: SuppleError) -> HTMLResponse:
    if isinstance(err, SafetyStop):
        d = err.detail
        return stop_page(request, d.heading, d.advice, list(d.reasons))
    from supple.web.pages.forms import labelled_text

    name = request.path_params.get("name") if request.url.path.startswith("/p/") else None
    profile = name if isinstance(name, str) and not isinstance(err, NotFound) else None
    if isinstance(err, NotFound):
        title = "We could not find that"
    elif isinstance(err, PreconditionMissing):
        title = "One step first"
    elif isinstance(err, InvalidInput):
        title = "Something needs a second look"
    elif err.http_status >= 500:
        title = "Sorry, something went wrong"
    else:
        title = "Something needs attention"
    message = err.message
    if isinstance(err, NoSuchProfile):  # the names are not shown here: the start page lists them
        message += " The start page lists the profiles on this computer."
    page = ErrorPage(
        title,
        message,
        [labelled_text(p, _catalogue(request)) for p in err.problems] if isinstance(err, InvalidInput) else [],
        profile_url(profile) if profile else "/",
        "See your next step" if profile else "Back to the start",
    )
    return render(request, "error.html", layout(title, profile), page, status=err.http_status)
