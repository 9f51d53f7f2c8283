"""Scoring a logged session: each exercise's traffic light and the session's (clinical-reference §7.4).

Split from :mod:`supple.services.sessions`, which records and settles sessions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from supple.db.models import ExerciseSession, Profile
from supple.db.repositories import Sessions
from supple.domain.progression import Signal, exercise_signal, session_signal, usual_pain, worse_week_on_week
from supple.services.context import Context


def score(
    ctx: Context, s: Session, p: Profile, session: ExerciseSession, morning: float | None, nerve_later: bool
) -> None:
    """The traffic light of each exercise of a session and of the session (clinical-reference §7.4)."""
    rule = ctx.catalogue.progression.traffic_light
    usual = usual_pain(Sessions(s).pre_pain_before(p.id, session.started_at, rule.baseline_window), rule)
    signals: list[Signal] = []
    for item in session.items:
        if not item.completed or item.pain_during is None:
            item.signal = None
            continue
        sig = exercise_signal(
            pain_before=session.pain_before,
            pain_during=item.pain_during,
            usual=usual,
            next_morning=morning,
            nerve_symptoms=item.nerve_symptoms or nerve_later,
            rule=rule,
        )
        item.signal = sig.value
        signals.append(sig)
    if nerve_later:
        signals.append(Signal.RED)
    if signals and week_worse(ctx, s, p, session.started_at):
        for item in session.items:
            if item.signal is not None:
                item.signal = Signal.RED.value
        signals.append(Signal.RED)
    session.signal = session_signal(signals).value


WEEK_WORSE = "your usual pain has been rising week by week"


def week_worse(ctx: Context, s: Session, p: Profile, until: datetime) -> bool:
    ratings = [(x.started_at, float(x.pain_before)) for x in Sessions(s).all(p.id) if x.started_at <= until]
    return worse_week_on_week(ratings, until, ctx.catalogue.progression.traffic_light)
