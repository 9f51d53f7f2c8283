"""Alerts of clinic mode: read each client's facts, apply the clinic's thresholds, store what holds.

:func:`evaluate_alerts` is the one entry point for whatever runs the evaluation (a request after a
change, a job worker, a test): it replaces the stored alerts of the clients it evaluates.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session

from supple.clinic import care_repository as repo
from supple.clinic.alerts import LIMITS, Facts, Thresholds, alerts_for
from supple.db.clinic_models import AlertThreshold, ClientAlert, ClientRecord
from supple.db.models import Profile
from supple.db.repositories import Assessments, Outcomes, Safety, Sessions
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


def facts_of(ctx: Context, s: Session, record: ClientRecord, p: Profile) -> Facts:
    sessions = Sessions(s).all(p.id)
    pain: list[tuple[datetime, int]] = []
    for x in sessions:
        pain += [(x.started_at, x.pain_before), (x.started_at, x.pain_after)]
    pain += [(r.at, r.now) for r in Outcomes(s).pain_ratings(p.id)]
    block = Safety(s).open_block(p.id)
    return Facts(
        joined_at=record.joined_at,
        last_session_at=sessions[-1].started_at if sessions else None,
        pain=tuple(sorted(pain, key=lambda point: point[0])),
        stop=(block.message or "paused") if block is not None else None,
        retests_improved=_retests_improved(ctx, s, p),
    )


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
    Returns how many clients were evaluated. Safe to run again at any time (it replaces, never adds)."""
    now = ctx.clock()
    with transaction(ctx) as s:
        query = s.query(ClientRecord, Profile).join(Profile, Profile.id == ClientRecord.profile_id)
        if client_id is not None:
            query = query.filter(ClientRecord.account_id == client_id)
        if clinic_id is not None:
            query = query.filter(ClientRecord.clinic_id == clinic_id)
        rows = query.all()
        limits: dict[int, Thresholds] = {}
        for record, p in rows:
            if record.clinic_id not in limits:  # once per clinic, not once per client
                limits[record.clinic_id] = _thresholds(s, record.clinic_id)
            thresholds = limits[record.clinic_id]
            found = alerts_for(facts_of(ctx, s, record, p), thresholds, now)
            s.execute(delete(ClientAlert).where(ClientAlert.client_id == record.account_id))
            s.add_all(
                ClientAlert(
                    client_id=record.account_id,
                    kind=a.kind.value,
                    severity=a.severity,
                    message=a.message,
                    evaluated_at=now,
                )
                for a in found
            )
        return len(rows)
