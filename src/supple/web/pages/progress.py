"""Page: progress — pain over time with the band of 'no real change', each test against its
baseline with the verdict, activities, an adherence calendar and the re-test reminder."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Direction
from supple.domain.formatting import adherence_sentence, long_day, number
from supple.domain.outcomes import Verdict, confirmation_note
from supple.domain.plain_words import plain_level
from supple.report.charts import pain_chart, test_chart, test_history_chart, within_error_band
from supple.report.words import VerdictView, verdict_view
from supple.services import progress
from supple.services.cache import ViewCache
from supple.services.progress import Adherence, ProgressReport, TestProgress
from supple.web.deps import AppDep, ProfileDep
from supple.web.pages.rendering import layout, profile_url, render

router = APIRouter()

CALENDAR_WEEKS = 8


@dataclass(frozen=True)
class PainRow:
    when: str
    score: int


@dataclass(frozen=True)
class PainSection:
    chart: str
    title_id: str
    rows: list[PainRow]
    band_text: str
    verdict: VerdictView | None
    only_baseline: bool


@dataclass(frozen=True)
class TestRow:
    title: str  # side and measurement, e.g. 'Left: internal rotation (foot swings out)'
    baseline: str
    baseline_on: str
    latest: str
    latest_on: str
    guide: str
    verdict: VerdictView
    chart: str
    over_time: str  # the value at each re-test with the guide line; empty before a second result
    title_id: str


@dataclass(frozen=True)
class TestGroup:
    name: str
    rows: list[TestRow]


@dataclass(frozen=True)
class FirstResult:
    """A test done once so far: one short line instead of a chart that has nothing to compare."""

    test: str
    title: str
    value: str
    guide: str
    verdict: str = ""  # what it means, in plain words, shown first (the numbers go behind details)
    level: str = "none"  # adequate | borderline | restricted | none (for the colour)


@dataclass(frozen=True)
class CalendarDay:
    day: int
    label: str  # the full date for screen readers
    session: bool
    today: bool
    future: bool


@dataclass(frozen=True)
class CalendarWeek:
    starts: str
    days: list[CalendarDay]


@dataclass(frozen=True)
class AdherenceSection:
    summary: str
    weeks: list[CalendarWeek]
    sessions_shown: int


@dataclass(frozen=True)
class RetestSection:
    due: bool
    text: str
    url: str


@dataclass(frozen=True)
class ProgressPage:
    name: str
    pain: PainSection
    tests: list[TestGroup]
    function: VerdictView | None
    activities: list[VerdictView]
    adherence: AdherenceSection
    retest: RetestSection
    recent_changes: list[str]
    review: str | None
    tests_url: str
    baseline_url: str
    highlights: list[str] = dataclasses.field(default_factory=list)
    first_results: list[FirstResult] = dataclasses.field(default_factory=list)


def _pain(report: ProgressReport, cat: Catalogue, cache: ViewCache) -> PainSection:
    history = report.pain_history
    rule = cat.outcomes.pain
    band = ""
    if history:
        lo, hi = within_error_band(history[0][1], rule)
        band = (
            f"The shaded band runs from {lo} to {hi}: scores in it are within measurement error of your "
            f"starting score of {history[0][1]}. A real change needs {rule.mcid_points:g} points or "
            f"{rule.mcid_percent:g}%."
        )

    def draw() -> str:
        return pain_chart(history, rule, "pain-chart-title")

    # pygal took a third of this page's time: drawn once per history, in the app's view cache (decision 0005)
    chart = cache.get_or_build(("pain-chart", tuple(history), rule.mcid_points, rule.mcid_percent), draw)
    return PainSection(
        chart,
        "pain-chart-title",
        [PainRow(long_day(d), v) for d, v in history],
        band,
        verdict_view(report.pain, "") if report.pain else None,
        len(history) == 1,
    )


def _test_row(t: TestProgress, cat: Catalogue) -> TestRow:
    metric = cat.metric(t.test_id, t.metric_id)
    threshold = t.baseline.threshold
    guide = ""  # tracked only: no guide value to show
    if threshold is not None and threshold.scored and threshold.borderline is not None:
        more = threshold.direction is Direction.HIGHER_IS_BETTER
        guide = f"{number(threshold.borderline, t.baseline.unit)} or {'more' if more else 'less'}"
    latest = number(t.latest.value, t.latest.unit) if t.latest else "—"
    verdict = verdict_view(t.change, "Do this test again at your re-test to compare.")
    if note := confirmation_note(t.change, t.confirmed):
        verdict = dataclasses.replace(verdict, text=f"{verdict.text} {note}")
    title = (
        t.metric_label
        if t.side == "none"
        else f"{t.side.capitalize()}: {t.metric_label[:1].lower()}{t.metric_label[1:]}"
    )
    chart = test_chart(metric, t.baseline, t.latest, f"{t.test_name}, {title}: {verdict.text}") if metric else ""
    title_id = f"tc-{t.test_id}-{t.metric_id}-{t.side}"
    guide_value = threshold.borderline if threshold is not None and threshold.scored else None
    over_time = (
        test_history_chart(metric, [(h.on, h.value) for h in t.history], guide_value, title_id) if metric else ""
    )
    return TestRow(
        title,
        number(t.baseline.value, t.baseline.unit),
        long_day(t.baseline_on),
        latest,
        long_day(t.latest_on) if t.latest_on else "",
        guide,
        verdict,
        chart,
        over_time,
        title_id,
    )


def _test_groups(report: ProgressReport, cat: Catalogue) -> list[TestGroup]:
    """Only tests with something to compare (a re-test); the others are listed as first results."""
    groups: dict[str, list[TestRow]] = {}
    for t in report.tests:
        if t.change is not None:
            groups.setdefault(t.test_name, []).append(_test_row(t, cat))
    return [TestGroup(name, rows) for name, rows in groups.items()]


def _first_results(report: ProgressReport, cat: Catalogue) -> list[FirstResult]:
    rows = []
    for t in report.tests:
        if t.change is None:
            row = _test_row(t, cat)
            rows.append(
                FirstResult(
                    t.test_name, row.title, row.baseline, row.guide, _first_verdict(t, cat), t.baseline.level or "none"
                )
            )
    return rows


def _first_verdict(t: TestProgress, cat: Catalogue) -> str:
    """A first result in plain words: within the guide or stiffer, or why it has no verdict."""
    th = t.baseline.threshold
    if t.baseline.level is not None:
        return plain_level(cat.tests[t.test_id].region, t.baseline.side, t.baseline.level)
    if th is not None and th.scored and th.borderline is not None:
        return "Not scored yet: the value looks unusual, so please measure again."
    return "Tracked only: there is no guide value, so Supple follows how it changes."


def _highlights(report: ProgressReport) -> list[str]:
    """Good news first: real improvements, then how regular the sessions were."""
    out: list[str] = []
    if report.pain is not None and report.pain.verdict is Verdict.REAL_IMPROVEMENT:
        out.append("Your pain has really changed for the better since you started.")
    better = sorted({t.test_name for t in report.tests if t.change and t.change.verdict is Verdict.REAL_IMPROVEMENT})
    out += [f"Real change for the better: {name}." for name in better]
    a = report.adherence
    if a.sessions:
        out.append(f"{a.sessions} session{'s' if a.sessions != 1 else ''} done so far. Every one counts.")
    return out


def _calendar(adherence: Adherence, today: date) -> AdherenceSection:
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(weeks=CALENDAR_WEEKS - 1)
    if adherence.started_on is not None:  # no empty weeks from before the program began
        start = max(start, adherence.started_on - timedelta(days=adherence.started_on.weekday()))
    done = set(adherence.session_days)
    weeks = []
    shown = 0
    for w in range((this_monday - start).days // 7 + 1):
        monday = start + timedelta(weeks=w)
        days = []
        for i in range(7):
            d = monday + timedelta(days=i)
            session = d in done
            shown += session
            days.append(CalendarDay(d.day, f"{d.strftime('%A')} {long_day(d)}", session, d == today, d > today))
        weeks.append(CalendarWeek(f"{monday.day} {monday.strftime('%b')}", days))
    a = adherence
    summary = adherence_sentence(a.sessions, a.days_with_session, a.weeks, a.per_week, a.planned_per_week)
    return AdherenceSection(summary, weeks, shown)


def _retest(report: ProgressReport, name: str) -> RetestSection:
    r = report.retest
    url = profile_url(name, "tests")
    if r.last is None:
        return RetestSection(True, "No home tests yet. Do them to see how you move, and to track change.", url)
    if r.is_due:
        due = f"Your re-test is due (last tests on {long_day(r.last)}). Do the home tests again."
        return RetestSection(True, due, url)
    return RetestSection(False, f"Next re-test: {long_day(r.due)}.", url)


@router.get("/p/{name}/progress", response_class=HTMLResponse)
def progress_page(request: Request, app: AppDep, view: ProfileDep) -> HTMLResponse:
    report = progress.report(app, view.name)
    cat = app.catalogue
    page = ProgressPage(
        view.name,
        _pain(report, cat, app.cache),
        _test_groups(report, cat),
        verdict_view(report.function, "") if report.function else None,
        [verdict_view(c, "") for c in report.activities.values()],
        _calendar(report.adherence, app.clock().date()),
        _retest(report, view.name),
        list(report.recent_changes[:5]),
        report.review_suggested,
        profile_url(view.name, "tests"),
        profile_url(view.name, "baseline"),
        _highlights(report),
        _first_results(report, cat),
    )
    return render(request, "progress.html", layout("Your progress", view.name, "progress"), page)
