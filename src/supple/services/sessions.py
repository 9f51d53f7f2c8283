"""Logging sessions and next-morning check-ins, and settling pain-guided progression."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from supple.db.models import (
    Checkin,
    ExerciseSession,
    Profile,
    ProgressionChange,
    ProgressionState,
    SafetyEvent,
    SessionItem,
)
from supple.db.repositories import Safety, Sessions
from supple.domain.checkin_window import checkin_opens, not_yet_words
from supple.domain.progression import (
    RED_SESSION,
    ExerciseState,
    Move,
    Signal,
    StateChange,
    apply_signal,
    should_pause,
    signal_for_next_dose,
)
from supple.domain.screening import ScreenOutcome
from supple.errors import InvalidInput, NotFound, NotYet, PreconditionMissing
from supple.services import profiles, step_ups
from supple.services.context import Context, check_when, transaction
from supple.services.inputs import CheckinIn, SessionLogIn
from supple.services.routine import build as build_routine
from supple.services.routine import states_of
from supple.services.screening import ensure_screened, run_session_screen, yellow_flags_of
from supple.services.session_log import read_log
from supple.services.session_scoring import WEEK_WORSE, score, week_worse
from supple.services.session_screens import recent_session_screen

NOTHING_TO_CHECK_IN = (
    "There is nothing to check in on yet: the check-in asks how your back settled after a session, "
    "and no session is waiting for one. Do a session first."
)


@dataclass(frozen=True)
class SessionResult:
    session_id: int | None
    stopped: ScreenOutcome | None = None
    signals: dict[str, str] = field(default_factory=dict)
    session_signal: str | None = None
    provisional: bool = True
    changes: list[str] = field(default_factory=list)
    paused: str | None = None
    checkin_id: int | None = None  # the check-in that settled the session (from checkin)
    checkin_opens: datetime | None = None  # when its next-morning check-in opens (from session_result)


# The rows a settlement records besides each exercise's: the walking target and a pause of the program.
WALKING_SLOT, PROGRAM_SLOT = "walking", "program"
_WALKING_MOVES = {"progress": Move.PROGRESS, "hold": Move.HOLD, "step-back": Move.REGRESS}


def log_session(ctx: Context, name: str | None, data: dict[str, Any]) -> SessionResult:
    inp, problems = read_log(ctx.catalogue, data)
    if inp is not None and inp.started_at is not None:
        try:
            check_when(ctx, "started_at", inp.started_at)
        except InvalidInput as err:
            problems += err.problems
    if problems or inp is None:
        # Safety first: a stopping answer in the short screen is acted on even when the rest is wrong.
        screen = data.get("screen") if isinstance(data, dict) else None
        stopped = _stop_if_unsafe(ctx, name, screen)
        if stopped is not None:
            return SessionResult(None, stopped=stopped)
        raise InvalidInput(problems, "The session was not recorded")
    return _log(ctx, name, inp)


def _stop_if_unsafe(ctx: Context, name: str | None, screen: object) -> ScreenOutcome | None:
    if not isinstance(screen, dict):
        return None
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        try:
            outcome, _ = run_session_screen(ctx, s, p, {"red_flags": screen})
        except InvalidInput:
            return None  # not a stop; its problems are listed with the others
        if not outcome.blocks:
            s.rollback()  # a clear screen with a broken log records nothing
            return None
        return outcome


def _log(ctx: Context, name: str | None, inp: SessionLogIn) -> SessionResult:
    started = check_when(ctx, "started_at", inp.started_at)
    try:
        return _log_once(ctx, name, inp, started)
    except IntegrityError:  # the same client_id arrived twice at the same moment: the first one won
        if inp.client_id is None:
            raise
        return _log_once(ctx, name, inp, started)


def _already_logged(s: Session, p: Profile, client_id: str | None) -> SessionResult | None:
    """The answer to a session sent again (same client_id): the first result, and nothing written."""
    if client_id is None:
        return None
    found = s.scalar(
        select(ExerciseSession).where(ExerciseSession.profile_id == p.id, ExerciseSession.client_id == client_id)
    )
    if found is None:
        return None
    block = Safety(s).open_block(p.id)
    return SessionResult(
        found.id,
        signals={it.exercise_id: it.signal or "-" for it in found.items},
        session_signal=found.signal,
        provisional=not found.final,
        paused=block.message if block and block.kind == "pause" else None,
    )


def _log_once(ctx: Context, name: str | None, inp: SessionLogIn, started: datetime) -> SessionResult:
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        if (again := _already_logged(s, p, inp.client_id)) is not None:
            return again
        screen = ensure_screened(ctx, s, p)
        if inp.screening_id is not None:
            mini = recent_session_screen(ctx, s, p, inp.screening_id)
        else:
            outcome, mini = run_session_screen(ctx, s, p, {"red_flags": inp.screen or {}})
            if outcome.blocks:
                return SessionResult(None, stopped=outcome)
        changes = [
            c
            for old in Sessions(s).pending(p.id)
            for c in _settle(ctx, s, p, old, None, False, yellow_flags_of(s, p, screen))
        ]
        planned = build_routine(ctx, s, p).routine  # strength work counts for its slot on any day it is logged
        slots = {item.exercise_id: item.slot_id for item in (*planned.items, *planned.strength)}
        session = ExerciseSession(
            profile_id=p.id,
            started_at=started,
            pain_before=inp.pain_before,
            pain_after=inp.pain_after,
            signal="amber",
            screening_id=mini.id,
            client_id=inp.client_id,
        )
        for i, it in enumerate(inp.items):
            session.items.append(
                SessionItem(
                    position=i,
                    slot_id=slots.get(it.exercise, it.exercise),
                    exercise_id=it.exercise,
                    completed=it.completed,
                    pain_during=it.pain_during,
                    nerve_symptoms=it.nerve_symptoms,
                    note=it.note,
                    seconds=it.seconds,
                )
            )
        s.add(session)
        s.flush()
        nerve = any(it.nerve_symptoms for it in inp.items)
        if nerve:  # no need to wait for the morning: settle now and pause
            changes += _settle(ctx, s, p, session, None, False, yellow_flags_of(s, p, screen))
        else:
            score(ctx, s, p, session, None, False)
        return _result(s, p, session, changes)


def _waiting(s: Session, p: Profile) -> list[ExerciseSession]:
    pending = list(Sessions(s).pending(p.id))
    if not pending:
        raise PreconditionMissing(NOTHING_TO_CHECK_IN, step="session")
    return pending


def _refuse_before_morning(ctx: Context, session: ExerciseSession, at: datetime) -> None:
    """A check-in counts only from the next morning (decision 0003, progression.yaml checkin_opens)."""
    opens = checkin_opens(session.started_at, ctx.catalogue.progression.checkin_opens)
    if at < opens:
        raise NotYet(not_yet_words(opens, at), opens)


def checkin_window(ctx: Context, name: str | None) -> None:
    """Raise what a check-in now would be refused for (no session waiting, or not the next morning
    yet), so a door can say so before asking the questions."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        _refuse_before_morning(ctx, _waiting(s, p)[-1], ctx.clock())


def checkin(ctx: Context, name: str | None, inp: CheckinIn) -> SessionResult:
    """The next-morning check-in settles the last session. Before the next morning it is refused
    (``NotYet``), unless it reports nerve symptoms: those settle the session at once and pause."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        screen = ensure_screened(ctx, s, p, rescreen=False)
        pending = _waiting(s, p)
        session = pending[-1]
        at = check_when(ctx, "at", inp.at)
        if not inp.nerve_symptoms:
            _refuse_before_morning(ctx, session, at)
        for old in pending[:-1]:
            _settle(ctx, s, p, old, None, False, yellow_flags_of(s, p, screen))
        s.add(
            row := Checkin(
                profile_id=p.id,
                session_id=session.id,
                at=at,
                pain=inp.pain,
                stiffness=inp.stiffness,
                nerve_symptoms=inp.nerve_symptoms,
            )
        )
        changes = _settle(ctx, s, p, session, float(inp.pain), inp.nerve_symptoms, yellow_flags_of(s, p, screen))
        return replace(_result(s, p, session, changes), checkin_id=row.id)


def _result(s: Session, p: Profile, session: ExerciseSession, changes: list[str]) -> SessionResult:
    block = Safety(s).open_block(p.id)
    return SessionResult(
        session.id,
        signals={it.exercise_id: it.signal or "-" for it in session.items},
        session_signal=session.signal,
        provisional=not session.final,
        changes=changes,
        paused=block.message if block and block.kind == "pause" else None,
    )


def session_result(ctx: Context, name: str | None, session_id: int) -> SessionResult:
    """What logging this session said, read back from the store: its lights, whether they are settled,
    the changes settled with it, and a pause now in force. The changes are those recorded for this
    session and, when logging it settled the one before (no check-in came for that one), that one's."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        session = s.get(ExerciseSession, session_id)
        if session is None or session.profile_id != p.id:
            raise NotFound(f"There is no session number {session_id} for {p.name}.")
        repo = Sessions(s)
        ids = [session.id]
        before = repo.logged_before(session)
        if before is not None and _settled_by_next_log(repo, before):
            ids.insert(0, before.id)
        opens = checkin_opens(session.started_at, ctx.catalogue.progression.checkin_opens)
        return replace(_result(s, p, session, repo.changes_of(ids)), checkin_opens=opens)


def _settled_by_next_log(repo: Sessions, session: ExerciseSession) -> bool:
    """A settled session with no check-in and no nerve symptom in its log was settled when the next one
    was logged (a nerve symptom settles a session at once; a check-in settles the one it is about)."""
    if not session.final or any(it.nerve_symptoms for it in session.items):
        return False
    return not repo.checked_in(session.id)


def checkin_result(ctx: Context, name: str | None, checkin_id: int) -> SessionResult:
    """What this check-in settled, read back from the store (another profile's check-in is not found)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        row = s.get(Checkin, checkin_id)
        session = s.get(ExerciseSession, row.session_id) if row is not None and row.profile_id == p.id else None
        if row is None or session is None:
            raise NotFound(f"There is no check-in number {checkin_id} for {p.name}.")
        result = _result(s, p, session, Sessions(s).changes_of([session.id]))
        return replace(result, checkin_id=row.id)


def _settle(
    ctx: Context,
    s: Session,
    p: Profile,
    session: ExerciseSession,
    morning: float | None,
    nerve_later: bool,
    yellow_flags: bool,
) -> list[str]:
    """Final signals for a session, progression applied, and a pause when the rules say so."""
    score(ctx, s, p, session, morning, nerve_later)
    session.final = True
    now = ctx.clock()
    stored = Sessions(s).states(p.id)
    states = states_of(s, p)
    explanations: list[str] = []
    clinic = step_ups.in_clinic(s, p)
    for item in session.items:
        if item.signal is None:
            continue
        state = states.get(item.slot_id) or ExerciseState(item.slot_id, item.exercise_id)
        if state.variant_id != item.exercise_id and item.exercise_id in ctx.catalogue.exercises:
            state = ExerciseState(item.slot_id, item.exercise_id)
        own = Signal(item.signal)
        follows = signal_for_next_dose(own, Signal(session.signal), ctx.catalogue.progression.after_red_session)
        why_red = WEEK_WORSE if week_worse(ctx, s, p, session.started_at) else None
        change: StateChange = apply_signal(
            state,
            follows,
            yellow_flags=yellow_flags,
            now=now,
            catalogue=ctx.catalogue,
            nerve=bool(item.nerve_symptoms or nerve_later),
            why_red=why_red or (RED_SESSION if own is not Signal.RED else None),
        )
        if clinic:  # clinic mode: a step-up waits for the clinician
            change = step_ups.held(s, ctx.catalogue, p, session.id, state, change, now)
        row = stored.get(item.slot_id) or ProgressionState(profile_id=p.id, slot_id=item.slot_id)
        row.variant_id, row.level, row.greens, row.rest_until = (
            change.state.variant_id,
            change.state.level,
            change.state.greens,
            change.state.rest_until,
        )
        s.add(row)
        stored[item.slot_id] = row
        states[item.slot_id] = change.state
        s.add(
            ProgressionChange(
                profile_id=p.id,
                session_id=session.id,
                at=now,
                slot_id=item.slot_id,
                move=change.move.value,
                explanation=change.explanation,
            )
        )
        explanations.append(change.explanation)
    s.flush()
    from supple.services.walking import follow_signal  # issue 16 §1: walking follows the same traffic light

    if (walking := follow_signal(ctx, s, p)) is not None:
        move, line = walking
        s.add(_said(p, session, now, WALKING_SLOT, _WALKING_MOVES.get(move, Move.HOLD), line))
        explanations.append(line)
    nerve = nerve_later or any(i.nerve_symptoms for i in session.items)
    history = [Signal(x) for x in Sessions(s).final_signals(p.id)]
    reason = should_pause(history, nerve, ctx.catalogue.progression.pause_after_red_sessions)
    if reason and Safety(s).open_block(p.id) is None:
        s.add(
            SafetyEvent(
                profile_id=p.id,
                at=now,
                kind="pause",
                reasons=[reason],
                message=(
                    "Your program is paused because of a nerve symptom: please see a clinician before you carry on."
                    if nerve
                    else "Your program is paused: please see a clinician before you carry on."
                ),
            )
        )
        line = f"Program paused: {reason} Please see a doctor or physiotherapist before carrying on."
        s.add(_said(p, session, now, PROGRAM_SLOT, Move.PAUSE, line))
        explanations.append(line)
    s.flush()
    return explanations


def _said(p: Profile, session: ExerciseSession, at: datetime, slot: str, move: Move, line: str) -> ProgressionChange:
    """A line a settlement said beyond one exercise's move, kept with the others so it can be read back."""
    return ProgressionChange(
        profile_id=p.id, session_id=session.id, at=at, slot_id=slot, move=move.value, explanation=line
    )
