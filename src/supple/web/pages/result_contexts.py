"""Typed page contexts: results per region and today's routine."""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Level, Position, Region
from supple.domain.assessment import (
    LEVEL_RANK,
    AssessmentResult,
    MetricResult,
    RegionSummary,
    Side,
    describe,
    describe_asymmetry,
)
from supple.domain.education import lesson
from supple.domain.formatting import plural
from supple.domain.plain_words import plain_asymmetry, plain_findings
from supple.domain.plan_types import RoutineItem
from supple.domain.recheck import Recheck, RecheckKind
from supple.domain.strength import strength_line
from supple.report.words import LEVEL_WORDS, REGION_TITLES, duration
from supple.services.routine import RoutineView
from supple.web.pages.contexts import (
    _LEVEL_SENTENCES,
    _REGION_SUBJECT,
    EQUIPMENT_WORDS,
)
from supple.web.pages.rendering import profile_url

# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideLevel:
    """How one side of a region compares with the guide (the worst of that side's scored results)."""

    side: str  # "left" or "right"
    title: str  # "Left"
    level: str | None
    level_word: str


@dataclass(frozen=True)
class RegionView:
    key: str
    title: str
    level: str | None
    level_word: str
    sentence: str
    findings: list[str]
    asymmetries: list[str]
    imbalances: list[str]
    tracked: list[str]
    plain: list[str] = field(default_factory=list)  # what the findings mean, without numbers
    rechecks: list[str] = field(default_factory=list)  # measure again before the routine uses these
    sides: list[SideLevel] = field(default_factory=list)  # left and right, when the region is measured per side


def side_levels(summary: RegionSummary | None) -> list[SideLevel]:
    """Left and right on their own (the worst scored result of each side), or nothing when no test of the
    region is measured per side. A side without a scored result is 'not tested'."""
    findings = summary.findings if summary else ()
    if not any(f.side in (Side.LEFT, Side.RIGHT) for f in findings):
        return []
    out = []
    for side in (Side.LEFT, Side.RIGHT):
        levels: list[Level] = [lv for f in findings if f.side is side and (lv := f.level) is not None]
        ranked = sorted(levels, key=LEVEL_RANK.__getitem__)  # worst first
        worst = ranked[0] if ranked else None
        out.append(SideLevel(side.value, side.value.capitalize(), worst, LEVEL_WORDS[worst] if worst else "not tested"))
    return out


def test_title(cat: Catalogue, test_id: str) -> str:
    """A test's name without its bracketed aside: "Knee to chest lying down"."""
    return cat.tests[test_id].name.split(" (")[0]


def recheck_line(cat: Catalogue, x: Recheck) -> str:
    """A "please measure again" note that names the test and the side."""
    where = f", {x.side} side" if x.side in (Side.LEFT.value, Side.RIGHT.value) else ", both sides"
    return f"{test_title(cat, x.test_id)}{where}: {x.message}"


def _names(names: list[str]) -> str:
    names = [n[0].lower() + n[1:] for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sentence(
    level: Level | None, subject: str, verb: str, scored: list[str], held: list[str], tracked: list[str]
) -> str:
    """What the region's verdict rests on, in plain words: which tests were scored, which wait to be
    measured again, and which are only tracked. A verdict never reaches past the scored tests."""
    if not held and not tracked:
        return _LEVEL_SENTENCES[level].format(s=subject, v=verb)
    parts = [_PARTIAL_SENTENCES[level].format(s=subject, v=verb, tests=_names(scored)) if scored else ""]
    if held:
        parts.append(f"Not scored yet: {_names(held)}. The values look unusual, so please measure again (see below).")
    if tracked:
        parts.append(f"Tracked only, with no guide value to score against: {_names(tracked)}.")
    return " ".join(p for p in parts if p)


_PARTIAL_SENTENCES: dict[str | None, str] = {
    "adequate": "{s} {v} within our guide on {tests}.",
    "borderline": "{s} {v} a little stiffer than our guide on {tests}.",
    "restricted": "{s} {v} stiffer than our guide on {tests}. That is what the routine works on first.",
    None: "No scored test for this region yet.",
}


def region_views(result: AssessmentResult | None, cat: Catalogue) -> list[RegionView]:
    views = []
    rechecks = list(result.rechecks) if result else []
    unusual = {(x.test_id, x.metric_id, x.side) for x in rechecks if x.kind is RecheckKind.UNUSUAL}
    for region in Region:
        summary = result.regions.get(region) if result else None
        level = summary.level if summary else None
        subject, verb = _REGION_SUBJECT[region]
        in_region: list[MetricResult] = [
            r for r in (result.results if result else ()) if cat.tests[r.test_id].region is region
        ]
        scored = list(dict.fromkeys(test_title(cat, r.test_id) for r in in_region if r.level is not None))
        held_ids = {r.test_id for r in in_region if (r.test_id, r.metric_id, r.side.value) in unusual}
        held = list(dict.fromkeys(test_title(cat, t) for t in held_ids if test_title(cat, t) not in scored))
        tracked = list(
            dict.fromkeys(
                test_title(cat, r.test_id)
                for r in in_region
                if r.level is None and r.test_id not in held_ids and test_title(cat, r.test_id) not in scored
            )
        )
        word = LEVEL_WORDS[level]
        if level == "adequate" and (held or tracked):  # never "adequate" past the tests that were scored
            word = f"{word} so far"
        views.append(
            RegionView(
                region.value,
                REGION_TITLES[region],
                level,
                word,
                _sentence(level, subject, verb, scored, held, tracked),
                [describe(f, cat) for f in summary.findings] if summary else [],
                [describe_asymmetry(a, cat) for a in summary.asymmetries] if summary else [],
                [
                    f"{test_title(cat, i.test_id)}, {i.side.value} side: {i.label}"
                    for i in (summary.imbalances if summary else ())
                ],
                [describe(r, cat) for r in in_region if r.level is None],
                _plain_lines(summary, region, held_ids),
                [recheck_line(cat, x) for x in rechecks if cat.tests[x.test_id].region is region],
                side_levels(summary),
            )
        )
    return views


def _plain_lines(summary: RegionSummary | None, region: Region, held: Set[str] = frozenset()) -> list[str]:
    """What the scored findings mean; a side difference between values held for measuring again is left
    out (it would rest on numbers the app itself doubts)."""
    if summary is None:
        return []
    lines = plain_findings([f for f in summary.findings if f.level != "adequate"], region)
    lines += [plain_asymmetry(a, region) for a in summary.asymmetries if a.test_id not in held]
    return list(dict.fromkeys(lines))


@dataclass(frozen=True)
class ResultsPage:
    name: str
    has_results: bool
    regions: list[RegionView]
    diagram: str  # inline SVG, built in diagram.py
    tests_url: str
    routine_url: str


# --- routine -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoutineItemView:
    number: int
    name: str
    url: str
    region: str
    dose: str
    time: str
    reason: str
    notes: list[str]
    plain: str = ""  # the reason in plain words; ``reason`` (numbers, thresholds) goes behind details
    exercise_id: str = ""

    @property
    def detail(self) -> str:
        """The technical reason, when it carries numbers the plain one leaves out."""
        return self.reason if any(ch.isdigit() for ch in self.reason) else ""


@dataclass(frozen=True)
class Lesson:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class RoutinePage:
    name: str
    total: str
    budget: str
    days_per_week: int
    items: list[RoutineItemView]
    activity: str
    notes: list[str]
    starter: bool
    retest_due: bool
    tests_url: str
    session_url: str
    settings_url: str
    lesson: Lesson | None
    needs: list[str] = field(default_factory=list)  # what to fetch before the session
    learn_url: str = "/learn"
    strength: str = ""  # which days carry strength work (domain.strength.strength_line)
    day_total: str = ""  # the session and the walk together: the day's minutes (docs/clinical-rules.md)
    short_of_time: str = ""  # a restricted region the minutes could not hold, said up front


def _provisional(plain: str, item: RoutineItem, rechecks: Sequence[Recheck], cat: Catalogue) -> str:
    """The reason for an exercise, said to be provisional when it rests on a test the app asked to be
    measured again (values that look unlikely, or sides far apart)."""
    doubted = [
        x.test_id
        for x in rechecks
        if item.region is not None
        and cat.tests[x.test_id].region is item.region
        and any(m.id == x.metric_id and item.target in m.targets for m in cat.tests[x.test_id].metrics)
    ]
    if not doubted:
        return plain
    tests = _names(list(dict.fromkeys(test_title(cat, t) for t in doubted)))
    return f"For now, until you measure {tests} again: {plain[0].lower()}{plain[1:]}"


def routine_page(view: RoutineView, cat: Catalogue) -> RoutinePage:
    r = view.routine
    rechecks = list(view.assessment.rechecks) if view.assessment else []
    items = [
        RoutineItemView(
            n,
            cat.exercises[i.exercise_id].name,
            f"/exercises/{i.exercise_id}",
            REGION_TITLES[i.region] if i.region else f"Strength: {cat.exercises[i.exercise_id].area}",
            i.dose.label(),
            duration(i.seconds),
            i.reason,
            list(i.notes),
            _provisional(i.plain or i.reason, i, rechecks, cat),
            i.exercise_id,
        )
        for n, i in enumerate(r.items, start=1)
    ]
    needs: list[str] = []
    for i in r.items:
        ex = cat.exercises[i.exercise_id]
        for e in ex.equipment:
            if EQUIPMENT_WORDS[e] not in needs:
                needs.append(EQUIPMENT_WORDS[e])
    if any(cat.exercises[i.exercise_id].position is Position.FLOOR for i in r.items):
        needs.append("a clear patch of floor (a mat or rug helps)")
    text = cat.education.get("pain-during-exercise")
    taught = lesson(text, yellow_flags=view.yellow_flags) if text else None
    return RoutinePage(
        view.profile,
        duration(r.total_seconds),
        plural(r.budget_seconds // 60, "minute"),
        r.days_per_week,
        items,
        r.activity,
        [n for n in r.notes if n != r.short_of_time],
        view.assessment is None,
        view.retest_due,
        profile_url(view.profile, "tests"),
        profile_url(view.profile, "session"),
        profile_url(view.profile, "settings"),
        Lesson(taught.title, list(taught.paragraphs)) if taught else None,
        needs,
        strength=strength_line(
            [cat.exercises[i.exercise_id].name for i in r.strength], r.strength_days, r.strength_today
        ),
        day_total=(
            f"With your {r.walking_minutes}-minute walk, today comes to about {r.day_minutes()} minutes in all."
            if r.walking_minutes
            else ""
        ),
        short_of_time=r.short_of_time,
    )
