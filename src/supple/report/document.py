"""The progress report as a document: HTML for the browser or a file, PDF through WeasyPrint.

One context (ReportPage) from services.report, one template (report/templates/report.html), one
stylesheet (report/report.css, served by the web door at /static/report.css) made for black-and-white
print: every verdict is written out in words and the pain chart's band is drawn grey with a dashed edge
and labelled, so nothing depends on colour. WeasyPrint may fetch nothing: its URL fetcher refuses every
address (the stylesheet is passed in). Used by the CLI's `supple report` and the web door alike.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any, Literal

from jinja2 import Environment, PackageLoader, select_autoescape

from supple.bootstrap import App
from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import PainRule
from supple.catalogue.schema import Direction, MeasureMethod
from supple.domain.formatting import adherence_sentence, days_a_week, long_day, number
from supple.domain.strength import day_list
from supple.figures.library import FigureLibrary
from supple.report.charts import SVG_NS, pain_chart, within_error_band
from supple.report.words import LEVEL_WORDS, METHOD_WORDS, REGION_TITLES, VerdictView, duration, verdict_view
from supple.services import walks
from supple.services.progress import TestProgress
from supple.services.report import ReportData, gather

CssMode = Literal["link", "inline"]


@dataclass(frozen=True)
class TestLine:
    test: str
    measure: str  # side and measurement
    method: str  # how each value was measured
    baseline: str
    latest: str
    band: str  # the guide's cut-offs in words
    real_change: str  # what a real change needs
    verdict: VerdictView


@dataclass(frozen=True)
class PainLine:
    when: str
    now: int
    average: int
    worst: int


@dataclass(frozen=True)
class RoutineLine:
    name: str
    dose: str
    time: str
    region: str
    reason: str
    exercise_id: str
    figure: str | None  # a figure of the exercise (data: URI) when the figures module has one


@dataclass(frozen=True)
class Links:
    """The report's own buttons in the browser (the PDF, back to the records); none in a file."""

    pdf_url: str = ""
    back_url: str = ""


@dataclass(frozen=True)
class WalkLines:
    """The walking section (issue 16): how many recordings, the latest, the trend."""

    count: int
    latest: walks.WalkView | None
    trend: walks.Trend | None
    mdc_g: float


@dataclass(frozen=True)
class EventLine:
    when: str
    what: str
    detail: str


@dataclass(frozen=True)
class ReportPage:
    name: str
    generated: str
    about: str
    css: str  # the stylesheet's text when inlined (file, PDF), else ''
    css_href: str  # the stylesheet's address when linked (browser), else ''
    pdf_url: str
    back_url: str
    pain_chart: str
    pain_band: str
    pain_verdict: VerdictView | None
    pain_rows: list[PainLine]
    tests: list[TestLine]
    tests_note: str
    function: VerdictView | None
    activities: list[VerdictView]
    starting_activities: str  # 'Putting on socks 4, Gardening 3' (the first scores), '' before a baseline
    questionnaires: list[str]
    adherence: str
    routine_summary: str
    routine: list[RoutineLine]
    routine_missing: str | None
    safety: list[EventLine]
    methods: list[str]


def figure_for(exercise_id: str, figures: FigureLibrary) -> str | None:
    """The exercise's figure at its end position (a still SVG, as a data: URI so nothing is fetched),
    or None when the catalogue has no figure for it."""
    if not figures.has("exercise", exercise_id):
        return None
    svg = figures.svg("exercise", exercise_id, still=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


# --- the chart, painted for paper ------------------------------------------------------------------

# Presentation attributes (not style attributes: the page CSP allows these) by pygal class.
_PAINT: list[tuple[set[str], dict[str, str]]] = [
    ({"background"}, {"fill": "none"}),
    ({"guide", "line"}, {"stroke": "#bbbbbb", "stroke-width": "0.8", "fill": "none"}),
    ({"axis", "line"}, {"stroke": "#000000", "stroke-width": "1", "fill": "none"}),
]
_BAND = {"fill": "#dddddd", "stroke": "#444444", "stroke-width": "1.2", "stroke-dasharray": "5,3"}
_PAIN_LINE = {"fill": "none", "stroke": "#000000", "stroke-width": "2.5"}
_PAIN_DOT = {"fill": "#000000", "stroke": "#ffffff", "stroke-width": "1.5"}


def print_chart(svg: str) -> str:
    """The progress page's pain chart with its look written into the SVG, so it prints the same in
    any renderer and in black and white (grey dashed band, black line and dots, black labels), as a
    data: URI for an <img> (WeasyPrint draws SVG images, not SVG inline in HTML)."""
    if not svg:
        return ""
    root = ET.fromstring(svg)

    def paint(el: ET.Element, series: str | None) -> None:
        classes = set((el.get("class") or "").split())
        series = next((c for c in classes if c.startswith("serie-")), series)
        tag = el.tag.split("}")[-1]
        for wanted, attrs in _PAINT:
            if wanted <= classes:
                el.attrib.update(attrs)
        if tag == "text":
            el.attrib.update({"fill": "#000000", "font-size": "13", "font-family": "sans-serif"})
            el.set("text-anchor", "end" if el.get("x") == "-5" else "middle")  # y labels sit at x=-5
        if "line" in classes and series == "serie-0" and "guide" not in classes and "axis" not in classes:
            el.attrib.update(_BAND)
        if "line" in classes and series == "serie-1":
            el.attrib.update(_PAIN_LINE)
        if "dot" in classes:
            el.attrib.update(_PAIN_DOT if series == "serie-1" else {"display": "none"})
        for child in el:
            paint(child, series)

    paint(root, None)
    for group in root.iter():
        for title in [c for c in group if c.tag == f"{{{SVG_NS}}}title"]:
            group.remove(title)
    root.set("width", "380")
    root.set("height", "250")
    svg_bytes = ET.tostring(root, encoding="utf-8", short_empty_elements=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode()


# --- context ---------------------------------------------------------------------------------------


def _band(t: TestProgress) -> tuple[str, str]:
    th = t.baseline.threshold
    unit = t.baseline.unit
    mdc = f"more than {number(th.mdc, unit)} between tests" if th is not None and th.mdc else ""
    if th is None or not th.scored or th.borderline is None or th.restricted is None:
        return "tracked only (no guide value)", mdc
    lo, hi = number(th.restricted, unit), number(th.borderline, unit)
    if th.direction is Direction.HIGHER_IS_BETTER:
        return f"restricted below {lo}; borderline {lo} to {hi}; adequate {hi} or more", mdc
    return f"restricted above {lo}; borderline {hi} to {lo}; adequate {hi} or less", mdc


def _measured(value: Any, on: date | None) -> str:
    """A value with its verdict; one with a guide but no level was held back as unusual (measure again)."""
    th = value.threshold
    held = th is not None and th.scored and th.borderline is not None
    level = LEVEL_WORDS.get(value.level, "") if value.level else ("not scored: measure again" if held else "tracked")
    return f"{number(value.value, value.unit)} ({level}) on {long_day(on)}" if on else number(value.value, value.unit)


def _test_line(t: TestProgress) -> TestLine:
    title = t.metric_label if t.side == "none" else f"{t.side.capitalize()}: {t.metric_label}"
    methods = [METHOD_WORDS[t.baseline.method]]
    if t.latest is not None and t.latest.method != t.baseline.method:
        methods.append(METHOD_WORDS[t.latest.method])
    band, real = _band(t)
    return TestLine(
        t.test_name,
        title,
        " then ".join(methods),
        _measured(t.baseline, t.baseline_on),
        _measured(t.latest, t.latest_on) if t.latest is not None else "not re-tested yet",
        band,
        real,
        verdict_view(t.change, "Only one result so far."),
    )


def _pain_band(history: list[tuple[date, int]], rule: PainRule) -> str:
    if not history:
        return ""
    lo, hi = within_error_band(history[0][1], rule)
    return (
        f"Grey band with a dashed edge: scores from {lo} to {hi} are within measurement error of the starting "
        f"24-hour average of {history[0][1]}. A real change needs {rule.mcid_points:g} points or "
        f"{rule.mcid_percent:g}%. Black line and dots: the 24-hour average at each entry."
    )


_EVENT_WORDS = {
    "block": "Stopped by the safety questions",
    "pause": "Program paused",
    "clearance": "Cleared by a clinician",
    "notice": "Notice",
}


def _routine(data: ReportData, cat: Catalogue, figures: FigureLibrary | None) -> tuple[str, list[RoutineLine]]:
    """The whole week's routine (a strength day, so strength work is listed with its days) and its summary."""
    if data.routine is None:
        return "", []
    r = data.routine.routine.strength_day()
    lines = [
        RoutineLine(
            cat.exercises[i.exercise_id].name,
            i.dose.label(),
            duration(i.seconds),
            REGION_TITLES[i.region] if i.region else f"Strength: {cat.exercises[i.exercise_id].area}",
            i.reason,
            i.exercise_id,
            figure_for(i.exercise_id, figures) if figures is not None else None,
        )
        for i in r.items
    ]
    today = data.routine.routine  # the minutes the routine page says: today's session
    summary = f"{duration(today.total_seconds).capitalize()} a session, {days_a_week(r.days_per_week)}. {r.activity}"
    if r.strength:
        summary += f" Strength work on {day_list(r.strength_days)} only (never two days in a row)"
        summary += "." if today.strength_today else f", {duration(r.total_seconds)} on those days."
    return summary, lines


def context(
    data: ReportData, cat: Catalogue, css: CssMode, figures: FigureLibrary | None = None, links: Links = Links()
) -> ReportPage:
    r = data.progress
    name = data.profile.name
    stylesheet = (resources.files("supple.report") / "report.css").read_text(encoding="utf-8")
    a = r.adherence
    adherence = adherence_sentence(a.sessions, a.days_with_session, a.weeks, a.per_week, a.planned_per_week)
    summary, routine_lines = _routine(data, cat, figures)
    used = sorted({t.baseline.method for t in r.tests} | {t.latest.method for t in r.tests if t.latest})
    return ReportPage(
        name=name,
        generated=long_day(data.generated_at.date()),
        about=(f"Birth year {data.profile.birth_year}. " if data.profile.birth_year else "")
        + "Measured at home by the person, with the methods listed for each value.",
        css=stylesheet if css == "inline" else "",
        css_href="/static/report.css" if css == "link" else "",
        pdf_url=links.pdf_url,
        back_url=links.back_url,
        pain_chart=print_chart(pain_chart(r.pain_history, cat.outcomes.pain, "report-pain-title")),
        pain_band=_pain_band(r.pain_history, cat.outcomes.pain),
        pain_verdict=verdict_view(r.pain, "") if r.pain else None,
        pain_rows=[PainLine(long_day(at.date()), now, avg, worst) for at, now, avg, worst in data.pain_worst],
        tests=[_test_line(t) for t in r.tests],
        tests_note=(
            "Baseline is the first time each test was done; latest is the most recent. Values are the mean "
            "of up to three tries. Values measured in different ways are not compared."
        ),
        function=verdict_view(r.function, "") if r.function else None,
        starting_activities=", ".join(f"{k} {v}" for k, v in data.starting_activities.items()),
        activities=[
            VerdictView(f"{activity}: {v.title}", v.text, v.css)
            for activity, v in ((k, verdict_view(c, "")) for k, c in r.activities.items())
        ],
        questionnaires=[
            f"{long_day(q.at.date())}: {q.instrument.replace('_', ' ').upper()} total {q.total:g} ({q.category})"
            for q in data.questionnaires
        ],
        adherence=adherence,
        routine_summary=summary,
        routine=routine_lines,
        routine_missing=data.routine_missing,
        safety=[
            EventLine(
                f"{long_day(e.at.date())}",
                _EVENT_WORDS.get(e.kind, e.kind) + _who_and_when(e.clinician, e.seen_on),
                " ".join([e.message, *e.reasons]) if e.kind != "clearance" else e.message,
            )
            for e in data.safety_events
        ],
        methods=[f"{METHOD_WORDS[MeasureMethod(m)]} ({m})" for m in used],
    )


def _who_and_when(clinician: str | None, seen_on: date | None) -> str:
    """' (Dr Shah, seen on 2 March 2026)' after a clearance; older clearances have no day."""
    parts = [x for x in (clinician, f"seen on {long_day(seen_on)}" if seen_on else None) if x]
    return f" ({', '.join(parts)})" if parts else ""


# --- output ----------------------------------------------------------------------------------------


def _environment() -> Environment:
    """The report's own templates (made per document: nothing loaded is kept between calls)."""
    return Environment(loader=PackageLoader("supple.report"), autoescape=select_autoescape(default=True))


def _walking(app: App, name: str) -> WalkLines:
    s = walks.summary(app, name)
    return WalkLines(len(s.walks), s.walks[-1] if s.walks else None, s.trend, s.mdc_g)


def render_html(app: App, name: str | None, css: CssMode = "inline", links: Links = Links()) -> str:
    page = context(gather(app, name), app.catalogue, css, app.figures, links)
    template = _environment().get_template("report.html")
    return template.render(page=page, walking=_walking(app, page.name))


def local_only_fetcher() -> Any:
    """WeasyPrint's URL fetcher for the report: only data: URIs (the chart, figures) are read; any
    other address, remote or a local file, is refused, so making the PDF never touches the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(app: App, name: str | None) -> bytes:
    from weasyprint import HTML

    html = render_html(app, name, "inline")
    # Tagged PDF: screen readers get headings, tables and reading order.
    pdf = HTML(string=html, base_url=None, url_fetcher=local_only_fetcher()).write_pdf(pdf_tags=True)
    assert pdf is not None
    return bytes(pdf)
