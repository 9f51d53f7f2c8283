"""Pages: the guided session — short safety screen, the player, the pain log and its result.

The same flow as ``supple session`` in the terminal: the short screen (a stop is recorded and shown),
pain now, the player (in the browser: ``static/player.js``), then pain during each exercise and after.
Every decision is the services'; this module turns forms into service calls and results into typed
page contexts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict

from supple.bootstrap import App
from supple.catalogue.rules import Question
from supple.domain.checkin_window import opens_words
from supple.domain.encouragement import WeekStats
from supple.domain.screening import ScreenKind, follow_ups_to_ask, known_notes
from supple.errors import InvalidInput
from supple.numbers import whole_minutes
from supple.problems import Code, Limits, Loc, Problem
from supple.services import encouragement, routine, screening, session_screens, sessions
from supple.services.inputs import Score, parse
from supple.services.routine import RoutineView
from supple.services.session_log import read_log
from supple.web.deps import AppDep, ProfileDep
from supple.web.pages.contexts import SignalRow, signal_row
from supple.web.pages.forms import YES_NO, FormDep, FormState, FormValues, shown_fields, state_with
from supple.web.pages.player_contexts import PlayerPage, log_items, phone_sentence, player_data
from supple.web.pages.rendering import layout, profile_url, render, see_other
from supple.web.pages.screen_contexts import QuestionView, red_flag_views, stop_notes
from supple.web.pages.session_words import flare, light_rules

router = APIRouter()


def _minutes(view: RoutineView) -> int:
    return max(1, whole_minutes(view.routine.total_seconds))


# -- the short safety screen ---------------------------------------------------------------------


class _PainNow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pain: Score


@dataclass(frozen=True)
class SessionScreenPage:
    name: str
    action: str
    questions: list[QuestionView]
    exercise_count: int
    minutes: int
    step_two: bool = False


def _asked(app: App, name: str) -> list[Question]:
    return screening.red_flag_questions(app, ScreenKind.SESSION, screening.profile_sex(app, name))


def _screen(
    request: Request,
    app: App,
    view: RoutineView,
    form: FormState,
    status: int = 200,
    answers: dict[str, str] | None = None,
    step_two: bool = False,
) -> HTMLResponse:
    asked = _asked(app, view.profile)
    known = known_notes(asked, screening.known_symptoms(app, view.profile))
    page = SessionScreenPage(
        view.profile,
        profile_url(view.profile, "session"),
        red_flag_views(
            asked, lambda qid: f"q-{qid}", answers or {}, known, True, stop_notes(asked, app.catalogue.safety)
        ),
        len(view.routine.items),
        _minutes(view),
        step_two,
    )
    form.labels = {q.key: q.text for q in page.questions} | {"pain": "Your back pain right now"}
    form.noun = "questions"
    frame = layout("Before you start", view.profile, "routine")
    return render(request, "session_screen.html", frame, page, form=form, status=status)


@router.get("/p/{name}/session", response_class=HTMLResponse)
def session_screen(request: Request, app: AppDep, name: str) -> HTMLResponse:
    view = routine.current(app, name)  # refuses a locked or unscreened profile
    return _screen(request, app, view, FormState())


@router.post("/p/{name}/session", response_class=HTMLResponse)
def take_session_screen(request: Request, app: AppDep, name: str, form: FormDep) -> Response:
    view = routine.current(app, name)
    questions = _asked(app, view.profile)
    answers = {q.id: YES_NO.get(form[f"q-{q.id}"], form[f"q-{q.id}"]) for q in questions if form.get(f"q-{q.id}")}
    keys = ["pain", *(f"q-{q.id}" for q in questions)]
    problems: list[Problem] = []
    pain = None
    try:
        pain = parse(_PainNow, {"pain": form["pain"]} if form.get("pain") else {}).pain
    except InvalidInput as err:
        problems += err.problems
    try:
        outcome, screening_id = session_screens.pre_session_screen(app, view.profile, answers)
    except InvalidInput as err:
        problems = err.problems + problems
    else:
        if outcome.blocks:  # recorded and locked: safety first, whatever else was typed
            return see_other(profile_url(view.profile, "stop"))
    if problems or pain is None:
        # Follow-ups of a "yes" that were not on the page yet (no JavaScript) are the second step, not
        # mistakes; one that was shown and left blank is named like any other question.
        shown = {q.id for q in questions if f"q-{q.id}" in shown_fields(form)}
        waiting = {f"red_flags.{q}" for q in follow_ups_to_ask(questions, answers, shown)}
        problems = [p for p in problems if p.field not in waiting]
        given = {k: str(form.get(k, "")) for k in keys}
        if waiting and not problems and pain is not None:
            return _screen(request, app, view, state_with(form, [], keys), 200, given, step_two=True)
        state = state_with(form, problems, keys, _screen_field)
        return _screen(request, app, view, state, 422, given, step_two=bool(waiting))
    return see_other(f"{profile_url(view.profile, 'session', 'play')}?screening={screening_id}&pain={pain}")


# -- the player and the pain log -----------------------------------------------------------------


def _player(
    request: Request,
    app: App,
    view: RoutineView,
    form: FormState,
    *,
    log_only: bool,
    rescreen: bool = False,
    status: int = 200,
) -> HTMLResponse:
    items = log_items(app, view)
    page = PlayerPage(
        view.profile,
        profile_url(view.profile, "session", "log"),
        form.value("screening_id"),
        not form.value("pain_before") or "pain_before" in form.errors,
        items,
        player_data(app, view, routine.cache_key(app, view.profile), form.value("screening_id")),
        _minutes(view),
        phone_sentence(app, view),
        log_only,
        profile_url(view.profile, "session") if rescreen else None,
    )
    form.labels = {
        "pain_before": "Pain before the session",
        "pain_during": "Pain during the session",
        "pain_after": "Pain after the session",
        "done": "What you did",
        "nerve": "Nerve symptoms",
    }
    frame = layout("Today's session", view.profile, "routine")
    return render(request, "session_player.html", frame, page, form=form, status=status)


@router.get("/p/{name}/session/play", response_class=HTMLResponse)
def play(
    request: Request,
    app: AppDep,
    name: str,
    screening: Annotated[int | None, Query()] = None,
    pain: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    view = routine.current(app, name)  # refuses a locked or unscreened profile
    if screening is None:  # no short screen yet: take it first
        return see_other(profile_url(view.profile, "session"))
    why = session_screens.session_screen_problem(app, view.profile, screening)
    if why is not None:  # refused now rather than after the whole session, at save
        state = state_with({}, [Problem.saying((), f"Your safety check cannot be used: {why}.")], [])
        return _screen(request, app, view, state, status=409)
    values = {"screening_id": str(screening), "pain_before": pain}
    values.update({f"item-{i}-done": "yes" for i in range(len(view.routine.items))})  # no JS: all done
    return _player(request, app, view, FormState(values=values), log_only=False)


def _log_data(form: FormValues) -> dict[str, Any]:
    """The one-screen log as the service's input: the overall pain during the session and the one
    nerve-symptom answer go with every exercise that was done. Empty fields are left out so the
    service names them."""
    items = []
    i = 0
    nerve = form.get("nerve") == "yes"
    while exercise := form.get(f"item-{i}-exercise"):
        done = bool(form.get(f"item-{i}-done"))
        entry: dict[str, Any] = {"exercise": exercise, "completed": done}
        if form.get(f"item-{i}-seconds"):  # the player's clock; absent without JavaScript
            entry["seconds"] = form[f"item-{i}-seconds"]
        if done:
            if form.get("pain_during"):
                entry["pain_during"] = form["pain_during"]
            entry["nerve_symptoms"] = nerve
        items.append(entry)
        i += 1
    data: dict[str, Any] = {"items": items}
    data.update({key: form[key] for key in ("screening_id", "pain_before", "pain_after", "client_id") if form.get(key)})
    return data


def _log_field(loc: Loc) -> str | None:
    """Where a problem belongs on the log form: ("items", 2, "pain_during") → pain_during (one
    question for the whole session), ("items",) → the list of what was done."""
    match loc:
        case ("items", int(), "pain_during"):
            return "pain_during"
        case ("items",):
            return "done"
    return None


def _screen_field(loc: Loc) -> str | None:
    """("red_flags", "fever") → the form's q-fever."""
    match loc:
        case ("red_flags", str(qid)):
            return f"q-{qid}"
    return None


@router.post("/p/{name}/session/log", response_class=HTMLResponse)
def log(request: Request, app: AppDep, view: ProfileDep, form: FormDep) -> Response:
    name = view.name
    problems: list[Problem] = []
    if form.get("nerve") not in ("yes", "no"):  # asked with nothing chosen: a safety answer is never assumed
        problems.append(Problem.of(("nerve",), Code.REQUIRED, limits=Limits(allowed=("yes", "no"))))
        # the other problems too, in the same round (the same reading as saving: pain during is needed for a
        # completed exercise, as pain after is for the session); nothing is saved
        problems += read_log(app.catalogue, _log_data(form))[1]
    else:
        try:
            result = sessions.log_session(app, name, _log_data(form))
        except InvalidInput as err:
            problems = err.problems
    if problems:
        current = routine.current(app, name)
        keys = ["pain_before", "pain_during", "pain_after", "done", "nerve"]
        once = {(_log_field(p.loc) or p.field, p.message): p for p in problems}
        state = state_with(form, once.values(), keys, _log_field)
        rescreen = any(p.loc[:1] == ("screening_id",) for p in problems)
        return _player(request, app, current, state, log_only=True, rescreen=rescreen, status=422)
    target = (
        profile_url(name, "stop")
        if result.stopped is not None
        else profile_url(name, "session", str(result.session_id), "done")
    )
    if "application/json" in request.headers.get("accept", ""):
        # The player's own send (player-log.js, offline.js): the address, not a redirect through the service
        # worker, which may still count as offline just after the phone is back (a stored log looked unsent).
        return JSONResponse({"url": target})
    return see_other(target)


# -- the result ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultLine:
    exercise_id: str
    signal: str  # green, amber, red, or "-" when not done
    row: SignalRow


@dataclass(frozen=True)
class ResultPage:
    name: str
    lines: list[ResultLine]
    provisional: bool
    changes: list[str]
    paused: str | None
    rules: list[str]  # what each colour means, with the numbers from the progression rules
    checkin_url: str | None
    home_url: str
    stats: WeekStats
    all_done: bool  # every exercise of the session was done
    flare: str | None = None  # plain words when pain went past the red line, and what to do next
    checkin_when: str = "tomorrow morning"  # when the check-in opens ("tomorrow morning, from 6:00")


@router.get("/p/{name}/session/{session_id}/done", response_class=HTMLResponse)
def done(request: Request, app: AppDep, view: ProfileDep, session_id: int) -> Response:
    person = view.name  # not the routine: a result may have just paused the program
    result = sessions.session_result(app, person, session_id)  # another profile's session is not found
    cat = app.catalogue
    lines = [
        ResultLine(ex, sig, signal_row(cat.exercises[ex].name if ex in cat.exercises else ex, sig))
        for ex, sig in result.signals.items()
    ]
    page = ResultPage(
        person,
        lines,
        result.provisional,
        result.changes,
        result.paused,
        light_rules(app),
        profile_url(person, "checkin") if result.provisional and not result.paused else None,
        profile_url(person),
        encouragement.this_week(app, person),
        bool(lines) and all(line.signal != "-" for line in lines),
        flare(app, result.session_signal, [line.row.name for line in lines if line.signal == "red"]),
        opens_words(result.checkin_opens, app.clock()) if result.checkin_opens else "tomorrow morning",
    )
    return render(request, "session_result.html", layout("Well done", person, "routine"), page)
