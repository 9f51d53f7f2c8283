"""Typed page contexts: the list of home tests and one test's entry form."""

from __future__ import annotations

from dataclasses import dataclass, field

from supple.catalogue.schema import MeasureMethod, Metric, TestDefinition, Unit
from supple.domain.formatting import plural
from supple.problems import Code, Limits, Problem, sentence
from supple.report.words import METHOD_WORDS, REGION_TITLES
from supple.web.pages.contexts import (
    EQUIPMENT_WORDS,
    unit_words,
)
from supple.web.pages.rendering import profile_url

# --- tests ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TestLink:
    id: str
    name: str
    region: str
    how_to: str
    url: str
    done_on: str | None
    needs: str


def test_needs(test: TestDefinition) -> str:
    """What the test asks of the body and the room, so people can skip what does not suit them."""
    needs = [
        word
        for flag, word in (
            (test.needs_floor, "the floor"),
            (test.needs_kneeling, "kneeling"),
            (test.needs_helper, "a helper"),
        )
        if flag
    ]
    return "Needs " + " and ".join(needs) if needs else ""


@dataclass(frozen=True)
class TestsPage:
    name: str
    groups: list[tuple[str, list[TestLink]]]
    saved: str | None
    retest_due: bool
    next_test: TestLink | None
    results_url: str
    any_done: bool
    focus: str | None = None  # "your ankles" when the page shows one region only
    all_url: str | None = None  # the full list, from a one-region page
    home_url: str | None = None
    skipped: list[str] = field(default_factory=list)  # "Test name: why", tests the settings rule out
    saved_checks: tuple[str, ...] = ()  # the test just saved: its values to measure again, side and test named


def unsuited_tests(tests: list[TestDefinition], no_floor: bool, no_kneeling: bool) -> dict[str, str]:
    """The tests the person's settings rule out, each with the plain reason."""
    out: dict[str, str] = {}
    for t in tests:
        why = [
            word
            for flag, word in (
                (t.needs_floor and no_floor, "it needs the floor"),
                (t.needs_kneeling and no_kneeling, "it needs kneeling"),
            )
            if flag
        ]
        if why:
            out[t.id] = " and ".join(why) + ", and your settings say that is not for you"
    return out


_REGION_WORDS = {"thoracic": "your mid back", "ankle": "your ankles", "hip": "your hips"}


def region_title(region: str | None) -> str | None:
    return _REGION_WORDS.get(region) if region else None


@dataclass(frozen=True)
class TrialInput:
    key: str
    label: str
    testid: str
    pass_fail: bool
    number: int  # 1 for the first try


@dataclass(frozen=True)
class SideInputs:
    key: str
    title: str
    trials: list[TrialInput]


@dataclass(frozen=True)
class MetricInputs:
    id: str
    label: str
    unit: str
    range_text: str
    methods_text: str
    hint: str
    sides: list[SideInputs]
    negative: bool  # values below zero are possible: phones' decimal keypads may lack a minus key
    method_options: list[MethodOption] = field(default_factory=list)  # set when measurements differ in method
    default_method: str = ""  # the way used last time for this measurement; none before it was ever recorded


@dataclass(frozen=True)
class MethodOption:
    value: str
    label: str


@dataclass(frozen=True)
class TestPage:
    name: str
    id: str
    title: str
    region: str
    how_to: str
    steps: list[str]
    placement: list[tuple[str, str]]  # (measurement, where the tape / phone goes)
    equipment: str
    needs_helper: bool
    cautions: list[str]
    methods: list[MethodOption]
    default_method: str  # the way used last time; "" before the test was ever recorded (the person chooses)
    metrics: list[MetricInputs]
    back_url: str
    saved: str | None = None  # the test just saved, when the page follows on from it
    back_label: str = "All tests"
    before: tuple[str, ...] = ()  # the same conditions every time (time of day, no stretching first, ...)
    saved_checks: tuple[str, ...] = ()  # the test just saved: its values to measure again, side and test named
    today: tuple[str, ...] = ()  # this test's values already saved today, which saving again replaces
    ways: tuple[str, ...] = ("type what you measured",)  # the ways to measure this test the page offers

    @property
    def ways_heading(self) -> str:
        return f"Measure it one of {plural(len(self.ways), 'way')}" if len(self.ways) > 1 else "Type what you measured"

    @property
    def ways_text(self) -> str:
        first = ", ".join(self.ways[:-1])
        text = sentence(f"{first} or {self.ways[-1]}" if first else self.ways[-1])
        return text[:1].upper() + text[1:]

    @property
    def keys(self) -> list[str]:
        return list(self.labels)

    @property
    def labels(self) -> dict[str, str]:
        labels = {"method": "How you measured", "placement": "Note"}
        for m in self.metrics:
            if m.method_options:
                labels[f"{m.id}.method"] = f"How you measured: {m.label.lower()}"
            for side in m.sides:
                where = f"{m.label}, {side.title.lower()}" if side.title != "Result" else m.label
                labels[side.key] = where
                labels.update({t.key: f"{where}, try {t.number}" for t in side.trials})
        return labels


SIDE_TITLES = {"left": "Left side", "right": "Right side", "values": "Result"}


def sides_of(test: TestDefinition) -> list[str]:
    return ["left", "right"] if test.bilateral else ["values"]


def _range_text(m: Metric) -> str:
    if m.unit is Unit.PASS_FAIL:
        return "yes or no"
    return f"{m.min:g} to {m.max:g}"


PHONE_WAY, CAMERA_WAY = "let this phone measure the angle", "measure from a photo or video"


def test_page(
    name: str,
    test: TestDefinition,
    max_trials: int,
    last: dict[str, str],
    ways: tuple[str, ...],
) -> TestPage:
    """The test page. ``last``: how each measurement was taken last time (metric id → method), which
    is chosen again; with none, no method is chosen for the person. ``ways``: the ways to measure offered."""
    # Knee-to-wall: the distance by tape, the angle by phone. Then each measurement gets its own choice.
    per_metric = len({tuple(m.methods) for m in test.metrics}) > 1
    methods: list[MeasureMethod] = []
    for m in test.metrics:
        methods += [x for x in m.methods if x not in methods]
    metrics = []
    for m in test.metrics:
        unit = unit_words(m.unit)
        sides = []
        for side in sides_of(test):
            trials = [
                TrialInput(
                    f"{side}.{m.id}.{n}",
                    f"Try {n}" if m.unit is Unit.PASS_FAIL else f"Try {n} ({unit}, {_range_text(m)})",
                    f"{side}-{m.id}-{n}",
                    m.unit is Unit.PASS_FAIL,
                    n,
                )
                for n in range(1, max_trials + 1)
            ]
            sides.append(SideInputs(f"{side}.{m.id}", SIDE_TITLES[side], trials))
        metrics.append(
            MetricInputs(
                m.id,
                m.label,
                unit,
                _range_text(m),
                ", ".join(METHOD_WORDS[x].split(" (")[0].lower() for x in m.methods),
                m.hint,
                sides,
                m.min < 0,
                [MethodOption(x.value, METHOD_WORDS[x]) for x in m.methods] if per_metric else [],
                last.get(m.id, "") if last.get(m.id) in m.methods else "",
            )
        )
    return TestPage(
        name,
        test.id,
        test.name,
        REGION_TITLES[test.region],
        test.how_to,
        list(test.steps),
        [(m.label, m.hint) for m in test.metrics],
        ", ".join(EQUIPMENT_WORDS[e] for e in test.equipment),
        test.needs_helper,
        list(test.cautions),
        [] if per_metric else [MethodOption(x.value, METHOD_WORDS[x]) for x in methods],
        next((m for m in last.values() if m in methods), "") if not per_metric else "",
        metrics,
        profile_url(name, "tests"),
        ways=ways,
    )


def measure_ways(phone: bool, camera: bool) -> tuple[str, ...]:
    """The ways a test page offers: typing always, this phone and a photo only where the test has them."""
    return ("type what you measured",) + ((PHONE_WAY,) if phone else ()) + ((CAMERA_WAY,) if camera else ())


def methods_missing(page: TestPage, form: dict[str, str], given: set[str]) -> list[Problem]:
    """A value typed without saying how it was measured, named at the method's field. ``given``: the
    measurements (metric ids) that have a value."""
    problems = []
    if page.methods and given and not form.get("method"):
        allowed = tuple(m.label for m in page.methods)
        problems.append(Problem.saying(("tests", page.id, "method"), CHOOSE, Code.REQUIRED, Limits(allowed=allowed)))
    for m in page.metrics:
        if m.method_options and m.id in given and not form.get(f"{m.id}.method"):
            allowed = tuple(x.label for x in m.method_options)
            loc = ("tests", page.id, "method", m.id)
            problems.append(Problem.saying(loc, CHOOSE, Code.REQUIRED, Limits(allowed=allowed)))
    return problems


CHOOSE = "please choose how you measured"
