"""Where a person stands in the program and the one thing to do next."""

from __future__ import annotations

from dataclasses import dataclass

from supple.db.repositories import Assessments, Outcomes, Profiles, Safety, Sessions
from supple.domain.outcomes import retest_due
from supple.errors import InvalidInput, SuppleError
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.screening import stop_detail


@dataclass(frozen=True)
class NextStep:
    command: str
    lines: list[str]
    profile: str | None = None


def next_step(ctx: Context, name: str | None) -> NextStep:
    with transaction(ctx) as s:
        if Profiles(s).count() == 0:
            return NextStep("supple profile create NAME", ["Welcome. Start by making a profile for yourself."])
        try:
            p = profiles.resolve(s, name)
        except InvalidInput:
            names = ", ".join(x.name for x in Profiles(s).all())
            return NextStep(
                "supple --profile NAME status", [f"This store holds several profiles: {names}. Say which one."]
            )
        except SuppleError as err:
            return NextStep("supple profile list", [err.message])
        block = Safety(s).open_block(p.id)
        if block is not None:
            d = stop_detail(ctx, block)
            return NextStep("supple profile clear --clinician NAME", [d.heading, d.advice], p.name)
        if Safety(s).latest_full_screen(p.id) is None:
            return NextStep("supple screen", [f"Hello {p.name}. First, the safety questions."], p.name)
        if not Outcomes(s).pain_ratings(p.id):
            return NextStep("supple baseline", ["Record how your back is now, so change can be measured."], p.name)
        last = Assessments(s).latest(p.id)
        due = retest_due(last.taken_on if last else None, ctx.clock().date(), ctx.catalogue.outcomes.retest)
        if last is None:
            return NextStep("supple assess", ["Do the home tests so the routine can focus on what is stiff."], p.name)
        if due.is_due:
            return NextStep("supple assess", [f"Your re-test is due (last tests {last.taken_on})."], p.name)
        pending = Sessions(s).pending(p.id)
        if pending:
            return NextStep("supple checkin", ["Tell Supple how your back settled after the last session."], p.name)
        return NextStep(
            "supple session", [f"Hello {p.name}. Today's routine is ready (supple plan to read it)."], p.name
        )
