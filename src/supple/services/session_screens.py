"""The short safety check before a live session: recorded on its own, then used by one session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from supple.db.models import Profile, Screening
from supple.db.repositories import Safety, Sessions
from supple.domain.screening import ScreenOutcome
from supple.errors import InvalidInput
from supple.problems import Limits, Problem
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.screening import ensure_screened, run_session_screen

SCREEN_VALID_HOURS = 3


def pre_session_screen(ctx: Context, name: str | None, answers: dict[str, Any]) -> tuple[ScreenOutcome, int]:
    """The short screen before a live session, recorded on its own (a stop is saved too)."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        ensure_screened(ctx, s, p)
        outcome, mini = run_session_screen(ctx, s, p, {"red_flags": answers})
        return outcome, mini.id


def session_screen_problem(ctx: Context, name: str | None, screening_id: int) -> str | None:
    """Why a short safety check cannot be used for a session (too old, used, unknown), or None when it can."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        try:
            recent_session_screen(ctx, s, p, screening_id)
        except InvalidInput as err:
            return err.problems[0].message
        return None


def recent_session_screen(ctx: Context, s: Session, p: Profile, screening_id: int) -> Screening:
    mini = s.get(Screening, screening_id)
    if mini is None or mini.profile_id != p.id or mini.kind != "session":
        raise InvalidInput([Problem.saying("screening_id", "no such short screen for this profile")])
    if ctx.clock() - mini.taken_at > timedelta(hours=SCREEN_VALID_HOURS):
        raise InvalidInput(
            [
                Problem.saying(
                    "screening_id",
                    "that screen is too old; answer the questions again",
                    limits=Limits(text=f"taken within {SCREEN_VALID_HOURS} hours"),
                )
            ]
        )
    if Sessions(s).screening_used(screening_id):
        raise InvalidInput(
            [Problem.saying("screening_id", "that safety check was already used for a session; answer it again")]
        )
    if mini.action is not None and Safety(s).open_block(p.id) is not None:
        raise InvalidInput([Problem.saying("screening_id", "that screen stopped the session")])
    return mini
