"""Import a profile export (JSON, or the zip holding it) into this store, in one transaction.

Refused with a clear message, writing nothing: a file that is not JSON or is cut short, a file from
a newer Supple, a file whose checksum does not match (damaged or edited), records that do not fit the
schema or point at records that are not there, and a profile name that already exists here.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from supple.catalogue.catalogue import Catalogue
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
    WalkingPlan,
    WalkLog,
    WalkRecording,
)
from supple.db.repositories import Profiles
from supple.db.store_errors import translate
from supple.errors import Conflict, InvalidInput
from supple.problems import Code, Limits, Loc, Problem
from supple.services.calendar import new_feed_token
from supple.services.context import Context, transaction
from supple.services.export import checksum_of
from supple.services.export_format import FORMAT, SCHEMA_VERSION, ExportDocument, ProfileData
from supple.services.inputs import ProfileIn, parse, problems_from, shown
from supple.services.profiles import birth_year_problem

MAX_BYTES = 50 * 1024 * 1024  # far above any real profile; refuses a wrong file early
BIRTH_YEAR = ("data", "profile", "birth_year")


@dataclass(frozen=True)
class ImportResult:
    name: str
    records: dict[str, int]


NOT_AN_EXPORT = "this is not a Supple export file: choose a file saved with Supple's Export"


def _refuse(message: str, allowed: str | None = None) -> InvalidInput:
    return InvalidInput(
        [Problem.saying("file", message, limits=Limits(text=allowed))], "The export file cannot be imported"
    )


def _parse_json(raw: bytes) -> Any:
    """The file's JSON, or a refusal saying what is wrong with it."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise _refuse("the file is not a Supple export: its data is laid out differently") from None
    except _NotANumber as err:
        raise _refuse(f"the file holds {err} where a number goes: only finite numbers can be imported") from None
    except UnicodeDecodeError:
        raise _refuse("the file is not a Supple export: it does not hold text") from None
    except json.JSONDecodeError as err:
        if not err.doc.lstrip("\ufeff \t\r\n").startswith(("{", "[")):  # plain text, not a damaged export
            raise _refuse(NOT_AN_EXPORT) from None
        where = f"line {err.lineno}, column {err.colno}"
        # err.pos counts characters, not bytes: compare with the decoded text's length
        if err.pos >= len(err.doc.rstrip()) - 1 or err.msg.startswith("Unterminated string"):
            raise _refuse(f"the file ends too early: it was cut short or damaged ({where})") from None
        raise _refuse(f"the file is damaged: part of it cannot be read ({where})") from None


def read_document(raw: bytes, now: datetime | None = None) -> ExportDocument:
    """Check and parse an export file's bytes; raises InvalidInput naming what is wrong."""
    if len(raw) > MAX_BYTES:
        raise _refuse(f"the file is {len(raw) // (1024 * 1024)} MB", allowed=f"at most {MAX_BYTES // (1024 * 1024)} MB")
    if raw.startswith(b"PK"):
        raw = _from_zip(raw)
    doc = _parse_json(raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _refuse("this is not a Supple profile export: it does not start the way an export does")
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(
            [Problem.of(("schema_version",), Code.NOT_A_CHOICE, version, Limits(text=f"1 to {SCHEMA_VERSION}"))],
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
        raise _refuse("the file was damaged or changed after it was exported (its checksum does not match)")
    try:
        parsed = ExportDocument.model_validate(doc, context={"now": now})
    except ValidationError as err:
        raise InvalidInput(problems_from(err.errors(), ExportDocument), "The export file cannot be imported") from None
    _check_references(parsed.data)
    return parsed


def _check_catalogue(d: ProfileData, catalogue: Catalogue, year: int) -> None:
    """Ids the catalogue knows and values in their metric's range, as for typed results; a year of birth
    that a new profile could have (not under the adult age of rules/safety.yaml)."""
    problems: list[Problem] = []
    adult = catalogue.safety.adult_age.years  # the same rule as a new profile's: Supple is for adults
    if (born := birth_year_problem(d.profile.birth_year, year, adult, BIRTH_YEAR, "the person")) is not None:
        problems.append(born)
    for i, a in enumerate(d.assessments):
        for j, m in enumerate(a.measurements):
            where = f"data.assessments.{i}.measurements.{j}"
            metric = catalogue.metric(m.test_id, m.metric_id)
            if metric is None:
                problems.append(
                    Problem.saying(where, f"{shown(m.test_id)} / {shown(m.metric_id)} is not a test in Supple")
                )
            elif not metric.min <= m.value <= metric.max:
                problems.append(
                    Problem.saying(
                        f"{where}.value",
                        f"{m.value:g} is outside the range",
                        Code.OUT_OF_RANGE,
                        Limits(metric.min, metric.max, metric.unit.label),
                    )
                )
    for i, x in enumerate(d.sessions):
        for j, item in enumerate(x.items):
            if item.exercise_id not in catalogue.exercises:
                problems.append(
                    Problem.saying(
                        f"data.sessions.{i}.items.{j}.exercise_id",
                        f"{shown(item.exercise_id)} is not an exercise in Supple",
                    )
                )
    for i, st in enumerate(d.progression_states):
        if st.variant_id not in catalogue.exercises:
            problems.append(
                Problem.saying(
                    f"data.progression_states.{i}.variant_id", f"{shown(st.variant_id)} is not an exercise in Supple"
                )
            )
    if problems:
        raise InvalidInput(problems[:50], "The export file cannot be imported")


class _NotANumber(ValueError):
    pass


def _no_constant(name: str) -> float:
    """JSON has no NaN or Infinity; Python's reader would accept them."""
    raise _NotANumber(name)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotANumber(text[:20])
    return value


def _from_zip(raw: bytes) -> bytes:
    """profile.json from the zip, read in pieces and refused as soon as it unpacks past MAX_BYTES
    (the size a zip declares may lie, so it is not trusted)."""
    too_big = _refuse("profile.json in the zip unpacks to more than 50 MB", allowed="at most 50 MB unpacked")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if "profile.json" not in z.namelist():
                raise _refuse("the zip holds no profile.json; is it a Supple export?")
            if z.getinfo("profile.json").file_size > MAX_BYTES:
                raise too_big
            out = bytearray()
            with z.open("profile.json") as member:
                while piece := member.read(1024 * 1024):
                    out += piece
                    if len(out) > MAX_BYTES:
                        raise too_big
            return bytes(out)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError):
        raise _refuse("the zip file is damaged, cut short or encrypted") from None


def _check_references(d: ProfileData) -> None:
    sizes = {"screenings": len(d.screenings), "sessions": len(d.sessions)}
    sizes |= {"activities": len(d.activities), "pain_ratings": len(d.pain_ratings)}
    sizes["walk_recordings"] = len(d.walk_recordings)
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
    for i, w in enumerate(d.walk_logs):
        check(("walk_logs", i, "recording"), w.recording, "walk_recordings")
        check(("walk_logs", i, "session"), w.session, "sessions")
    if problems:
        raise InvalidInput(problems, "The export file has records that point at nothing")


def import_profile(ctx: Context, raw: bytes, as_name: str | None = None) -> ImportResult:
    """Write the exported profile as a new profile (under ``as_name`` if given), all or nothing."""
    doc = read_document(raw, ctx.clock())
    _check_catalogue(doc.data, ctx.catalogue, ctx.clock().year)
    given = doc.data.profile
    checked = parse(
        ProfileIn,
        {"name": given.name if as_name is None else as_name, "birth_year": given.birth_year, "sex": given.sex},
        () if as_name is not None else ("data", "profile"),
    )
    name = checked.name
    ready = _Rows.of(doc.data)
    try:
        with transaction(ctx) as s:
            if Profiles(s).by_name(name):
                raise Conflict(
                    f"A profile called '{name}' already exists here; nothing was imported. "
                    "Import it under another name, or remove the existing one first."
                )
            counts = _write(s, doc.data, name, ready)
    except DBAPIError as err:  # the transaction was rolled back
        if (known := translate(err)) is not None:  # busy, full, read-only, damaged: not the file's fault
            raise known from None
        raise _refuse(f"the store refused a record ({type(err.orig).__name__}); nothing was imported") from None
    return ImportResult(name, counts)


@dataclass(frozen=True)
class _Rows:
    """The many small rows, made ready before the transaction opens (the write lock is held only to write)."""

    measurements: list[list[dict[str, Any]]]
    items: list[list[dict[str, Any]]]

    @classmethod
    def of(cls, d: ProfileData) -> _Rows:
        return cls(
            [[m.model_dump() for m in a.measurements] for a in d.assessments],
            [[i.model_dump() for i in x.items] for x in d.sessions],
        )


def _write(s: Session, d: ProfileData, name: str, rows: _Rows) -> dict[str, int]:
    """Every record, one batch per table (a flush each, not one per row: the store's write lock is held
    for a fraction of a second even for tens of thousands of rows). New ids follow the file's order, so
    a re-export is identical."""
    p = Profile(**{**d.profile.model_dump(), "name": name})
    s.add(p)
    s.flush()
    pid = p.id

    def insert(rows: list[Any]) -> list[Any]:
        s.add_all(rows)
        s.flush()
        return rows

    def many(model: Any, rows: list[dict[str, Any]]) -> None:
        """The large tables (measurements, session items): one plain executemany, no ORM objects."""
        if rows:
            s.execute(model.__table__.insert(), rows)

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
    assessments = insert(
        [Assessment(profile_id=pid, taken_on=a.taken_on, recorded_at=a.recorded_at) for a in d.assessments]
    )
    many(
        Measurement,
        [{"assessment_id": row.id, **m} for row, ms in zip(assessments, rows.measurements, strict=True) for m in ms],
    )
    sessions = insert(
        [
            ExerciseSession(
                profile_id=pid,
                screening_id=screenings[x.screening - 1].id if x.screening else None,
                **x.model_dump(exclude={"screening", "items"}),
            )
            for x in d.sessions
        ]
    )
    many(
        SessionItem,
        [{"session_id": row.id, **i} for row, items in zip(sessions, rows.items, strict=True) for i in items],
    )
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
    walk_rows = insert([WalkRecording(profile_id=pid, **w.model_dump()) for w in d.walk_recordings])
    if d.walking_plan is not None:
        insert([WalkingPlan(profile_id=pid, **d.walking_plan.model_dump())])
    insert(
        [
            WalkLog(
                profile_id=pid,
                recording_id=walk_rows[w.recording - 1].id if w.recording else None,
                session_id=sessions[w.session - 1].id if w.session else None,
                **w.model_dump(exclude={"recording", "session"}),
            )
            for w in d.walk_logs
        ]
    )
    return {
        "screenings": len(d.screenings),
        "safety events": len(d.safety_events),
        "pain ratings": len(d.pain_ratings),
        "assessments": len(d.assessments),
        "measurements": sum(len(a.measurements) for a in d.assessments),
        "sessions": len(d.sessions),
        "check-ins": len(d.checkins),
        "questionnaires": len(d.questionnaires),
        "walks": len(d.walk_recordings),
    }
