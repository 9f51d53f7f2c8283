"""Clinic mode: the planner's step-ups wait for the clinician's approval.

A profile that belongs to a clinic client (``client_record``) does not move up on its own: the step
the planner earned is kept as a proposal (``step_up_proposal``) and the person keeps the same amount
until their clinician approves it (``supple.clinic.proposals``). Step-backs and rests are never held:
they are the planner's safety rules. A step-back closes any step-up still waiting for the same slot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.catalogue.catalogue import Catalogue
from supple.db.clinic_models import ClientRecord, StepUpProposal
from supple.db.models import Profile
from supple.domain.progression import ExerciseState, Move, StateChange, awaiting_clinician


def in_clinic(s: Session, p: Profile) -> bool:
    return s.scalar(select(ClientRecord.account_id).where(ClientRecord.profile_id == p.id)) is not None


def waiting(s: Session, profile_id: int, slot_id: str | None = None) -> list[StepUpProposal]:
    query = select(StepUpProposal).where(StepUpProposal.profile_id == profile_id, StepUpProposal.decision.is_(None))
    if slot_id is not None:
        query = query.where(StepUpProposal.slot_id == slot_id)
    return list(s.scalars(query.order_by(StepUpProposal.proposed_at, StepUpProposal.id)))


def held(
    s: Session,
    cat: Catalogue,
    p: Profile,
    session_id: int,
    before: ExerciseState,
    change: StateChange,
    now: datetime,
) -> StateChange:
    """The change to store for a clinic client: a step-up becomes a proposal (the same slot's waiting
    one is brought up to date), a step-back closes any waiting one; anything else as it is."""
    if change.move is Move.PROGRESS:
        found = next(iter(waiting(s, p.id, before.slot_id)), None)
        if found is None:
            found = StepUpProposal(profile_id=p.id, slot_id=before.slot_id)
            s.add(found)
        found.session_id, found.from_variant, found.from_level = session_id, before.variant_id, before.level
        found.to_variant, found.to_level = change.state.variant_id, change.state.level
        found.explanation, found.proposed_at = change.explanation, now
        return awaiting_clinician(before, cat.exercises[before.variant_id].name)
    if change.move in (Move.REGRESS, Move.REST):
        for stale in waiting(s, p.id, before.slot_id):
            stale.decision, stale.decided_at, stale.note = "lapsed", now, "a step back came first"
    return change
