"""Every query lives here. Repositories take a Session and never commit: services own transactions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from supple.db.models import (
    Assessment,
    Checkin,
    ExerciseSession,
    PainRating,
    Profile,
    ProgressionChange,
    ProgressionState,
    PsfsActivity,
    PsfsRating,
    QuestionnaireResult,
    SafetyEvent,
    Screening,
)

#: ``Session.info`` key of a session whose reads may be remembered: one shared by the reads of a page
#: (``supple.services.context.share``), where several use cases each look up the same profile and its
#: safety events. Only rows found are kept, and only for that session (one request).
MEMO = "supple_memo"


def _memo(s: Session) -> dict[tuple[str, object], object] | None:
    memo: dict[tuple[str, object], object] | None = s.info.get(MEMO)
    return memo


class Profiles:
    def __init__(self, s: Session) -> None:
        self.s = s

    def by_name(self, name: str) -> Profile | None:
        memo, key = _memo(self.s), ("profile", name.lower())
        if memo is not None and isinstance(kept := memo.get(key), Profile):
            return kept
        if memo is not None:  # loaded already by its number (a clinician's page starts from the client's)
            loaded = (o for o in self.s.identity_map.values() if isinstance(o, Profile) and o.name.lower() == key[1])
            if (found := next(loaded, None)) is not None:
                memo[key] = found
                return found
        found = self.s.scalar(select(Profile).where(func.lower(Profile.name) == name.lower()))
        if memo is not None and found is not None:
            memo[key] = found
        return found

    def all(self) -> Sequence[Profile]:
        return self.s.scalars(select(Profile).order_by(Profile.name)).all()

    def revision_of(self, name: str) -> tuple[int, int] | None:
        """(id, revision) of a profile, without loading it: the cheap check behind cached views."""
        row = self.s.execute(
            select(Profile.id, Profile.revision).where(func.lower(Profile.name) == name.lower())
        ).first()
        return (row[0], row[1]) if row is not None else None

    def count(self) -> int:
        return self.s.scalar(select(func.count()).select_from(Profile)) or 0


class Safety:
    def __init__(self, s: Session) -> None:
        self.s = s

    def latest_full_screen(self, profile_id: int) -> Screening | None:
        q = (
            select(Screening)
            .where(Screening.profile_id == profile_id, Screening.kind == "full")
            .order_by(Screening.taken_at.desc(), Screening.id.desc())
        )
        return self.s.scalars(q).first()

    def events(self, profile_id: int) -> Sequence[SafetyEvent]:
        memo, key = _memo(self.s), ("safety-events", profile_id)
        if memo is not None and isinstance(kept := memo.get(key), tuple):
            return kept
        q = select(SafetyEvent).where(SafetyEvent.profile_id == profile_id).order_by(SafetyEvent.at, SafetyEvent.id)
        found = tuple(self.s.scalars(q).all())
        if memo is not None:
            memo[key] = found
        return found

    def open_block(self, profile_id: int) -> SafetyEvent | None:
        """The latest block or pause not followed by a clearance."""
        open_: SafetyEvent | None = None
        for ev in self.events(profile_id):
            if ev.kind in ("block", "pause"):
                open_ = ev
            elif ev.kind == "clearance":
                open_ = None
        return open_


class Outcomes:
    def __init__(self, s: Session) -> None:
        self.s = s

    def pain_ratings(self, profile_id: int) -> Sequence[PainRating]:
        q = select(PainRating).where(PainRating.profile_id == profile_id).order_by(PainRating.at, PainRating.id)
        return self.s.scalars(q).all()

    def activities(self, profile_id: int) -> Sequence[PsfsActivity]:
        q = select(PsfsActivity).where(PsfsActivity.profile_id == profile_id).order_by(PsfsActivity.position)
        return self.s.scalars(q).all()

    def psfs_for(self, rating_id: int) -> dict[str, int]:
        q = (
            select(PsfsActivity.name, PsfsRating.score)
            .join(PsfsActivity, PsfsActivity.id == PsfsRating.activity_id)
            .where(PsfsRating.pain_rating_id == rating_id)
        )
        return {name: score for name, score in self.s.execute(q).all()}  # noqa: C416 (rows, not pairs)

    def questionnaires(self, profile_id: int) -> Sequence[QuestionnaireResult]:
        q = (
            select(QuestionnaireResult)
            .where(QuestionnaireResult.profile_id == profile_id)
            .order_by(QuestionnaireResult.at, QuestionnaireResult.id)
        )
        return self.s.scalars(q).all()


class Assessments:
    def __init__(self, s: Session) -> None:
        self.s = s

    def all(self, profile_id: int) -> Sequence[Assessment]:
        q = (
            select(Assessment)
            .where(Assessment.profile_id == profile_id)
            .options(selectinload(Assessment.measurements))
            .order_by(Assessment.taken_on, Assessment.id)
        )
        return self.s.scalars(q).all()

    def latest(self, profile_id: int) -> Assessment | None:
        q = (
            select(Assessment)
            .where(Assessment.profile_id == profile_id)
            .options(selectinload(Assessment.measurements))
            .order_by(Assessment.taken_on.desc(), Assessment.id.desc())
        )
        return self.s.scalars(q).first()


class Sessions:
    def __init__(self, s: Session) -> None:
        self.s = s

    def all(self, profile_id: int) -> Sequence[ExerciseSession]:
        q = (
            select(ExerciseSession)
            .where(ExerciseSession.profile_id == profile_id)
            .options(selectinload(ExerciseSession.items))
            .order_by(ExerciseSession.started_at, ExerciseSession.id)
        )
        return self.s.scalars(q).all()

    def pending(self, profile_id: int) -> Sequence[ExerciseSession]:
        """Sessions whose progression has not been settled yet, oldest first."""
        q = (
            select(ExerciseSession)
            .where(ExerciseSession.profile_id == profile_id, ExerciseSession.final.is_(False))
            .options(selectinload(ExerciseSession.items))
            .order_by(ExerciseSession.started_at, ExerciseSession.id)
        )
        return self.s.scalars(q).all()

    def pre_pain_before(self, profile_id: int, until: datetime, limit: int) -> list[int]:
        q = (
            select(ExerciseSession.pain_before)
            .where(ExerciseSession.profile_id == profile_id, ExerciseSession.started_at <= until)
            .order_by(ExerciseSession.started_at.desc(), ExerciseSession.id.desc())
            .limit(limit)
        )
        return list(reversed(self.s.scalars(q).all()))

    def final_signals(self, profile_id: int) -> list[str]:
        q = (
            select(ExerciseSession.signal)
            .where(ExerciseSession.profile_id == profile_id, ExerciseSession.final.is_(True))
            .order_by(ExerciseSession.started_at, ExerciseSession.id)
        )
        return list(self.s.scalars(q).all())

    def screening_used(self, screening_id: int) -> bool:
        q = select(func.count()).select_from(ExerciseSession).where(ExerciseSession.screening_id == screening_id)
        return bool(self.s.scalar(q))

    def checkins(self, profile_id: int) -> Sequence[Checkin]:
        q = select(Checkin).where(Checkin.profile_id == profile_id).order_by(Checkin.at)
        return self.s.scalars(q).all()

    def states(self, profile_id: int) -> dict[str, ProgressionState]:
        q = select(ProgressionState).where(ProgressionState.profile_id == profile_id)
        return {st.slot_id: st for st in self.s.scalars(q).all()}

    def logged_before(self, session: ExerciseSession) -> ExerciseSession | None:
        """The profile's session logged just before this one (by record order, not by start time)."""
        q = (
            select(ExerciseSession)
            .where(ExerciseSession.profile_id == session.profile_id, ExerciseSession.id < session.id)
            .options(selectinload(ExerciseSession.items))
            .order_by(ExerciseSession.id.desc())
            .limit(1)
        )
        return self.s.scalars(q).first()

    def checked_in(self, session_id: int) -> bool:
        return bool(self.s.scalar(select(func.count()).select_from(Checkin).where(Checkin.session_id == session_id)))

    def changes_of(self, session_ids: Sequence[int]) -> list[str]:
        """What settling these sessions said (each exercise's move, walking, a pause), in the order said."""
        q = (
            select(ProgressionChange.explanation)
            .where(ProgressionChange.session_id.in_(session_ids))
            .order_by(ProgressionChange.id)
        )
        return list(self.s.scalars(q).all())

    def changes(self, profile_id: int, limit: int = 20) -> Sequence[ProgressionChange]:
        q = (
            select(ProgressionChange)
            .where(ProgressionChange.profile_id == profile_id)
            .order_by(ProgressionChange.at.desc(), ProgressionChange.id.desc())
            .limit(limit)
        )
        return self.s.scalars(q).all()
