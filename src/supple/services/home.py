"""Where a person stands in the program and the one thing to do next."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from supple.db.repositories import Assessments, Outcomes, Profiles, Safety, Sessions
from supple.domain.outcomes import retest_due
from supple.errors import InvalidInput, SuppleError
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
    SESSION = "session"


@dataclass(frozen=True)
class NextStep:
    step: Step
    lines: list[str]
    profile: str | None = None


def next_step(ctx: Context, name: str | None) -> NextStep:
    with transaction(ctx) as s:
        if Profiles(s).count() == 0:
            return NextStep(Step.CREATE_PROFILE, ["Welcome. Start by making a profile for yourself."])
        try:
            p = profiles.resolve(s, name)
        except InvalidInput:
            names = ", ".join(x.name for x in Profiles(s).all())
            return NextStep(Step.CHOOSE_PROFILE, [f"This store holds several profiles: {names}. Say which one."])
        except SuppleError as err:
            return NextStep(Step.CHOOSE_PROFILE, [err.message])
        block = Safety(s).open_block(p.id)
        if block is not None:
            d = stop_detail(ctx, block)
            return NextStep(Step.CLEAR, [d.heading, d.advice], p.name)
        screen = Safety(s).latest_full_screen(p.id)
        if screen is None:
            return NextStep(Step.SCREEN, [f"Hello {p.name}. First, the safety questions."], p.name)
        again = rescreen_reason(ctx, s, p, screen)
        if again:
            return NextStep(Step.SCREEN, [again], p.name)
        if not Outcomes(s).pain_ratings(p.id):
            return NextStep(Step.BASELINE, ["Record how your back is now, so change can be measured."], p.name)
        last = Assessments(s).latest(p.id)
        due = retest_due(last.taken_on if last else None, ctx.clock().date(), ctx.catalogue.outcomes.retest)
        if last is None:
            return NextStep(Step.TESTS, ["Do the home tests so the routine can focus on what is stiff."], p.name)
        if due.is_due:
            return NextStep(Step.TESTS, [f"Your re-test is due (last tests {last.taken_on})."], p.name)
        pending = Sessions(s).pending(p.id)
        if pending:
            return NextStep(Step.CHECKIN, ["Tell Supple how your back settled after the last session."], p.name)
        return NextStep(Step.SESSION, [f"Hello {p.name}. Today's routine is ready."], p.name)
