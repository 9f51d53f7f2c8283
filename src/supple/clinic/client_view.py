"""What a clinician sees of one client: alerts, sessions, pain, questionnaires, safety events, notes,
messages, reviews and the test results over time (from the same progress service the person sees)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from supple.clinic import care_repository as repo
from supple.clinic.care import EntryView, entries
from supple.db.models import Profile
from supple.db.repositories import Outcomes, Safety, Sessions
from supple.errors import NotFound
from supple.services import progress
from supple.services.context import Context, transaction
from supple.services.progress import ProgressReport


@dataclass(frozen=True)
class SessionRow:
    at: datetime
    pain_before: int
    pain_after: int
    signal: str
    exercises: int


@dataclass(frozen=True)
class SafetyRow:
    at: datetime
    kind: str
    message: str
    clinician: str | None


@dataclass(frozen=True)
class ClientSummary:
    client_id: int
    name: str
    profile: str
    stopped: bool
    alerts: list[tuple[int, str, str]]
    sessions: list[SessionRow]
    questionnaires: list[tuple[datetime, str, float, str]]
    safety: list[SafetyRow]
    progress: ProgressReport
    notes: list[EntryView] = field(default_factory=list)
    messages: list[EntryView] = field(default_factory=list)
    reviews: list[EntryView] = field(default_factory=list)


def summary(ctx: Context, client_id: int) -> ClientSummary:
    with transaction(ctx) as s:
        record = repo.record(s, client_id)
        if record is None:
            raise NotFound("There is no such client.")
        p = s.get(Profile, record.profile_id)
        assert p is not None
        from supple.clinic import repository

        account = repository.account(s, client_id)
        name = account.name if account else p.name
        sessions = [
            SessionRow(x.started_at, x.pain_before, x.pain_after, x.signal, sum(1 for i in x.items if i.completed))
            for x in reversed(Sessions(s).all(p.id))
        ]
        questionnaires = [(q.at, q.instrument, q.total, q.category) for q in Outcomes(s).questionnaires(p.id)]
        safety = Safety(s)
        events = [SafetyRow(e.at, e.kind, e.message, e.clinician) for e in reversed(safety.events(p.id))]
        stopped = safety.open_block(p.id) is not None
        alerts = sorted(((a.severity, a.kind, a.message) for a in repo.alerts_of(s, [client_id])), reverse=True)
        profile_name = p.name
    report = progress.report(ctx, profile_name)
    kept = entries(ctx, client_id, ("note", "message", "review"))  # one query, split by kind below
    return ClientSummary(
        client_id,
        name,
        profile_name,
        stopped,
        alerts,
        sessions,
        questionnaires,
        events,
        report,
        notes=[e for e in kept if e.kind == "note"],
        messages=[e for e in kept if e.kind == "message"],
        reviews=[e for e in kept if e.kind == "review"],
    )
