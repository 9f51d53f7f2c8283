"""Import a profile export (JSON, or the zip holding it) into this store, in one transaction.

Refused with a clear message, writing nothing: a file that is not JSON or is cut short, a file from
a newer Supple, a file whose checksum does not match (damaged or edited), records that do not fit the
schema or point at records that are not there, and a profile name that already exists here.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from supple.db.models import (
    Assessment,
    CalendarFeed,
    Checkin,
    ExerciseSession,
    Measurement,
    PainRating,
    Profile,
    ProgressionChange,
    ProgressionState,
    PsfsActivity,
    PsfsRating,
    QuestionnaireResult,
    SafetyEvent,
    Screening,
    SessionItem,
)
from supple.db.repositories import Profiles
from supple.errors import Conflict, InvalidInput
from supple.problems import Code, Limits, Loc, Problem
from supple.services.calendar import new_feed_token
from supple.services.context import Context, transaction
from supple.services.export import checksum_of
from supple.services.export_format import FORMAT, SCHEMA_VERSION, ExportDocument, ProfileData
from supple.services.inputs import ProfileIn, parse

MAX_BYTES = 50 * 1024 * 1024  # far above any real profile; refuses a wrong file early


@dataclass(frozen=True)
class ImportResult:
    name: str
    records: dict[str, int]


def _refuse(message: str, allowed: str | None = None) -> InvalidInput:
    return InvalidInput(
        [Problem.saying("file", message, limits=Limits(text=allowed))], "The export file cannot be imported"
    )


def read_document(raw: bytes) -> ExportDocument:
    """Check and parse an export file's bytes; raises InvalidInput naming what is wrong."""
    if len(raw) > MAX_BYTES:
        raise _refuse(f"the file is {len(raw) // (1024 * 1024)} MB", allowed=f"at most {MAX_BYTES // (1024 * 1024)} MB")
    if raw.startswith(b"PK"):
        raw = _from_zip(raw)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _refuse("the file is not text (UTF-8 JSON); is it a Supple export?") from None
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        if err.pos >= len(raw.rstrip()) - 1 or err.msg.startswith("Unterminated string"):
            raise _refuse(f"the file ends too early ({where}): it was cut short or damaged") from None
        raise _refuse(f"the file is not valid JSON ({err.msg} at {where}): it is damaged") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _refuse("this is not a Supple profile export (its 'format' is not 'supple-profile-export')")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(
            [
                Problem.saying(
                    "schema_version",
                    f"{version!r} is not a schema version",
                    limits=Limits(text=f"1 to {SCHEMA_VERSION}"),
                )
            ],
            "The export file cannot be imported",
        )
    if version > SCHEMA_VERSION:
        raise InvalidInput(
            [
                Problem.saying(
                    "schema_version",
                    f"the file was written by a newer Supple (schema version {version}); update Supple to import it",
                    limits=Limits(text=f"1 to {SCHEMA_VERSION}"),
                )
            ],
            "The export file cannot be imported",
        )
    if isinstance(doc.get("data"), dict) and doc.get("checksum") != checksum_of(doc["data"]):
        raise _refuse("the checksum does not match the data: the file was damaged or changed after export")
    parsed = parse(ExportDocument, doc)
    _check_references(parsed.data)
    return parsed


def _from_zip(raw: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if "profile.json" not in z.namelist():
                raise _refuse("the zip holds no profile.json; is it a Supple export?")
            return z.read("profile.json")
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile):
        raise _refuse("the zip file is damaged or cut short") from None


def _check_references(d: ProfileData) -> None:
    sizes = {"screenings": len(d.screenings), "sessions": len(d.sessions)}
    sizes |= {"activities": len(d.activities), "pain_ratings": len(d.pain_ratings)}
    problems: list[Problem] = []

    def check(where: Loc, ref: int | None, target: str) -> None:
        if ref is not None and ref > sizes[target]:
            note = f"points at record {ref} of '{target}'"
            problems.append(Problem.saying(("data", *where), note, Code.NOT_FOUND, Limits(1, sizes[target])))

    for i, e in enumerate(d.safety_events):
        check(("safety_events", i, "screening"), e.screening, "screenings")
    for i, r in enumerate(d.activity_ratings):
        check(("activity_ratings", i, "activity"), r.activity, "activities")
        check(("activity_ratings", i, "pain_rating"), r.pain_rating, "pain_ratings")
    for i, x in enumerate(d.sessions):
        check(("sessions", i, "screening"), x.screening, "screenings")
    for i, c in enumerate(d.checkins):
        check(("checkins", i, "session"), c.session, "sessions")
    for i, ch in enumerate(d.progression_changes):
        check(("progression_changes", i, "session"), ch.session, "sessions")
    if problems:
        raise InvalidInput(problems, "The export file has records that point at nothing")


def import_profile(ctx: Context, raw: bytes, as_name: str | None = None) -> ImportResult:
    """Write the exported profile as a new profile (under ``as_name`` if given), all or nothing."""
    doc = read_document(raw)
    given = doc.data.profile
    checked = parse(
        ProfileIn,
        {"name": given.name if as_name is None else as_name, "birth_year": given.birth_year, "sex": given.sex},
        () if as_name is not None else ("data", "profile"),
    )
    name = checked.name
    try:
        with transaction(ctx) as s:
            if Profiles(s).by_name(name):
                raise Conflict(
                    f"A profile called '{name}' already exists here; nothing was imported. "
                    "Import it under another name, or remove the existing one first."
                )
            counts = _write(s, doc.data, name)
    except DBAPIError as err:  # a value the store cannot hold; the transaction was rolled back
        raise _refuse(f"the store refused a record ({type(err.orig).__name__}); nothing was imported") from None
    return ImportResult(name, counts)


def _write(s: Session, d: ProfileData, name: str) -> dict[str, int]:
    p = Profile(**{**d.profile.model_dump(), "name": name})
    s.add(p)
    s.flush()
    pid = p.id

    def insert(rows: list[Any]) -> list[Any]:
        for row in rows:  # one by one: new ids follow the file's order, so a re-export is identical
            s.add(row)
            s.flush()
        return rows

    screenings = insert([Screening(profile_id=pid, **x.model_dump()) for x in d.screenings])
    insert(
        [
            SafetyEvent(
                profile_id=pid,
                screening_id=screenings[e.screening - 1].id if e.screening else None,
                **e.model_dump(exclude={"screening"}),
            )
            for e in d.safety_events
        ]
    )
    pains = insert([PainRating(profile_id=pid, **r.model_dump()) for r in d.pain_ratings])
    activities = insert([PsfsActivity(profile_id=pid, **a.model_dump()) for a in d.activities])
    insert(
        [
            PsfsRating(
                activity_id=activities[r.activity - 1].id, pain_rating_id=pains[r.pain_rating - 1].id, score=r.score
            )
            for r in d.activity_ratings
        ]
    )
    insert([QuestionnaireResult(profile_id=pid, **q.model_dump()) for q in d.questionnaires])
    for a in d.assessments:
        assessment = insert([Assessment(profile_id=pid, taken_on=a.taken_on, recorded_at=a.recorded_at)])[0]
        insert([Measurement(assessment_id=assessment.id, **m.model_dump()) for m in a.measurements])
    sessions = []
    for x in d.sessions:
        session = insert(
            [
                ExerciseSession(
                    profile_id=pid,
                    screening_id=screenings[x.screening - 1].id if x.screening else None,
                    **x.model_dump(exclude={"screening", "items"}),
                )
            ]
        )[0]
        insert([SessionItem(session_id=session.id, **i.model_dump()) for i in x.items])
        sessions.append(session)
    insert(
        [
            Checkin(profile_id=pid, session_id=sessions[c.session - 1].id, **c.model_dump(exclude={"session"}))
            for c in d.checkins
        ]
    )
    insert([ProgressionState(profile_id=pid, **st.model_dump()) for st in d.progression_states])
    insert(
        [
            ProgressionChange(
                profile_id=pid, session_id=sessions[c.session - 1].id, **c.model_dump(exclude={"session"})
            )
            for c in d.progression_changes
        ]
    )
    feed = d.calendar_feed
    if feed is not None:  # the secret is not in the file: a new one, so the old address stays dead
        insert([CalendarFeed(profile_id=pid, token=new_feed_token(), created_at=feed.created_at)])
    return {
        "screenings": len(d.screenings),
        "safety events": len(d.safety_events),
        "pain ratings": len(d.pain_ratings),
        "assessments": len(d.assessments),
        "measurements": sum(len(a.measurements) for a in d.assessments),
        "sessions": len(d.sessions),
        "check-ins": len(d.checkins),
        "questionnaires": len(d.questionnaires),
    }
