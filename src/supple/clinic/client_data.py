"""Per-client export and erasure in clinic mode (issue 17), for the clinic's admin.

Export: the person's Supple history in the home export format (so it can move to a home install or
another clinic), plus what the clinic holds about them: their account, notes, messages and reviews,
and current alerts. Erasure: everything about the client goes, in one transaction — their profile and
every record of it, their account (sessions, recovery codes, care links, notes, messages, alerts),
their job results (which may hold pictures) — then their files (annotated camera pictures). The
access and change log keeps one line saying who erased which client number, and never health data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from supple.clinic.audit import record_in
from supple.clinic.domain import Role
from supple.clinic.login_sessions import Current
from supple.db.clinic_models import (
    Account,
    AssignedRoutine,
    ClientAlert,
    ClientEntry,
    ClientRecord,
    PlannerOverride,
    ScheduledCheck,
    StepUpProposal,
)
from supple.db.job_models import JobResult, job_files
from supple.db.models import Assessment, Profile
from supple.errors import InvalidInput, NotFound
from supple.problems import Limits, Problem
from supple.services.context import Context, transaction


@dataclass(frozen=True)
class Erased:
    client_id: int
    files: int


def _record(ctx: Context, admin: Current, client_id: int) -> tuple[ClientRecord, Account, Profile]:
    with transaction(ctx) as s:
        record = s.get(ClientRecord, client_id)
        account = s.get(Account, client_id)
        profile = s.get(Profile, record.profile_id) if record else None
        if record is None or account is None or profile is None or record.clinic_id != admin.clinic_id:
            raise NotFound(f"Your clinic has no client with the number {client_id}.")
        return record, account, profile


def _admin_only(admin: Current) -> None:
    if admin.role is not Role.ADMIN:
        raise NotFound("There is nothing at this address for your account.")


def export_client(ctx: Context, admin: Current, client_id: int) -> dict[str, Any]:
    """The client's export document with a ``clinic`` part; logged as 'client.export'."""
    from supple.services import export

    _admin_only(admin)
    record, account, profile = _record(ctx, admin, client_id)
    doc = export.document(ctx, profile.name)
    with transaction(ctx) as s:
        entries = s.scalars(
            select(ClientEntry).where(ClientEntry.client_id == client_id).order_by(ClientEntry.at, ClientEntry.id)
        ).all()
        alerts = s.scalars(select(ClientAlert).where(ClientAlert.client_id == client_id)).all()
        control = _clinical_control(s, client_id, profile.id)
        doc["clinic"] = {
            "account": {"email": account.email, "name": account.name, "joined_at": record.joined_at.isoformat()},
            "entries": [
                {"kind": e.kind, "at": e.at.isoformat(), "author": e.author_name, "text": e.text} for e in entries
            ],
            "alerts": [{"kind": a.kind, "severity": a.severity, "message": a.message} for a in alerts],
            **control,
        }
        record_in(s, admin, "client.export", client_id, "export downloaded", at=ctx.clock())
    return doc


def _clinical_control(s: Session, client_id: int, profile_id: int) -> dict[str, Any]:
    """The assigned routine, the clinician's changes to the planner's routine, step-ups and their
    decisions, and the scheduled re-tests and questionnaires."""
    assigned = s.get(AssignedRoutine, profile_id)
    changes = s.scalars(select(PlannerOverride).where(PlannerOverride.profile_id == profile_id)).all()
    steps = s.scalars(select(StepUpProposal).where(StepUpProposal.profile_id == profile_id)).all()
    checks = s.scalars(select(ScheduledCheck).where(ScheduledCheck.client_id == client_id)).all()
    return {
        "assigned_routine": None
        if assigned is None
        else {"name": assigned.name, "items": assigned.items, "by": assigned.assigned_by_name,
              "at": assigned.assigned_at.isoformat()},
        "planner_changes": [
            {"exercise_id": o.exercise_id, "action": o.action, "to_exercise_id": o.to_exercise_id, "sets": o.sets,
             "reps": o.reps, "hold_s": o.hold_s, "note": o.note, "by": o.set_by_name, "at": o.set_at.isoformat()}
            for o in changes
        ],
        "step_ups": [
            {"slot_id": p.slot_id, "from": [p.from_variant, p.from_level], "to": [p.to_variant, p.to_level],
             "proposed_at": p.proposed_at.isoformat(), "decision": p.decision, "by": p.decided_by_name,
             "note": p.note}
            for p in steps
        ],
        "scheduled": [
            {"kind": c.kind, "what": c.what, "due_on": c.due_on.isoformat(), "by": c.set_by_name} for c in checks
        ],
    }  # fmt: skip


def erase_client(ctx: Context, admin: Current, client_id: int, confirm: str, data_dir: Path | None) -> Erased:
    """Erase a client for good; ``confirm`` must repeat the client's e-mail address."""
    _admin_only(admin)
    _, account, profile = _record(ctx, admin, client_id)
    if confirm.strip().casefold() != account.email:
        raise InvalidInput(
            [
                Problem.saying(
                    "confirm",
                    "type the client's e-mail address to confirm",
                    limits=Limits(text=f"exactly '{account.email}'"),
                )
            ],
            "Nothing was erased",
        )
    with transaction(ctx) as s:
        assessments = list(s.scalars(select(Assessment.id).where(Assessment.profile_id == profile.id)))
        job_results = list(s.scalars(select(JobResult.result).where(JobResult.owner == profile.name)))
        s.execute(delete(JobResult).where(JobResult.owner == profile.name))
        s.execute(delete(Account).where(Account.id == client_id))  # cascades: record, links, entries, sessions
        s.execute(delete(Profile).where(Profile.id == profile.id))  # cascades: every record of the profile
        record_in(s, admin, "client.erase", client_id, "client and all their records erased", at=ctx.clock())
    files = 0
    for made in [f for r in job_results for f in job_files(data_dir, r)] if data_dir is not None else []:
        if made.is_file():  # pictures and PDFs of their jobs, and uploads they asked to keep
            made.unlink(missing_ok=True)
            files += 1
    if data_dir is not None and (data_dir / "camera").is_dir():
        for aid in assessments:
            for still in (data_dir / "camera").glob(f"*-a{aid}-*.jpg"):
                still.unlink(missing_ok=True)
                files += 1
    return Erased(client_id, files)
