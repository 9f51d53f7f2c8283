"""Where a person stands in the program and the one thing to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from supple.db.repositories import Assessments, Outcomes, Profiles, Safety, Sessions
from supple.domain.checkin_window import BASELINE_FIRST, CHECKIN_NOW, checkin_later
from supple.domain.outcomes import retest_due
from supple.errors import NoSuchProfile, ProfileNotChosen
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.screening import rescreen_reason, stop_detail


class Step(StrEnum):
    """The steps of the program, named once; each door maps them to a command or a page."""

    CREATE_PROFILE = "create-profile"
    CHOOSE_PROFILE = "choose-profile"
    CLEAR = "clear"
    SCREEN = "screen"
    BASELINE = "baseline"
    TESTS = "tests"
    CHECKIN = "checkin"
    CHECKIN_LATER = "checkin-later"  # a session waits for its check-in, which opens the next morning
    FIRST_SESSION = "first-session"
    SESSION = "session"


@dataclass(frozen=True)
class NextStep:
    step: Step
    lines: list[str]
    profile: str | None = None
    choices: tuple[str, ...] = ()  # CHOOSE_PROFILE: the profiles the store holds
    unknown: str | None = None  # CHOOSE_PROFILE: the name asked for that the store does not hold


def _choose_words(err: NoSuchProfile | ProfileNotChosen) -> str:
    if isinstance(err, NoSuchProfile):
        return err.message
    return "Several profiles exist: choose one."


def next_step(ctx: Context, name: str | None) -> NextStep:
    with transaction(ctx) as s:
        if Profiles(s).count() == 0:
            return NextStep(Step.CREATE_PROFILE, ["Welcome. Start by making a profile for yourself."])
        try:
            p = profiles.resolve(s, name)
        except (ProfileNotChosen, NoSuchProfile) as err:
            return NextStep(Step.CHOOSE_PROFILE, [_choose_words(err)], choices=tuple(err.names), unknown=name)
        block = Safety(s).open_block(p.id)
        if block is not None:
            d = stop_detail(ctx, block)
            return NextStep(Step.CLEAR, [d.heading, d.advice], p.name)
        screen = Safety(s).latest_full_screen(p.id)
        if screen is None:
            return NextStep(Step.SCREEN, ["First, the safety questions."], p.name)
        sessions = Sessions(s)
        last = Assessments(s).latest(p.id)
        # A short start: after the safety screen comes a starter routine and the first session; the
        # baseline and the tests follow, one region at a time (see ``test_offer``).
        if last is None and not sessions.all(p.id):
            return NextStep(Step.FIRST_SESSION, ["Your first session is ready. It is short and gentle."], p.name)
        pending = sessions.pending(p.id)
        opening = ctx.catalogue.progression.checkin_opens
        later = checkin_later(pending[-1].started_at, ctx.clock(), opening) if pending else None
        if pending and later is None:
            return NextStep(Step.CHECKIN, [CHECKIN_NOW], p.name)
        before = [later] if later else []
        again = rescreen_reason(ctx, s, p, screen)
        if again:
            return NextStep(Step.SCREEN, [again], p.name)
        if not Outcomes(s).pain_ratings(p.id):
            return NextStep(Step.BASELINE, [*before, BASELINE_FIRST], p.name)
        due = retest_due(last.taken_on if last else None, ctx.clock().date(), ctx.catalogue.outcomes.retest)
        if last is not None and due.is_due:
            return NextStep(Step.TESTS, [*before, f"Time to test again (last tests {last.taken_on})."], p.name)
        if later:
            return NextStep(Step.CHECKIN_LATER, [later], p.name)
        done = len(sessions.all(p.id))
        cheer = [f"{done} session{'s' if done != 1 else ''} done so far. Well done, keep it going."] if done else []
        return NextStep(Step.SESSION, ["Today's routine is ready.", *cheer], p.name)


def pain_recorded(ctx: Context, name: str | None) -> bool:
    """Whether the person has recorded a pain score (the baseline) yet."""
    with transaction(ctx) as s:
        return bool(Outcomes(s).pain_ratings(profiles.resolve(s, name).id))


def starter_ready(ctx: Context, name: str | None) -> bool:
    """Whether the person has saved "what you have and what you can do" (so their starter routine is
    made and the first step is the session itself, not that page again)."""
    with transaction(ctx) as s:
        return profiles.resolve(s, name).setup_at is not None


@dataclass(frozen=True)
class TestOffer:
    """One region's tests, offered as today's small extra ("your ankles, about 3 minutes")."""

    __test__ = False  # not a pytest test class

    region: str
    test_ids: list[str]
    minutes: int
    retest: bool


MINUTES_PER_TEST = 2  # setting up, three tries on each side; a planning figure for the page, not a clinical one


def test_offer(ctx: Context, name: str | None) -> TestOffer | None:
    """The next region whose tests this person has not done (or all of them again when a re-test is
    due), leaving out tests their limits rule out. None when nothing is waiting."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        if Safety(s).open_block(p.id) is not None or Safety(s).latest_full_screen(p.id) is None:
            return None
        last_done: dict[str, date] = {}
        for a in Assessments(s).all(p.id):  # oldest first, so the latest date wins
            last_done |= {m.test_id: a.taken_on for m in a.measurements}
        today, rule = ctx.clock().date(), ctx.catalogue.outcomes.retest

        def waiting(test_id: str) -> bool:
            return test_id not in last_done or retest_due(last_done[test_id], today, rule).is_due

        suitable = [
            t
            for t in sorted(ctx.catalogue.tests.values(), key=lambda t: t.order)
            if not (t.needs_floor and p.no_floor) and not (t.needs_kneeling and p.no_kneeling)
        ]
        for t in suitable:
            if waiting(t.id):
                ids = [x.id for x in suitable if x.region is t.region and waiting(x.id)]
                return TestOffer(t.region.value, ids, MINUTES_PER_TEST * len(ids), t.id in last_done)
        return None
