"""Pages: the safety screen, baseline, the home tests, results, today's routine and the check-in."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from supple.catalogue.schema import TestDefinition
from supple.domain.formatting import exact_number
from supple.domain.pose_measures import CAMERA_TESTS
from supple.domain.screening import ScreenKind, follow_ups_to_ask, known_notes
from supple.errors import InvalidInput, NotFound
from supple.problems import Code, Limits, Loc, Problem, first_per_place
from supple.report.words import REGION_TITLES
from supple.services import assessments, home, outcomes, progress, routine, screening
from supple.services.inputs import BaselineIn, parse
from supple.web.deps import AppDep, ProfileDep, UnlockedProfileDep, cached_body
from supple.web.pages.contexts import baseline_page, next_action
from supple.web.pages.diagram import body_diagram
from supple.web.pages.forms import YES_NO, FormDep, FormState, shown_fields, state_with
from supple.web.pages.home_test_contexts import (
    TestLink,
    TestPage,
    TestsPage,
    measure_ways,
    methods_missing,
    region_title,
    sides_of,
    test_needs,
    test_page,
    unsuited_tests,
)
from supple.web.pages.rendering import layout, profile_url, remember_profile, render, see_other
from supple.web.pages.result_contexts import ResultsPage, recheck_line, region_views, routine_page
from supple.web.pages.screen_contexts import ScreenDonePage, ScreenPage, screen_page

router = APIRouter()


# --- the full safety screen ------------------------------------------------------------------------


def _screen_page(app: AppDep, name: str, answers: dict[str, str] | None = None, step_two: bool = False) -> ScreenPage:
    """The screen for this person: questions that fit them, known stable symptoms beside their question,
    follow-ups shown where the answers so far make them relevant."""
    asked = screening.red_flag_questions(app, ScreenKind.FULL, screening.profile_sex(app, name))
    known = known_notes(asked, screening.known_symptoms(app, name))
    page = screen_page(name, app.catalogue, asked, answers or {}, known)
    return dataclasses.replace(page, step_two=step_two)


def _screen(
    request: Request, app: AppDep, name: str, form: FormState, status: int = 200, page: ScreenPage | None = None
) -> HTMLResponse:
    page = page or _screen_page(app, name)
    form.labels = page.labels
    form.noun = "questions"
    return render(request, "screen.html", layout("Safety questions", name), page, form=form, status=status)


@router.get("/p/{name}/screen", response_class=HTMLResponse)
def screen_form(request: Request, app: AppDep, view: UnlockedProfileDep) -> HTMLResponse:
    return _screen(request, app, view.name, FormState())


@router.post("/p/{name}/screen", response_class=HTMLResponse)
def take_screen(request: Request, app: AppDep, view: UnlockedProfileDep, form: FormDep) -> Response:
    page = _screen_page(app, view.name)
    data: dict[str, dict[str, bool]] = {"red_flags": {}, "conditions": {}, "yellow_flags": {}}
    for key in page.keys:
        section, qid = key.split(".", 1)
        answer = YES_NO.get(form.get(key, ""))
        if answer is not None:  # unanswered questions are left out; the service names each one
            data[section][qid] = answer
    try:
        outcome, outcome_id = screening.record_full_screen(app, view.name, data)
    except InvalidInput as err:
        # Follow-ups of a "yes" that were not on the page yet (no JavaScript) are the second step, not
        # mistakes; one that was shown and left blank is named like any other question.
        asked = screening.red_flag_questions(app, ScreenKind.FULL, screening.profile_sex(app, view.name))
        shown = {q.id for q in asked if f"red_flags.{q.id}" in shown_fields(form)}
        waiting = {f"red_flags.{q}" for q in follow_ups_to_ask(asked, data["red_flags"], shown)}
        problems = [p for p in err.problems if p.field not in waiting]
        answers = {k: str(form.get(k, "")) for k in page.keys}
        step = _screen_page(app, view.name, answers, step_two=bool(waiting))
        if not problems:
            return _screen(request, app, view.name, state_with(form, [], step.keys), 200, step)
        return _screen(request, app, view.name, state_with(form, problems, step.keys), 422, step)
    if outcome.blocks:
        return see_other(profile_url(view.name, "stop"))
    return see_other(profile_url(view.name, "screen", str(outcome_id), "done"))


@router.get("/p/{name}/screen/{screening_id}/done", response_class=HTMLResponse)
def screen_done(request: Request, app: AppDep, view: UnlockedProfileDep, screening_id: int) -> Response:
    outcome = screening.full_screen_result(app, view.name, screening_id)  # another profile's is not found
    yellow: list[str] = []
    if outcome.yellow_flags:
        yellow = [
            "Some of your answers show worry or low mood about your back. This never stops the program: "
            "Supple will go a little more gently and explain more along the way.",
            app.catalogue.yellow_flags.advice,
        ]
    step = home.next_step(app, view.name)
    page = ScreenDonePage(
        view.name,
        outcome.heading,
        outcome.advice,
        [t.message for t in outcome.triggered],
        list(outcome.notices),
        yellow,
        next_action(step, view.name),
    )
    return render(request, "screen_done.html", layout("Your safety answers", view.name), page)


# --- baseline pain and activities ------------------------------------------------------------------


def _baseline(request: Request, app: AppDep, name: str, form: FormState, status: int = 200) -> HTMLResponse:
    page = baseline_page(name, app.catalogue.outcomes.psfs.max_activities)
    form.labels = page.labels
    return render(request, "baseline.html", layout("How your back feels", name), page, form=form, status=status)


@router.get("/p/{name}/baseline", response_class=HTMLResponse)
def baseline_form(request: Request, app: AppDep, view: UnlockedProfileDep) -> HTMLResponse:
    return _baseline(request, app, view.name, FormState())


@router.post("/p/{name}/baseline", response_class=HTMLResponse)
def record_baseline(request: Request, app: AppDep, view: ProfileDep, form: FormDep) -> Response:
    page = baseline_page(view.name, app.catalogue.outcomes.psfs.max_activities)
    pain = {k: form[f"pain.{k}"] for k in ("now", "average_24h", "worst_24h") if form.get(f"pain.{k}")}
    activities: dict[str, Any] = {}
    missing: list[Problem] = []  # a score without its activity, or an activity without its score
    row_of: dict[Loc, str] = {}
    for row in page.rows:
        activity, score = form.get(row.name_key, ""), form.get(row.score_key, "")
        if activity:
            row_of[("activities", activity)] = row.score_key
            if not score:
                missing.append(
                    Problem.saying(
                        row.score_key, f"please give ‘{activity}’ a score", Code.REQUIRED, Limits(0, 10, "points")
                    )
                )
            activities[activity] = score or 0  # a stand-in while the rest is checked: nothing is saved
        elif score:
            missing.append(Problem.saying(row.name_key, "please name the activity"))
    data = {"pain": pain, "activities": activities}
    try:
        if missing:  # still list every other problem, checked by the shared input shape
            try:
                parse(BaselineIn, data)
            except InvalidInput as err:
                missing += err.problems
            raise InvalidInput(missing)
        outcomes.record_pain_and_function(app, view.name, outcomes.read_baseline(app, data))
    except InvalidInput as err:
        state = state_with(form, err.problems, page.keys, row_of.get)
        return _baseline(request, app, view.name, state, 422)
    return see_other(profile_url(view.name) + "?saved=baseline")


# --- the home tests --------------------------------------------------------------------------------


@router.get("/p/{name}/tests", response_class=HTMLResponse)
def home_tests(
    request: Request, app: AppDep, view: UnlockedProfileDep, saved: str | None = None, region: str | None = None
) -> HTMLResponse:
    report = progress.report(app, view.name)
    done: dict[str, str] = {}
    for t in report.tests:
        when = t.latest_on or t.baseline_on
        done[t.test_id] = f"{when.day} {when.strftime('%b %Y')}"
    cat = app.catalogue
    focus = region if region in {r.value for r in REGION_TITLES} else None
    ordered = [t for t in sorted(cat.tests.values(), key=lambda t: t.order) if focus in (None, t.region.value)]
    links = [
        TestLink(
            t.id,
            t.name,
            REGION_TITLES[t.region],
            t.how_to,
            profile_url(view.name, "tests", t.id) + (f"?region={focus}" if focus else ""),
            done.get(t.id),
            test_needs(t),
        )
        for t in ordered
    ]
    groups: dict[str, list[TestLink]] = {}
    for link in links:
        groups.setdefault(link.region, []).append(link)
    retest = report.retest.is_due and report.retest.last is not None
    unsuited = unsuited_tests(ordered, view.constraints.no_floor, view.constraints.no_kneeling)
    suited = [link for link in links if link.id not in unsuited]
    pending = [link for link in suited if link.done_on is None]
    page = TestsPage(
        view.name,
        list(groups.items()),
        cat.tests[saved].name if saved in cat.tests else None,
        retest,
        pending[0] if pending and not retest else (suited[0] if retest and suited else None),
        profile_url(view.name, "results"),
        bool(done),
        region_title(focus),
        profile_url(view.name, "tests") if focus else None,
        profile_url(view.name),
        [f"{cat.tests[i].name}: {why}" for i, why in unsuited.items()],
        _saved_checks(app, view.name, saved),
    )
    return render(request, "tests.html", layout("Home tests", view.name, "tests"), page)


def _today_values(app: AppDep, name: str, test: TestDefinition) -> tuple[str, ...]:
    """ "Left, toe-to-wall distance: 6 cm": this test's values saved earlier today."""
    labels = {m.id: m for m in test.metrics}
    out = []
    for v in assessments.saved_today(app, name, test.id):
        metric = labels.get(v.metric_id)
        if metric is None:
            continue
        where = "" if v.side == "none" else f"{v.side.capitalize()}, "
        label = metric.label if not where else metric.label[:1].lower() + metric.label[1:]
        out.append(f"{where}{label}: " + ", ".join(exact_number(x, metric.unit) for x in v.values))  # as typed
    return tuple(out)


def _saved_checks(app: AppDep, name: str, saved: str | None) -> tuple[str, ...]:
    """Right after a test is saved: any of its values to measure again (unusual, or sides far apart),
    so the warning comes now and not later on the results page."""
    if saved not in app.catalogue.tests:
        return ()
    result = assessments.current(app, name)
    return tuple(recheck_line(app.catalogue, x) for x in (result.rechecks if result else ()) if x.test_id == saved)


def _test(request: Request, app: AppDep, name: str, test_id: str, form: FormState, status: int = 200) -> HTMLResponse:
    test = app.catalogue.tests.get(test_id)
    if test is None:
        raise NotFound(f"There is no test called '{test_id}'.")
    page = _page(app, name, test, assessments.last_methods(app, name, test_id))
    region, saved = request.query_params.get("region"), request.query_params.get("saved")
    if focus := region_title(region):
        page = dataclasses.replace(
            page,
            back_url=profile_url(name, "tests") + f"?region={region}",
            back_label=f"Tests for {focus}",
            saved=app.catalogue.tests[saved].name if saved in app.catalogue.tests else None,
            saved_checks=_saved_checks(app, name, saved),
        )
    page = dataclasses.replace(page, today=_today_values(app, name, test))
    form.labels = page.labels
    form.values.setdefault("method", page.default_method)  # the way used last time, else none chosen
    for metric in page.metrics:
        if metric.method_options:
            form.values.setdefault(f"{metric.id}.method", metric.default_method)
    return render(request, "test.html", layout(test.name, name, "tests"), page, form=form, status=status)


def _page(app: AppDep, name: str, test: TestDefinition, last: dict[str, str]) -> TestPage:
    ways = measure_ways(bool(app.placements.for_test(test.id)), test.id in CAMERA_TESTS)
    page = test_page(name, test, app.catalogue.thresholds.trial_summary.max_trials, last, ways)
    return dataclasses.replace(page, before=tuple(app.catalogue.thresholds.standardise.steps))


@router.get("/p/{name}/tests/{test_id}", response_class=HTMLResponse)
def test_form(request: Request, app: AppDep, view: UnlockedProfileDep, test_id: str) -> HTMLResponse:
    return _test(request, app, view.name, test_id, FormState())


def _test_field(test_id: str, boxes: dict[tuple[str, str], list[int]]) -> Callable[[Loc], str | None]:
    """Where a problem's location (("tests", ID, "left", metric, 1), ...) is on this form."""

    def where(loc: Loc) -> str | None:
        if loc[:2] != ("tests", test_id):
            return None
        rest = loc[2:]
        match rest:
            case ("method" | "placement" as name,):
                return name
            case ("method", str(metric)):  # one method per measurement
                return f"{metric}.method"
            case (str(side), str(metric), int(i)):
                filled = boxes.get((side, metric), [])
                return f"{side}.{metric}.{filled[i] if 0 <= i < len(filled) else i + 1}"
            case (str(side), str(metric)):
                return f"{side}.{metric}"
        return None

    return where


def _number(raw: str) -> float | str:
    """A typed number; a decimal comma and a typographic minus are fine. The text itself when it is
    not one, so the problem shows what was typed."""
    try:
        return float(raw.replace(",", ".").replace("−", "-").replace(" ", ""))
    except ValueError:
        return raw


@router.post("/p/{name}/tests/{test_id}", response_class=HTMLResponse)
def record_test(request: Request, app: AppDep, view: ProfileDep, test_id: str, form: FormDep) -> Response:
    test = app.catalogue.tests.get(test_id)
    if test is None:
        raise NotFound(f"There is no test called '{test_id}'.")
    max_trials = app.catalogue.thresholds.trial_summary.max_trials
    per_metric = {m.id: form[f"{m.id}.method"] for m in test.metrics if form.get(f"{m.id}.method")}
    entry: dict[str, Any] = {
        "method": per_metric if len({tuple(m.methods) for m in test.metrics}) > 1 else form.get("method", "")
    }
    if form.get("placement"):
        entry["placement"] = form["placement"]
    boxes: dict[tuple[str, str], list[int]] = {}  # which input box each trial the service sees came from
    for side in sides_of(test):
        values: dict[str, list[float | str]] = {}
        for metric in test.metrics:
            # Empty trials are simply not counted. Text that is not a number goes on as text, which the
            # service refuses at its place (with what was typed), together with every other problem.
            filled = [n for n in range(1, max_trials + 1) if form.get(f"{side}.{metric.id}.{n}")]
            if filled:
                values[metric.id] = [_number(form[f"{side}.{metric.id}.{n}"]) for n in filled]
                boxes[(side, metric.id)] = filled
        if values:
            entry[side] = values
    page = _page(app, view.name, test, {})
    own = methods_missing(page, dict(form), {metric for _, metric in boxes})
    if not any(side in entry for side in sides_of(test)):
        own.append(Problem.saying(("tests", test.id), "please enter at least one result before saving", Code.REQUIRED))
    where = _test_field(test.id, boxes)
    try:
        if own:  # with the service's own checks of the values, every problem at once
            checked = assessments.read(app.catalogue, {"tests": {test.id: entry}})[2]
            raise InvalidInput(first_per_place(own + [p for p in checked if p.loc[2:3] != ("method",)]))
        assessments.record(app, view.name, {"tests": {test.id: entry}})
    except InvalidInput as err:
        return _test(request, app, view.name, test.id, state_with(form, err.problems, page.keys, where), 422)
    return see_other(_after_test(app, view.name, test.id, request.query_params.get("region")))


def _after_test(app: AppDep, name: str, test_id: str, region: str | None) -> str:
    """One region at a time: straight on to the region's next test not done yet, else its list."""
    if region not in {r.value for r in REGION_TITLES}:
        return profile_url(name, "tests") + f"?saved={test_id}"
    done = {t.test_id for t in progress.report(app, name).tests}
    for t in sorted(app.catalogue.tests.values(), key=lambda t: t.order):
        if t.region.value == region and t.id not in done:
            return profile_url(name, "tests", t.id) + f"?region={region}&saved={test_id}"
    return profile_url(name, "tests") + f"?region={region}&saved={test_id}"


# --- results -------------------------------------------------------------------------------------


@router.get("/p/{name}/results", response_class=HTMLResponse)
def results(request: Request, app: AppDep, view: UnlockedProfileDep) -> HTMLResponse:
    result = assessments.current(app, view.name)
    regions = region_views(result, app.catalogue)
    page = ResultsPage(
        view.name,
        result is not None,
        regions,
        body_diagram(regions),
        profile_url(view.name, "tests"),
        profile_url(view.name, "routine"),
    )
    return render(request, "results.html", layout("Your results", view.name, "results"), page)


# --- routine -------------------------------------------------------------------------------------


@router.get("/p/{name}/routine", response_class=HTMLResponse)
async def today(request: Request, app: AppDep, name: str) -> HTMLResponse:
    def build() -> bytes:
        key, view = routine.current_keyed(app, name)

        def render_page() -> bytes:
            page = routine_page(view, app.catalogue)
            frame = layout("Today's routine", view.profile, "routine")
            return bytes(render(request, "routine.html", frame, page).body)

        return app.cache.get_or_build(("html", *key), render_page)

    # Rendered once per profile revision and minute (see docs/decisions/0005).
    response = HTMLResponse(await cached_body(app, "html", lambda: routine.cache_key(app, name), build))
    remember_profile(response, name)
    return response
