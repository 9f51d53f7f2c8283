"""Export one profile: every record as versioned JSON (see export_format), and CSV tables of the
measurements, sessions and pain scores for a spreadsheet, packed in a zip with the JSON."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from supple.db.models import (
    CalendarFeed,
    Checkin,
    PainRating,
    Profile,
    ProgressionChange,
    ProgressionState,
    PsfsActivity,
    PsfsRating,
    QuestionnaireResult,
    SafetyEvent,
    Screening,
    WalkingPlan,
    WalkLog,
    WalkRecording,
)
from supple.db.repositories import Assessments, Sessions
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.export_format import (
    FORMAT,
    SCHEMA_VERSION,
    ExportDocument,
    ProfileData,
    WalkingPlanRecord,
    WalkRecordingRecord,
    json_schema,
)


def file_stem(name: str) -> str:
    """A plain ASCII file name (HTTP headers carry Latin-1 only; names may be in any script)."""
    ascii_part = "".join(c if c.isascii() and c.isalnum() else "-" for c in name).strip("-").lower()
    return "supple-" + (ascii_part or "profile")  # a name in another script: its own name goes in filename*


def canonical(data: Any) -> bytes:
    """The bytes the checksum is taken over: keys sorted, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def checksum_of(data: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(data)).hexdigest()


def app_version() -> str:
    try:
        return version("supple")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _fields(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def _positions(rows: Sequence[Any]) -> dict[int, int]:
    """Database id → 1-based position in the exported list."""
    return {row.id: i for i, row in enumerate(rows, start=1)}


def _all(s: Session, model: Any, profile_id: int) -> Sequence[Any]:
    return s.scalars(select(model).where(model.profile_id == profile_id).order_by(model.id)).all()


def profile_data(s: Session, p: Profile) -> ProfileData:
    """Every record that belongs to ``p``, in the order the store wrote them."""
    screenings = _all(s, Screening, p.id)
    screening_ref = _positions(screenings)
    pains = _all(s, PainRating, p.id)
    pain_ref = _positions(pains)
    activities = s.scalars(select(PsfsActivity).where(PsfsActivity.profile_id == p.id).order_by(PsfsActivity.id)).all()
    activity_ref = _positions(activities)
    ratings = s.scalars(
        select(PsfsRating).where(PsfsRating.activity_id.in_(list(activity_ref) or [-1])).order_by(PsfsRating.id)
    ).all()
    assessments = sorted(Assessments(s).all(p.id), key=lambda a: a.id)
    sessions = sorted(Sessions(s).all(p.id), key=lambda x: x.id)
    session_ref = _positions(sessions)
    feed = s.get(CalendarFeed, p.id)
    walk_rows = _all(s, WalkRecording, p.id)
    walk_ref = _positions(walk_rows)
    plan = s.get(WalkingPlan, p.id)
    return ProfileData.model_validate(
        {
            "profile": _fields(p, list(_PROFILE_FIELDS)),
            "screenings": [_fields(x, _SCREENING_FIELDS) for x in screenings],
            "safety_events": [
                {
                    **_fields(e, ("at", "kind", "action", "reasons", "message", "clinician", "seen_on")),
                    "screening": screening_ref.get(e.screening_id) if e.screening_id else None,
                }
                for e in _all(s, SafetyEvent, p.id)
            ],
            "pain_ratings": [_fields(r, ("at", "context", "now", "average_24h", "worst_24h")) for r in pains],
            "activities": [_fields(a, ("name", "position")) for a in activities],
            "activity_ratings": [
                {"activity": activity_ref[r.activity_id], "pain_rating": pain_ref[r.pain_rating_id], "score": r.score}
                for r in ratings
            ],
            "questionnaires": [
                _fields(q, ("at", "instrument", "answers", "total", "category"))
                for q in _all(s, QuestionnaireResult, p.id)
            ],
            "assessments": [
                {
                    "taken_on": a.taken_on,
                    "recorded_at": a.recorded_at,
                    "measurements": [_fields(m, _MEASUREMENT_FIELDS) for m in sorted(a.measurements, key=_id)],
                }
                for a in assessments
            ],
            "sessions": [
                {
                    **_fields(x, ("started_at", "pain_before", "pain_after", "signal", "final")),
                    "screening": screening_ref.get(x.screening_id) if x.screening_id else None,
                    "items": [_fields(i, _ITEM_FIELDS) for i in sorted(x.items, key=_id)],
                    "client_id": x.client_id,
                }
                for x in sessions
            ],
            "checkins": [
                {"session": session_ref[c.session_id], **_fields(c, ("at", "pain", "stiffness", "nerve_symptoms"))}
                for c in _all(s, Checkin, p.id)
            ],
            "progression_states": [
                _fields(st, ("slot_id", "variant_id", "level", "greens", "rest_until"))
                for st in s.scalars(
                    select(ProgressionState)
                    .where(ProgressionState.profile_id == p.id)
                    .order_by(ProgressionState.slot_id)
                ).all()
            ],
            "progression_changes": [
                {"session": session_ref[c.session_id], **_fields(c, ("at", "slot_id", "move", "explanation"))}
                for c in _all(s, ProgressionChange, p.id)
            ],
            "calendar_feed": _fields(feed, ("created_at",)) if feed else None,
            "walk_recordings": [_fields(w, _WALK_FIELDS) for w in walk_rows],
            "walking_plan": _fields(plan, _PLAN_FIELDS) if plan else None,
            "walk_logs": [
                {
                    **_fields(w, ("at", "minutes", "steps")),
                    "recording": walk_ref.get(w.recording_id) if w.recording_id else None,
                    "session": session_ref.get(w.session_id) if w.session_id else None,
                }
                for w in _all(s, WalkLog, p.id)
            ],
        }
    )


def _id(row: Any) -> int:
    return int(row.id)


_PROFILE_FIELDS = (
    "name",
    "birth_year",
    "sex",
    "created_at",
    "no_floor",
    "no_kneeling",
    "no_foam_roller",
    "no_band",
    "minutes",
    "days_per_week",
    "setup_at",
)
_SCREENING_FIELDS = (
    "taken_at",
    "kind",
    "answers",
    "conditions",
    "yellow_answers",
    "yellow_flags",
    "action",
    "triggered",
)
_WALK_FIELDS = tuple(WalkRecordingRecord.model_fields)
_PLAN_FIELDS = tuple(WalkingPlanRecord.model_fields)
_MEASUREMENT_FIELDS = ("test_id", "metric_id", "side", "trial", "value", "method", "placement")
_ITEM_FIELDS = (
    "position",
    "slot_id",
    "exercise_id",
    "completed",
    "pain_during",
    "nerve_symptoms",
    "note",
    "signal",
    "seconds",
)


def document(ctx: Context, name: str | None) -> dict[str, Any]:
    """The export document of one profile as plain JSON data."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        data = profile_data(s, p).model_dump(mode="json")
    doc = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": ctx.clock().isoformat(),
        "app_version": app_version(),
        "checksum": checksum_of(data),
        "data": data,
    }
    ExportDocument.model_validate(doc)  # what we write is what we promise to read back
    return doc


def to_json(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, indent=2, ensure_ascii=False).encode() + b"\n"


# --- CSV -------------------------------------------------------------------------------------------


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (=HYPERLINK(...), +1+1, @SUM) gets a leading
    apostrophe, so it is shown as text (OWASP's advice for CSV injection). Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return buf.getvalue().encode()


def csv_tables(doc: dict[str, Any]) -> dict[str, bytes]:
    """measurements.csv, sessions.csv (one row per exercise done) and pain.csv, from the export."""
    data = doc["data"]
    measurements = [
        [a["taken_on"], m["test_id"], m["metric_id"], m["side"], m["trial"], m["value"], m["method"], m["placement"]]
        for a in data["assessments"]
        for m in a["measurements"]
    ]
    checkin_pain = {c["session"]: c["pain"] for c in data["checkins"]}
    sessions = [
        [
            n,
            x["started_at"],
            x["pain_before"],
            x["pain_after"],
            checkin_pain.get(n),
            x["signal"],
            i["position"],
            i["exercise_id"],
            i["completed"],
            i["pain_during"],
            i["nerve_symptoms"],
        ]
        for n, x in enumerate(data["sessions"], start=1)
        for i in x["items"]
    ]
    pain = [[r["at"], r["context"], r["now"], r["average_24h"], r["worst_24h"]] for r in data["pain_ratings"]]
    return {
        "measurements.csv": _csv(
            ("taken_on", "test_id", "metric_id", "side", "trial", "value", "method", "placement"), measurements
        ),
        "sessions.csv": _csv(
            (
                "session",
                "started_at",
                "pain_before",
                "pain_after",
                "next_morning_pain",
                "signal",
                "position",
                "exercise_id",
                "completed",
                "pain_during",
                "nerve_symptoms",
            ),
            sessions,
        ),
        "pain.csv": _csv(("at", "context", "now", "average_24h", "worst_24h"), pain),
    }


def to_zip(doc: dict[str, Any]) -> bytes:
    """profile.json, its schema and the three CSV tables in one zip (fixed timestamps: same data, same bytes)."""
    files = {
        "profile.json": to_json(doc),
        "export-schema.json": json.dumps(json_schema(), indent=2).encode() + b"\n",
        **csv_tables(doc),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content)
    return buf.getvalue()
