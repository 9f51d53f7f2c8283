"""Alerts of clinic mode: read each client's facts, apply the clinic's thresholds, store what holds.

:func:`evaluate_alerts` is the one entry point for whatever runs the evaluation (a request after a
change, a job worker, a test): it replaces the stored alerts of the clients it evaluates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from supple.clinic import care_repository as repo
from supple.clinic import schedule
from supple.clinic.alerts import LIMITS, Facts, Thresholds, alerts_for
from supple.db.clinic_models import AlertThreshold, ClientAlert, ClientRecord
from supple.db.models import Assessment, ExerciseSession, PainRating, Profile, SafetyEvent
from supple.db.repositories import Assessments
from supple.domain.outcomes import Verdict, measurement_change
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem
from supple.services import profiles
from supple.services.assessments import placement_texts, rescore
from supple.services.context import Context, transaction


def default_thresholds() -> Thresholds:
    """The packaged defaults (design proposals), read when asked: nothing is kept in the module."""
    text = (resources.files("supple.clinic") / "data" / "alert-thresholds.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return Thresholds(**{key: int(data[key]) for key in LIMITS})


def thresholds_of(ctx: Context, clinic_id: int) -> Thresholds:
    with transaction(ctx) as s:
        return _thresholds(s, clinic_id)


def _thresholds(s: Session, clinic_id: int) -> Thresholds:
    stored = repo.thresholds(s, clinic_id)
    return Thresholds(**(asdict(default_thresholds()) | {k: v for k, v in stored.items() if k in LIMITS}))


def set_thresholds(ctx: Context, clinic_id: int, data: dict[str, str]) -> Thresholds:
    """A clinic admin's new thresholds; every field is checked before anything is written."""
    values: dict[str, int] = {}
    problems: list[Problem] = []
    for key, (_label, low, high, unit) in LIMITS.items():
        given = str(data.get(key, "")).strip()
        try:
            value = int(given)
        except ValueError:
            problems.append(Problem.of((key,), Code.NOT_A_NUMBER, given, Limits(low, high, unit)))
            continue
        if not low <= value <= high:
            problems.append(Problem.of((key,), Code.OUT_OF_RANGE, value, Limits(low, high, unit)))
        values[key] = value
    if problems:
        raise InvalidInput(problems)
    with transaction(ctx) as s:
        s.execute(delete(AlertThreshold).where(AlertThreshold.clinic_id == clinic_id))
        s.add_all(AlertThreshold(clinic_id=clinic_id, key=k, value=v) for k, v in values.items())
    evaluate_alerts(ctx, clinic_id=clinic_id)
    return Thresholds(**values)


CHUNK = 500  # clients read per query (bounded IN lists on every engine)


def facts_of(ctx: Context, s: Session, record: ClientRecord, p: Profile, early_days: int) -> Facts:
    """One client's facts (the bulk reader below gives the same for many clients at once)."""
    return _facts_of_many(ctx, s, [(record, p)], early_days)[record.account_id]


def _facts_of_many(
    ctx: Context, s: Session, rows: Sequence[tuple[ClientRecord, Profile]], early_days: int
) -> dict[int, Facts]:
    """Facts of many clients with a handful of queries (not several per client): sessions' times and
    pain, pain ratings and safety events, read as plain columns; re-tests only for those with two or more."""
    ids = [p.id for _, p in rows]
    pain: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    last_session: dict[int, datetime] = {}
    stops: dict[int, str | None] = {}
    for x in s.execute(
        select(ExerciseSession.profile_id, ExerciseSession.started_at, ExerciseSession.pain_before,
               ExerciseSession.pain_after)
        .where(ExerciseSession.profile_id.in_(ids))
        .order_by(ExerciseSession.started_at, ExerciseSession.id)
    ):  # fmt: skip
        pain[x.profile_id] += [(x.started_at, x.pain_before), (x.started_at, x.pain_after)]
        last_session[x.profile_id] = x.started_at
    ratings = select(PainRating.profile_id, PainRating.at, PainRating.now).where(PainRating.profile_id.in_(ids))
    for r in s.execute(ratings.order_by(PainRating.at, PainRating.id)):
        pain[r.profile_id].append((r.at, r.now))
    for e in s.execute(
        select(SafetyEvent.profile_id, SafetyEvent.kind, SafetyEvent.message)
        .where(SafetyEvent.profile_id.in_(ids), SafetyEvent.kind.in_(("block", "pause", "clearance")))
        .order_by(SafetyEvent.at, SafetyEvent.id)
    ):  # the latest block or pause not followed by a clearance (as Safety.open_block)
        stops[e.profile_id] = (e.message or "paused") if e.kind in ("block", "pause") else None
    retested = set(
        s.scalars(
            select(Assessment.profile_id)
            .where(Assessment.profile_id.in_(ids))
            .group_by(Assessment.profile_id)
            .having(func.count() >= 2)
        )
    )
    return {
        record.account_id: Facts(
            joined_at=record.joined_at,
            last_session_at=last_session.get(p.id),
            pain=tuple(sorted(pain[p.id], key=lambda point: point[0])),
            stop=stops.get(p.id),
            retests_improved=_retests_improved(ctx, s, p) if p.id in retested else (),
            scheduled=schedule.pending(s, ctx.catalogue, record, early_days),
        )
        for record, p in rows
    }


def _retests_improved(ctx: Context, s: Session, p: Profile) -> tuple[bool, ...]:
    """For each re-test after the first assessment: did any test show a real improvement on it?"""
    stored = Assessments(s).all(p.id)
    if len(stored) < 2:
        return ()
    age = profiles.age_of(p, ctx.clock().year)
    where = placement_texts(ctx)
    first = {(r.test_id, r.metric_id, r.side): r for r in rescore(stored[0], ctx.catalogue, age, where).results}
    out: list[bool] = []
    for a in stored[1:]:
        improved = False
        for r in rescore(a, ctx.catalogue, age, where).results:
            before = first.get((r.test_id, r.metric_id, r.side))
            if before is not None and measurement_change(before, r).verdict is Verdict.REAL_IMPROVEMENT:
                improved = True
        out.append(improved)
    return tuple(out)


def evaluate_alerts(ctx: Context, *, clinic_id: int | None = None, client_id: int | None = None) -> int:
    """Evaluate and store the alerts of one client, of one clinic, or of every clinic (both None).
    Returns how many clients were evaluated. Safe to run again at any time (it replaces, never adds).
    Clients are read in chunks with a few queries each; a client whose alerts are the same as stored
    only gets the new evaluation time (one UPDATE per chunk), so the periodic run writes little."""
    now = ctx.clock()
    with transaction(ctx) as s:
        query = s.query(ClientRecord, Profile).join(Profile, Profile.id == ClientRecord.profile_id)
        if client_id is not None:
            query = query.filter(ClientRecord.account_id == client_id)
        if clinic_id is not None:
            query = query.filter(ClientRecord.clinic_id == clinic_id)
        rows = [(record, p) for record, p in query.order_by(ClientRecord.account_id).all()]
        limits: dict[int, Thresholds] = {}
        early_days = schedule.rules().early_days
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            for record, _ in chunk:
                if record.clinic_id not in limits:  # once per clinic, not once per client
                    limits[record.clinic_id] = _thresholds(s, record.clinic_id)
            facts = _facts_of_many(ctx, s, chunk, early_days)
            found = {r.account_id: alerts_for(facts[r.account_id], limits[r.clinic_id], now) for r, _ in chunk}
            _store(s, found, now)
        return len(rows)


def _store(s: Session, found: dict[int, list[Any]], now: datetime) -> None:
    """Replace the alerts that changed; stamp the unchanged ones with this evaluation's time."""
    stored: dict[int, set[tuple[str, int, str]]] = defaultdict(set)
    for a in s.scalars(select(ClientAlert).where(ClientAlert.client_id.in_(list(found)))):
        stored[a.client_id].add((a.kind, a.severity, a.message))
    changed = [c for c, alerts in found.items() if {(a.kind.value, a.severity, a.message) for a in alerts} != stored[c]]
    same = [c for c in found if c not in set(changed) and stored[c]]
    if same:
        s.execute(update(ClientAlert).where(ClientAlert.client_id.in_(same)).values(evaluated_at=now))
    if changed:
        s.execute(delete(ClientAlert).where(ClientAlert.client_id.in_(changed)))
        s.add_all(
            ClientAlert(client_id=c, kind=a.kind.value, severity=a.severity, message=a.message, evaluated_at=now)
            for c in changed
            for a in found[c]
        )
