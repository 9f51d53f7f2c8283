"""Typed page contexts built from what the services return. Templates only render these.

Nothing here scores, classifies or decides: the numbers and verdicts come from the services and
the domain's own describe functions; this module only arranges them and picks plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

from supple.catalogue.schema import Equipment, Position, Region, Unit
from supple.domain.formatting import plural
from supple.services.home import NextStep, Step, TestOffer
from supple.web.pages.rendering import profile_url

# --- words ----------------------------------------------------------------------------------------

_REGION_SUBJECT: dict[Region, tuple[str, str]] = {
    Region.THORACIC: ("Your mid back", "is"),
    Region.ANKLE: ("Your ankles", "are"),
    Region.HIP: ("Your hips", "are"),
}
_LEVEL_SENTENCES: dict[str | None, str] = {
    "adequate": "{s} {v} moving within our guide on the tests you did.",
    "borderline": "{s} {v} close to our guide, a little stiff on at least one test.",
    "restricted": "{s} {v} stiffer than our guide on at least one test. That is what the routine works on first.",
    None: "No scored test for this region yet.",
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
    deleted: bool = False  # just after a profile was deleted: the page says it was


FIRST_PAIN = "Record your pain and the activities that hurt"  # the baseline, before any pain score

# Where each step of the program lives on the web, and what the button says.
_STEPS: dict[Step, tuple[str | None, str]] = {
    Step.CREATE_PROFILE: (None, "Create your profile"),
    Step.CHOOSE_PROFILE: (None, "Choose your profile"),
    Step.CLEAR: ("clear", "A clinician has cleared me"),
    Step.SCREEN: ("screen", "Answer the safety questions"),
    Step.BASELINE: ("baseline", FIRST_PAIN),
    Step.TESTS: ("tests", "Test again"),
    Step.CHECKIN: ("checkin", "Do the morning check-in"),
    Step.CHECKIN_LATER: ("progress", "See your progress so far"),
    Step.FIRST_SESSION: ("start", "Get your first routine"),
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
class TestOfferView:
    """Today's small extra: one region's tests ("Today: your ankles, about 4 minutes")."""

    heading: str
    line: str
    url: str


_REGION_PLAIN = {"thoracic": "your mid back", "ankle": "your ankles", "hip": "your hips"}


def test_offer_view(name: str, offer: TestOffer | None) -> TestOfferView | None:
    if offer is None:
        return None
    what = _REGION_PLAIN.get(offer.region, offer.region)
    count = len(offer.test_ids)
    line = (
        f"Test {what} again to see what changed."
        if offer.retest
        else f"{plural(count, 'short test')}. Then your routine can focus on what is stiff."
    )
    return TestOfferView(
        f"Today: {what}, about {plural(offer.minutes, 'minute')}",
        line,
        profile_url(name, "tests") + f"?region={offer.region}",
    )


@dataclass(frozen=True)
class HomeLink:
    label: str
    url: str
    icon: str


@dataclass(frozen=True)
class HomePage:
    name: str
    heading: str
    lines: list[str]
    action: StepAction
    locked: bool
    more: list[HomeLink]
    offer: TestOfferView | None = None
    first_time: bool = False
    from_clinician: tuple[str, ...] = ()  # clinic mode: re-tests and questionnaires due now, in plain words
    saved: str | None = None  # what was just saved, said at the top ("Saved: how your back feels.")


# What a page that sends the person home just saved (?saved=KEY), in plain words.
SAVED_WORDS = {"baseline": "how your back feels and what is hard for you. You can see it under Progress"}


def home_page(
    name: str,
    step: NextStep,
    locked: bool,
    offer: TestOffer | None = None,
    starter_ready: bool = False,
    pain_recorded: bool = True,
) -> HomePage:
    """``starter_ready``: the starter routine is made, so the first step is the session itself.
    ``pain_recorded``: a pain score exists, so the link records it "again" (else it offers the baseline)."""
    more: list[HomeLink] = []
    if not locked:
        more = [
            HomeLink(label, profile_url(name, part) if not part.startswith("/") else part, icon)
            for label, part, icon in (
                ("Today's routine", "routine", "list-checks"),
                ("Your test results", "results", "ruler"),
                ("Do or repeat a home test", "tests", "footprints"),
                ("Record your pain again" if pain_recorded else FIRST_PAIN, "baseline", "heart"),
                ("Morning check-in", "checkin", "sun-medium"),
                ("What you have and what you can do", "start", "settings"),
                ("Learn about your back", "/learn", "book-open"),
                ("Safety questions again", "screen", "info"),
            )
        ]
    if step.step in (Step.SCREEN, Step.FIRST_SESSION):  # early on, only what can be used yet
        more = [link for link in more if link.url in ("/learn", profile_url(name, "start"))]
    lines = list(step.lines)
    heading = "Your next step"
    if locked and lines:  # the stop heading itself, never softened
        heading, lines = lines[0], lines[1:]
    elif step.step is Step.FIRST_SESSION:
        heading = "Let's get you started"
    first = step.step is Step.FIRST_SESSION
    action = next_action(step, name)
    if first and starter_ready and not locked:
        heading = "Your first session"
        lines = ["Your starter routine is ready. The session is short and gentle, and the player guides you."]
        action = StepAction("Start your first session", profile_url(name, "session"))
        more = [HomeLink("See your starter routine", profile_url(name, "routine"), "list-checks"), *more]
    shown_offer = None if locked or first or step.step is Step.TESTS else test_offer_view(name, offer)
    return HomePage(name, heading, lines, action, locked, more, shown_offer, first and not starter_ready)


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
    overall: SignalRow
    items: list[SignalRow]
    changes: list[str]
    paused: str | None
    action: StepAction
    offer: TestOfferView | None = None  # today's small extra: one region's tests


def signal_row(name: str, signal: str | None) -> SignalRow:
    word, meaning = signal_words(signal)
    return SignalRow(name, word, meaning, f"signal-{signal if signal in SIGNAL_WORDS else 'none'}")
