"""Re-tests and questionnaires a clinician schedules for a client.

A clinician sets the date of the next re-test (of one region, or all the tests) or of a questionnaire
(STarT Back, ODI, Roland-Morris). It is done when the client records it no more than ``early_days``
before that date (``data/scheduling.yaml``); the client's home shows it from its date on, and the
dashboard shows it as an alert once it is ``check_overdue_days`` late (the clinic's thresholds).
Setting a new date for the same thing replaces the old one. Every change goes into the clinic's log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.catalogue.catalogue import Catalogue
from supple.clinic import care_repository as repo
from supple.clinic.alerts import Due
from supple.clinic.audit import record_in
from supple.clinic.login_sessions import Current
from supple.db.clinic_models import ClientRecord, ScheduledCheck
from supple.db.repositories import Assessments, Outcomes
from supple.errors import InvalidInput, NotFound
from supple.problems import Code, Limits, Problem
from supple.services.context import Context, transaction

KINDS = ("retest", "questionnaire")
RETESTS = {
    "all": "all the home tests",
    "thoracic": "the mid-back tests",
    "ankle": "the ankle tests",
    "hip": "the hip tests",
}
QUESTIONNAIRES = {"start_back": "STarT Back", "odi": "Oswestry (ODI)", "rmdq": "Roland-Morris (RMDQ)"}


@dataclass(frozen=True)
class Rules:
    early_days: int
    furthest_days: int


def rules() -> Rules:
    """The packaged scheduling rules (design proposals), read when asked."""
    text = (resources.files("supple.clinic") / "data" / "scheduling.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return Rules(int(data["early_days"]), int(data["furthest_days"]))


@dataclass(frozen=True)
class CheckView:
    id: int
    kind: str
    what: str
    label: str  # for clinicians: 're-test: the hip tests', 'questionnaire: Oswestry (ODI)'
    plain: str  # for the client, in plain words
    due_on: date
    set_by: str
    done_on: date | None  # when it was done, else None

    def status(self, today: date) -> str:
        if self.done_on is not None:
            return "done"
        return "due" if today >= self.due_on else "planned"


def _label(kind: str, what: str) -> tuple[str, str]:
    if kind == "retest":
        words = RETESTS.get(what, what)
        return f"re-test: {words}", f"Your clinician asks you to do {words} again."
    name = QUESTIONNAIRES.get(what, what)
    return f"questionnaire: {name}", f"Your clinician would like to go through the {name} questionnaire with you."


def _done_on(s: Session, cat: Catalogue, profile_id: int, check: ScheduledCheck, early_days: int) -> date | None:
    """The first day on or after (due date - early_days) the client did what was scheduled."""
    since = check.due_on - timedelta(days=early_days)
    if check.kind == "questionnaire":
        days = [q.at.date() for q in Outcomes(s).questionnaires(profile_id) if q.instrument == check.what]
    else:
        days = [
            a.taken_on
            for a in Assessments(s).all(profile_id)
            if check.what == "all"
            or any((t := cat.tests.get(m.test_id)) is not None and t.region.value == check.what for m in a.measurements)
        ]
    return min((d for d in days if d >= since), default=None)


def _views(s: Session, cat: Catalogue, record: ClientRecord, early_days: int) -> list[CheckView]:
    found = s.scalars(
        select(ScheduledCheck).where(ScheduledCheck.client_id == record.account_id).order_by(ScheduledCheck.due_on)
    ).all()
    out = []
    for c in found:
        label, plain = _label(c.kind, c.what)
        done = _done_on(s, cat, record.profile_id, c, early_days)
        out.append(CheckView(c.id, c.kind, c.what, label, plain, c.due_on, c.set_by_name, done))
    return out


def _rules(ctx: Context) -> Rules:
    """The scheduling rules, kept in the app's view cache once read (packaged: they change with the code)."""
    return ctx.cache.get_or_build(("scheduling-rules",), rules)


def checks(ctx: Context, client_id: int) -> list[CheckView]:
    """The client's scheduled checks, soonest first, each with whether it was done."""
    with transaction(ctx) as s:
        record = repo.record(s, client_id)
        return _views(s, ctx.catalogue, record, _rules(ctx).early_days) if record is not None else []


def pending(s: Session, cat: Catalogue, record: ClientRecord, early_days: int) -> tuple[Due, ...]:
    """The scheduled checks not done yet (for the alerts)."""
    return tuple(Due(v.label, v.due_on) for v in _views(s, cat, record, early_days) if v.done_on is None)


def due_for_profile(ctx: Context, profile: str) -> list[str]:
    """For the client's home: what their clinician scheduled that is due now, in plain words."""
    today = ctx.clock().date()
    with transaction(ctx) as s:
        record = repo.record_by_profile_name(s, profile)
        if record is None:
            return []
        views = _views(s, ctx.catalogue, record, _rules(ctx).early_days)
    return [v.plain for v in views if v.status(today) == "due"]


def _parse(kind: str, what: str, due_on: str, today: date, furthest: int) -> date:
    problems: list[Problem] = []
    if kind not in KINDS:
        problems.append(Problem.of(("kind",), Code.NOT_A_CHOICE, kind, Limits(allowed=KINDS)))
    choices = tuple(RETESTS if kind == "retest" else QUESTIONNAIRES)
    if kind in KINDS and what not in choices:
        problems.append(Problem.of(("what",), Code.NOT_A_CHOICE, what, Limits(allowed=choices)))
    day: date | None = None
    try:
        day = date.fromisoformat(due_on.strip())
    except ValueError:
        problems.append(Problem.of(("due_on",), Code.BAD_DATE, due_on))
    last = today + timedelta(days=furthest)
    limits = Limits(text=f"{today:%Y-%m-%d} to {last:%Y-%m-%d}")
    if day is not None and day < today:
        problems.append(Problem.of(("due_on",), Code.TOO_LOW, f"{day:%Y-%m-%d}", limits))
    elif day is not None and day > last:
        problems.append(Problem.of(("due_on",), Code.TOO_HIGH, f"{day:%Y-%m-%d}", limits))
    if problems or day is None:
        raise InvalidInput(problems)
    return day


def _client(s: Session, me: Current, client_id: int) -> ClientRecord:
    record = repo.record(s, client_id)
    if record is None or record.clinic_id != me.clinic_id:
        raise NotFound("There is no such client.")
    return record


def schedule(ctx: Context, me: Current, client_id: int, kind: str, what: str, due_on: str) -> None:
    """Set the date of a re-test or questionnaire (replacing the date set before for the same one)."""
    now = ctx.clock()
    day = _parse(kind, what, due_on, now.date(), rules().furthest_days)
    with transaction(ctx) as s:
        _client(s, me, client_id)
        found = s.scalar(
            select(ScheduledCheck).where(
                ScheduledCheck.client_id == client_id, ScheduledCheck.kind == kind, ScheduledCheck.what == what
            )
        )
        if found is None:
            found = ScheduledCheck(
                client_id=client_id, kind=kind, what=what, due_on=day, set_by_name=me.name, set_at=now
            )
            s.add(found)
        else:
            found.due_on, found.set_by_name, found.set_at = day, me.name, now
        record_in(s, me, "schedule.set", client_id, f"{kind} ({what}) scheduled for {day:%Y-%m-%d}", at=now)


def unschedule(ctx: Context, me: Current, client_id: int, check_id: int) -> None:
    """Take a scheduled check off the client's list."""
    now = ctx.clock()
    with transaction(ctx) as s:
        _client(s, me, client_id)
        found = s.get(ScheduledCheck, check_id)
        if found is None or found.client_id != client_id:
            raise NotFound("There is no such scheduled re-test or questionnaire for this client.")
        s.delete(found)
        record_in(s, me, "schedule.remove", client_id, f"{found.kind} ({found.what}) taken off", at=now)


def choices() -> Sequence[tuple[str, str, str]]:
    """(kind, what, label) of everything a clinician may schedule, for the form."""
    return [("retest", k, f"Re-test: {v}") for k, v in RETESTS.items()] + [
        ("questionnaire", k, f"Questionnaire: {v}") for k, v in QUESTIONNAIRES.items()
    ]
