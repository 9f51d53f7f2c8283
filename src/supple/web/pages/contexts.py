"""Typed page contexts built from what the services return. Templates only render these.

Nothing here scores, classifies or decides: the numbers and verdicts come from the services and
the domain's own describe functions; this module only arranges them and picks plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Equipment, Exercise, MeasureMethod, Metric, Position, Region, TestDefinition, Unit
from supple.domain.assessment import AssessmentResult, MetricResult, describe, describe_asymmetry
from supple.domain.dosing import base_dose
from supple.domain.education import lesson
from supple.services.home import NextStep, Step
from supple.services.routine import RoutineView
from supple.web.pages.rendering import NavLink, profile_url

# --- words ----------------------------------------------------------------------------------------

REGION_TITLES: dict[Region, str] = {Region.THORACIC: "Mid back", Region.ANKLE: "Ankles", Region.HIP: "Hips"}
_REGION_SUBJECT: dict[Region, tuple[str, str]] = {
    Region.THORACIC: ("Your mid back", "is"),
    Region.ANKLE: ("Your ankles", "are"),
    Region.HIP: ("Your hips", "are"),
}
LEVEL_WORDS: dict[str | None, str] = {
    "adequate": "adequate",
    "borderline": "borderline",
    "restricted": "restricted",
    None: "not tested yet",
}
_LEVEL_SENTENCES: dict[str | None, str] = {
    "adequate": "{s} {v} moving within our guide on the tests you did.",
    "borderline": "{s} {v} close to our guide, a little stiff on at least one test.",
    "restricted": "{s} {v} stiffer than our guide on at least one test. That is what the routine works on first.",
    None: "No scored test for this region yet.",
}
METHOD_WORDS: dict[MeasureMethod, str] = {
    MeasureMethod.TAPE: "Tape measure",
    MeasureMethod.PHONE: "Phone angle app",
    MeasureMethod.CAMERA: "Photo or video",
    MeasureMethod.GONIOMETER: "Goniometer",
    MeasureMethod.ESTIMATE: "My best estimate",
    MeasureMethod.OBSERVATION: "Looking (yes or no)",
}
EQUIPMENT_WORDS: dict[Equipment, str] = {e: e.value.replace("_", " ") for e in Equipment}
POSITION_WORDS: dict[Position, str] = {
    Position.FLOOR: "on the floor",
    Position.KNEELING: "kneeling",
    Position.STANDING: "standing",
    Position.CHAIR: "sitting on a chair",
}
SIGNAL_WORDS: dict[str, tuple[str, str]] = {
    "green": ("Green", "Your back handled it well."),
    "amber": ("Amber", "Keep things as they are for now."),
    "red": ("Red", "Time to ease off a little."),
}
_NO_SIGNAL = ("Not scored", "Not done, or no pain score was given.")


def unit_words(unit: Unit) -> str:
    return {Unit.CM: "cm", Unit.DEG: "degrees", Unit.PASS_FAIL: "yes or no"}[unit]


def duration(seconds: int) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return "under a minute"
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


def signal_words(signal: str | None) -> tuple[str, str]:
    return SIGNAL_WORDS.get(signal or "", _NO_SIGNAL)


# --- profiles and home ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileLink:
    name: str
    url: str
    locked: bool


@dataclass(frozen=True)
class ProfilesPage:
    profiles: list[ProfileLink]


# Where each step of the program lives on the web, and what the button says.
_STEPS: dict[Step, tuple[str | None, str]] = {
    Step.CREATE_PROFILE: (None, "Create your profile"),
    Step.CHOOSE_PROFILE: (None, "Choose your profile"),
    Step.CLEAR: ("clear", "A clinician has cleared me"),
    Step.SCREEN: ("screen", "Answer the safety questions"),
    Step.BASELINE: ("baseline", "Record how your back feels"),
    Step.TESTS: ("tests", "Do the home tests"),
    Step.CHECKIN: ("checkin", "Do the morning check-in"),
    Step.SESSION: ("routine", "See today's routine"),
}


@dataclass(frozen=True)
class StepAction:
    label: str
    url: str


def next_action(step: NextStep, name: str) -> StepAction:
    """Where the web sends the person for the step the service chose."""
    part, label = _STEPS[step.step]
    return StepAction(label, "/" if part is None else profile_url(name, part))


@dataclass(frozen=True)
class HomePage:
    name: str
    heading: str
    lines: list[str]
    action: StepAction
    locked: bool
    more: list[NavLink]


def home_page(name: str, step: NextStep, locked: bool) -> HomePage:
    more: list[NavLink] = []
    if not locked:
        more = [
            NavLink(label, profile_url(name, part), False)
            for label, part in (
                ("Your test results", "results"),
                ("Do or repeat a home test", "tests"),
                ("Record your pain again", "baseline"),
                ("Morning check-in", "checkin"),
                ("Your limits and time (settings)", "settings"),
                ("Safety questions again", "screen"),
            )
        ]
    lines = list(step.lines)
    heading = "Your next step"
    if locked and lines:  # the stop heading itself, never softened
        heading, lines = lines[0], lines[1:]
    return HomePage(name, heading, lines, next_action(step, name), locked, more)


# --- safety screen --------------------------------------------------------------------------------

_CATEGORY_TITLES = {
    "cauda-equina": "Bladder, bowel and the saddle area",
    "progressive-neuro": "Strength and feeling in your legs",
    "infection": "Fever and infection",
    "trauma": "Accidents",
    "fracture": "Falls and bones",
    "malignancy": "Your health history",
    "inflammatory": "How your back pain behaves",
    "visceral": "Other kinds of pain",
    "other": "Your situation",
}


@dataclass(frozen=True)
class QuestionView:
    key: str  # the form field, e.g. 'red_flags.fever'
    text: str
    testid: str  # 'q-fever' → q-fever-yes / q-fever-no


@dataclass(frozen=True)
class QuestionGroup:
    title: str
    intro: str
    questions: list[QuestionView]


@dataclass(frozen=True)
class ScreenPage:
    name: str
    groups: list[QuestionGroup]

    @property
    def keys(self) -> list[str]:
        return [q.key for g in self.groups for q in g.questions]

    @property
    def labels(self) -> dict[str, str]:
        return {q.key: q.text for g in self.groups for q in g.questions}


def screen_page(name: str, cat: Catalogue) -> ScreenPage:
    groups: list[QuestionGroup] = []
    by_category: dict[str, list[QuestionView]] = {}
    for q in cat.safety.questions:
        by_category.setdefault(q.category or "other", []).append(QuestionView(f"red_flags.{q.id}", q.text, f"q-{q.id}"))
    for i, (category, questions) in enumerate(by_category.items()):
        intro = "Please answer every question. They decide whether exercise is safe for you now." if i == 0 else ""
        groups.append(QuestionGroup(_CATEGORY_TITLES.get(category, "More questions"), intro, questions))
    groups.append(
        QuestionGroup(
            "Health conditions",
            "These change which exercises are offered to you.",
            # 'osteoporosis' is also a red-flag question id, so condition test ids carry a prefix.
            [
                QuestionView(f"conditions.{c.id.value}", c.text, f"q-condition-{c.id.value}")
                for c in cat.safety.condition_questions
            ],
        )
    )
    groups.append(
        QuestionGroup(
            "How you feel about your back",
            "There are no wrong answers, and these never stop the program.",
            [QuestionView(f"yellow_flags.{q.id}", q.text, f"q-{q.id}") for q in cat.yellow_flags.questions],
        )
    )
    return ScreenPage(name, groups)


@dataclass(frozen=True)
class ScreenDonePage:
    name: str
    heading: str
    advice: str
    reasons: list[str]
    notices: list[str]
    yellow_flags: list[str]
    action: StepAction | None


# --- baseline, settings, clearance, check-in --------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    index: int
    name_key: str
    score_key: str


@dataclass(frozen=True)
class BaselinePage:
    name: str
    rows: list[ActivityRow]

    @property
    def keys(self) -> list[str]:
        return list(self.labels)

    @property
    def labels(self) -> dict[str, str]:
        labels = {
            "pain.now": "Pain right now",
            "pain.average_24h": "Pain on average over 24 hours",
            "pain.worst_24h": "Pain at its worst in 24 hours",
            "activities": "Activities",
        }
        for r in self.rows:
            labels[r.name_key] = f"Activity {r.index}"
            labels[r.score_key] = f"Activity {r.index} score"
        return labels


def baseline_page(name: str, max_activities: int) -> BaselinePage:
    rows = [ActivityRow(i, f"activity.{i}.name", f"activity.{i}.score") for i in range(1, max_activities + 1)]
    return BaselinePage(name, rows)


@dataclass(frozen=True)
class SimplePage:
    """A form page that needs only the profile's name (clearance, check-in, settings)."""

    name: str


@dataclass(frozen=True)
class SignalRow:
    name: str
    word: str
    meaning: str
    css: str


@dataclass(frozen=True)
class CheckinDonePage:
    name: str
    known: bool
    overall: SignalRow | None
    items: list[SignalRow]
    changes: list[str]
    paused: str | None
    action: StepAction


def signal_row(name: str, signal: str | None) -> SignalRow:
    word, meaning = signal_words(signal)
    return SignalRow(name, word, meaning, f"signal-{signal if signal in SIGNAL_WORDS else 'none'}")


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


@dataclass(frozen=True)
class TrialInput:
    key: str
    label: str
    testid: str
    pass_fail: bool


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
    default_method: str
    metrics: list[MetricInputs]
    back_url: str

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
                labels.update({t.key: f"{where}, trial {t.key.rsplit('.', 1)[1]}" for t in side.trials})
        return labels


SIDE_TITLES = {"left": "Left side", "right": "Right side", "values": "Result"}


def sides_of(test: TestDefinition) -> list[str]:
    return ["left", "right"] if test.bilateral else ["values"]


def _range_text(m: Metric) -> str:
    if m.unit is Unit.PASS_FAIL:
        return "yes or no"
    return f"{m.min:g} to {m.max:g}"


def test_page(name: str, test: TestDefinition, max_trials: int) -> TestPage:
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
                    f"Trial {n}" if m.unit is Unit.PASS_FAIL else f"Trial {n} ({unit}, {_range_text(m)})",
                    f"{side}-{m.id}-{n}",
                    m.unit is Unit.PASS_FAIL,
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
        test.metrics[0].methods[0].value,
        metrics,
        profile_url(name, "tests"),
    )


# --- results -------------------------------------------------------------------------------------


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


def region_views(result: AssessmentResult | None, cat: Catalogue) -> list[RegionView]:
    views = []
    for region in Region:
        summary = result.regions.get(region) if result else None
        level = summary.level if summary else None
        subject, verb = _REGION_SUBJECT[region]
        in_region: list[MetricResult] = [
            r for r in (result.results if result else ()) if cat.tests[r.test_id].region is region
        ]
        views.append(
            RegionView(
                region.value,
                REGION_TITLES[region],
                level,
                LEVEL_WORDS[level],
                _LEVEL_SENTENCES[level].format(s=subject, v=verb),
                [describe(f, cat) for f in summary.findings] if summary else [],
                [describe_asymmetry(a, cat) for a in summary.asymmetries] if summary else [],
                [
                    f"{cat.tests[i.test_id].name.split(' (')[0]}, {i.side.value} side: {i.label}"
                    for i in (summary.imbalances if summary else ())
                ],
                [describe(r, cat) for r in in_region if r.level is None],
            )
        )
    return views


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


def routine_page(view: RoutineView, cat: Catalogue) -> RoutinePage:
    r = view.routine
    items = [
        RoutineItemView(
            n,
            cat.exercises[i.exercise_id].name,
            f"/exercises/{i.exercise_id}",
            REGION_TITLES[i.region],
            i.dose.label(),
            duration(i.seconds),
            i.reason,
            list(i.notes),
        )
        for n, i in enumerate(r.items, start=1)
    ]
    text = cat.education.get("pain-during-exercise")
    taught = lesson(text, yellow_flags=view.yellow_flags) if text else None
    return RoutinePage(
        view.profile,
        duration(r.total_seconds),
        f"{r.budget_seconds // 60} minutes",
        r.days_per_week,
        items,
        r.activity,
        list(r.notes),
        view.assessment is None,
        view.retest_due,
        profile_url(view.profile, "tests"),
        profile_url(view.profile, "session"),
        profile_url(view.profile, "settings"),
        Lesson(taught.title, list(taught.paragraphs)) if taught else None,
    )


# --- library -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ExerciseCard:
    id: str
    name: str
    url: str
    summary: str
    region: str
    position: str
    equipment: str
    floor: str
    dose: str


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    region: str = ""
    equipment: str = ""
    position: str = ""
    floor: str = ""


@dataclass(frozen=True)
class LibraryPage:
    filters: LibraryFilters
    regions: list[Option]
    equipment: list[Option]
    positions: list[Option]
    floors: list[Option]
    cards: list[ExerciseCard]
    total: int
    filtered: bool


REGION_OPTIONS = [Option(r.value, REGION_TITLES[r]) for r in Region]
EQUIPMENT_OPTIONS = [
    Option("none", "No equipment"),
    *[Option(e.value, EQUIPMENT_WORDS[e].capitalize()) for e in Equipment],
]
POSITION_OPTIONS = [Option(p.value, POSITION_WORDS[p].capitalize()) for p in Position]
FLOOR_OPTIONS = [Option("no", "No floor"), Option("yes", "On the floor")]


def equipment_text(ex: Exercise) -> str:
    return ", ".join(EQUIPMENT_WORDS[e] for e in ex.equipment) or "nothing"


def exercise_card(ex: Exercise) -> ExerciseCard:
    return ExerciseCard(
        ex.id,
        ex.name,
        f"/exercises/{ex.id}",
        ex.summary,
        REGION_TITLES[ex.region],
        POSITION_WORDS[ex.position],
        equipment_text(ex),
        "needs the floor" if ex.needs_floor else "no floor needed",
        base_dose(ex.dosage).label(),
    )


@dataclass(frozen=True)
class SourceView:
    ref: str
    tag: str
    note: str | None


_TAG_WORDS = {
    "S": "checked in the original source",
    "S2": "checked in a secondary source",
    "U": "not yet confirmed",
    "D": "our design choice, awaiting clinical sign-off",
}


@dataclass(frozen=True)
class ExercisePage:
    id: str
    name: str
    aka: list[str]
    summary: str
    region: str
    position: str
    floor: str
    equipment: str
    optional_equipment: str
    dose: str
    tempo: str
    days: str
    steps: list[str]
    cues: list[str]
    mistakes: list[str]
    cautions: list[str]
    related: list[tuple[str, str, str]]  # (relation, name, url)
    sources: list[SourceView]
    back_url: str = "/exercises"
    not_for: list[str] = field(default_factory=list)


_CONDITION_WORDS = {
    "hip_replacement_posterior": "a hip replaced from the back or side",
    "hip_replacement_anterior": "a hip replaced from the front",
    "knee_replacement": "a knee replacement or painful kneeling",
    "osteoporosis": "osteoporosis",
    "recent_ankle_injury": "a recent ankle injury",
    "shoulder_problem": "a painful or unstable shoulder",
    "calf_swelling": "a painful, swollen calf",
    "hypermobility": "very bendy joints",
    "pregnancy": "pregnancy",
}


def exercise_page(ex: Exercise, cat: Catalogue) -> ExercisePage:
    related = []
    for relation, target in (("Easier", ex.regression), ("Harder", ex.progression), ("Off the floor", ex.alternative)):
        other = cat.exercises.get(target or "")
        if other is not None:
            related.append((relation, other.name, f"/exercises/{other.id}"))
    low, high = ex.dosage.days_per_week
    sources = [SourceView(s.ref, _TAG_WORDS.get(s.tag.value, s.tag.value), s.note) for s in ex.sources]
    dose_source = ex.dosage.source
    sources.append(
        SourceView(
            f"Dose: {dose_source.ref}", _TAG_WORDS.get(dose_source.tag.value, dose_source.tag.value), dose_source.note
        )
    )
    return ExercisePage(
        ex.id,
        ex.name,
        list(ex.aka),
        ex.summary,
        REGION_TITLES[ex.region],
        POSITION_WORDS[ex.position],
        "needs the floor" if ex.needs_floor else "no floor needed",
        equipment_text(ex),
        ", ".join(EQUIPMENT_WORDS[e] for e in ex.optional_equipment),
        base_dose(ex.dosage).label(),
        ex.dosage.tempo,
        f"{low} to {high} days a week" if low != high else f"{low} days a week",
        list(ex.steps),
        list(ex.cues),
        list(ex.mistakes),
        list(ex.cautions),
        related,
        sources,
        not_for=[_CONDITION_WORDS.get(c.value, c.value.replace("_", " ")) for c in ex.avoid_with],
    )
