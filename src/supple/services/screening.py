"""The safety screen as use cases: record it, lock on red flags, and refuse work while locked."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from supple.catalogue.rules import Question, SafetyAction
from supple.catalogue.schema import Condition
from supple.db.models import Profile, SafetyEvent, Screening
from supple.db.repositories import Outcomes, Safety, Sessions
from supple.domain.screening import (
    KnownSymptom,
    ScreenKind,
    ScreenOutcome,
    Sex,
    evaluate,
    follow_ups,
    questions_for,
    recorded,
    validate_answers,
    while_locked,
)
from supple.errors import InvalidInput, NotFound, PreconditionMissing, SafetyStop, SafetyStopDetail, SuppleError
from supple.problems import first_per_place
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.inputs import ScreenIn, SessionScreenIn, collect


def red_flag_questions(ctx: Context, kind: ScreenKind, sex: Sex | None = None) -> list[Question]:
    return questions_for(kind, ctx.catalogue.safety, sex)


def known_of(s: Session, p: Profile) -> list[KnownSymptom]:
    """Known, stable symptoms recorded with the person's clearances (the latest entry per question wins)."""
    found: dict[str, KnownSymptom] = {}
    for ev in Safety(s).events(p.id):
        if ev.kind != "clearance":
            continue
        for entry in ev.reasons or []:
            item = entry.get("known") if isinstance(entry, dict) else None
            if isinstance(item, dict) and item.get("question"):
                found[str(item["question"])] = KnownSymptom(
                    str(item["question"]),
                    str(item.get("what", "")),
                    str(item.get("since", "")),
                    str(item.get("cleared_by", ev.clinician or "")),
                )
    return list(found.values())


def known_symptoms(ctx: Context, name: str | None) -> list[KnownSymptom]:
    with transaction(ctx) as s:
        return known_of(s, profiles.resolve(s, name))


def profile_sex(ctx: Context, name: str | None) -> Sex:
    with transaction(ctx) as s:
        return Sex(profiles.resolve(s, name).sex)


def _evaluate(
    ctx: Context, s: Session, p: Profile, kind: ScreenKind, data: dict[str, Any]
) -> tuple[ScreenOutcome, Screening]:
    cat = ctx.catalogue
    asked = questions_for(kind, cat.safety, Sex(p.sex))
    locked_before = Safety(s).open_block(p.id) is not None
    expected = [q.id for q in asked]
    # A question not asked of this person (pregnancy for a man) may still be in an answers file: ignored.
    not_asked = {q.id for q in questions_for(kind, cat.safety)} - set(expected)
    if kind is ScreenKind.FULL:
        read, shape = collect(ScreenIn, data)  # every problem in one round: the shape's and the answers'
        inp = read or ScreenIn(red_flags={})
        given = {k: v for k, v in inp.red_flags.items() if k not in not_asked}
        red, problems = validate_answers(given, expected, "red_flags", follow_ups(asked))
        conds, p2 = validate_answers(inp.conditions, [c.id.value for c in cat.safety.condition_questions], "conditions")
        yellow, p3 = validate_answers(inp.yellow_flags, [q.id for q in cat.yellow_flags.questions], "yellow_flags")
        problems = first_per_place(shape + problems + p2 + p3)
    else:
        sread, shape = collect(SessionScreenIn, data)
        sinp = sread or SessionScreenIn(red_flags={})
        given = {k: v for k, v in sinp.red_flags.items() if k not in not_asked}
        red, problems = validate_answers(given, expected, "red_flags", follow_ups(asked))
        problems = first_per_place(shape + problems)
        conds, yellow = {}, {}
    now = ctx.clock()
    outcome = evaluate(
        kind,
        red,
        cat.safety,
        age=profiles.age_of(p, now.year),
        sex=Sex(p.sex),
        conditions=conds,
        yellow=yellow,
        yellow_rules=cat.yellow_flags,
    )
    if locked_before:
        outcome = while_locked(outcome)
    # Safety first: an answer that stops the program stops it even when other answers are missing
    # or wrong; otherwise every problem is reported and nothing is written.
    if problems and not outcome.blocks:
        raise InvalidInput(problems, "The screen answers have problems")
    screening = Screening(
        profile_id=p.id,
        taken_at=now,
        kind=kind.value,
        answers=red,
        conditions=sorted(c.value for c in outcome.conditions),
        yellow_answers=yellow,
        yellow_flags=outcome.yellow_flags,
        action=outcome.action.value if outcome.action else None,
        triggered=[t.rule_id for t in outcome.triggered],
    )
    s.add(screening)
    s.flush()
    if outcome.blocks and (outcome.action is not None or not locked_before):
        s.add(
            SafetyEvent(
                profile_id=p.id,
                at=now,
                kind="block",
                action=outcome.action.value if outcome.action else None,
                reasons=[t.message for t in outcome.triggered],
                message=outcome.heading,
                screening_id=screening.id,
            )
        )
    return outcome, screening


def run_full_screen(ctx: Context, name: str | None, data: dict[str, Any]) -> ScreenOutcome:
    """Record a full screen. A blocking outcome is recorded and locks the profile; the caller
    decides how to show it (the CLI exits with code 3)."""
    return record_full_screen(ctx, name, data)[0]


def record_full_screen(ctx: Context, name: str | None, data: dict[str, Any]) -> tuple[ScreenOutcome, int]:
    """As :func:`run_full_screen`, with the stored screen's number (to read it back with
    :func:`full_screen_result`)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        outcome, screen = _evaluate(ctx, s, p, ScreenKind.FULL, data)
        return outcome, screen.id


def full_screen_result(ctx: Context, name: str | None, screening_id: int) -> ScreenOutcome:
    """What a stored full screen of this profile said, rebuilt from its record (for the page after the
    screen, at its own address). Another profile's screen, or an unknown one, is not found."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        screen = s.get(Screening, screening_id)
        if screen is None or screen.profile_id != p.id or screen.kind != ScreenKind.FULL.value:
            raise NotFound(f"There is no safety screen number {screening_id} for {p.name}.")
        return recorded(
            ScreenKind.FULL,
            screen.triggered or [],
            screen.conditions or [],
            screen.yellow_flags,
            ctx.catalogue.safety,
            locked=_locked_when_taken(s, p, screen),
        )


def _locked_when_taken(s: Session, p: Profile, screen: Screening) -> bool:
    """Whether the profile was stopped (a block or pause not yet cleared) when this screen was taken; the
    block this screen itself made does not count. A clearance recorded in the same second as the screen
    is not taken to have come first (the safe reading: the screen then said "still paused")."""
    locked = False
    for ev in Safety(s).events(p.id):
        if ev.at > screen.taken_at:
            break
        if ev.screening_id == screen.id:
            continue
        if ev.kind in ("block", "pause"):
            locked = True
        elif ev.kind == "clearance" and ev.at < screen.taken_at:
            locked = False
    return locked


def run_session_screen(ctx: Context, s: Session, p: Profile, data: dict[str, Any]) -> tuple[ScreenOutcome, Screening]:
    """The short screen before a session, inside the caller's transaction."""
    return _evaluate(ctx, s, p, ScreenKind.SESSION, data)


def stop_detail(ctx: Context, block: SafetyEvent) -> SafetyStopDetail:
    if block.kind == "pause":
        return SafetyStopDetail(
            block.message or "Your program is paused. Please see a clinician before you carry on.",
            "When a doctor or physiotherapist has reviewed you, record that they cleared you, "
            "then answer the safety questions again.",
            list(block.reasons),
        )
    action = ctx.catalogue.safety.actions.get(SafetyAction(block.action)) if block.action else None
    advice = action.advice if action else ""
    return SafetyStopDetail(
        block.message,
        advice + " When a clinician has cleared you, record it here, then answer the safety questions again.",
        list(block.reasons),
    )


def ensure_not_locked(ctx: Context, s: Session, p: Profile) -> None:
    block = Safety(s).open_block(p.id)
    if block is not None:
        raise SafetyStop(stop_detail(ctx, block))


def rescreen_reason(ctx: Context, s: Session, p: Profile, screen: Screening) -> str | None:
    """Why the full safety screen must be answered again now, or None (clinical-reference §7.2, §7.4)."""
    rule = ctx.catalogue.safety.rescreen
    safety = Safety(s)
    cleared = [e.at for e in safety.events(p.id) if e.kind == "clearance"]
    if rule.after_clearance and cleared and cleared[-1] > screen.taken_at:
        return "A clinician has cleared you since your last safety questions: please answer them again first."
    if rule.after_red_session and any(
        x.started_at > screen.taken_at and x.signal == "red" for x in Sessions(s).all(p.id)
    ):
        return "Your last session was a red one: please answer the full safety questions again before the next."
    if (ctx.clock() - screen.taken_at).days >= rule.every_days:
        return (
            f"It is {rule.every_days // 7} weeks or more since your last full safety questions: "
            "please answer them again, together with your re-test."
        )
    return None


def ensure_screened(ctx: Context, s: Session, p: Profile, *, rescreen: bool = True) -> Screening:
    """The latest full screen; refuses while locked, before any screen, and (unless ``rescreen`` is False,
    as for the check-in that settles the last session) when the full screen is due again."""
    ensure_not_locked(ctx, s, p)
    safety = Safety(s)
    screen = safety.latest_full_screen(p.id)
    if screen is None:
        raise PreconditionMissing("Please answer the safety questions first.", step="screen")
    reason = rescreen_reason(ctx, s, p, screen) if rescreen else None
    if reason:
        raise PreconditionMissing(reason, step="screen")
    return screen


def yellow_flags_of(s: Session, p: Profile, screen: Screening | None) -> bool:
    """Yellow flags from the screen, or a 'high' STarT Back score entered by a clinician (§4.3)."""
    if screen is not None and screen.yellow_flags:
        return True
    start_back = [q for q in Outcomes(s).questionnaires(p.id) if q.instrument == "start_back"]
    return bool(start_back) and start_back[-1].category == "high"


def conditions_of(screen: Screening | None) -> frozenset[Condition]:
    return frozenset(Condition(c) for c in (screen.conditions if screen else []))


def has_yellow_flags(ctx: Context, name: str | None) -> bool:
    """For choosing the tone of education; False when there is no profile or screen yet."""
    with transaction(ctx) as s:
        try:
            p = profiles.resolve(s, name)
        except SuppleError:
            return False
        return yellow_flags_of(s, p, Safety(s).latest_full_screen(p.id))


def stop_status(ctx: Context, name: str | None) -> SafetyStopDetail | None:
    """The stop message when the profile is locked or paused, else None."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        block = Safety(s).open_block(p.id)
        return stop_detail(ctx, block) if block is not None else None
