"""The versioned JSON export of one profile: its shape (pydantic models, which also give the JSON
Schema in docs/export-schema.json) and the version rules.

Every table that belongs to a profile has a list here. Records carry no database ids: each list is in
the order the store wrote the records, and a reference to another record is its 1-based position in
that record's list (``screening: 2`` = the second screening). Importing writes the records in the same
order, so exporting the imported copy gives the same document again (docs/export.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "supple-profile-export"
SCHEMA_VERSION = 1  # raise it when the shape changes; the importer refuses a newer one

Ref = int  # 1-based position in another list of this document
Score = Annotated[int, Field(ge=0, le=10, description="0 to 10 points", json_schema_extra={"unit": "points"})]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProfileRecord(Record):
    name: str = Field(min_length=1, max_length=80)
    birth_year: int | None
    sex: str = Field(max_length=16)
    created_at: datetime
    no_floor: bool
    no_kneeling: bool
    no_foam_roller: bool
    no_band: bool
    minutes: int = Field(ge=5, le=30)
    days_per_week: int = Field(ge=1, le=7)


class ScreeningRecord(Record):
    taken_at: datetime
    kind: str = Field(max_length=16)
    answers: dict[str, Any]
    conditions: list[Any]
    yellow_answers: dict[str, Any]
    yellow_flags: bool
    action: str | None = Field(max_length=24)
    triggered: list[Any]


class SafetyEventRecord(Record):
    at: datetime
    kind: str = Field(max_length=16, description="block | pause | clearance | notice")
    action: str | None = Field(max_length=24)
    reasons: list[Any]
    message: str
    clinician: str | None = Field(max_length=120)
    screening: Ref | None = Field(ge=1, description="position in `screenings`")


class PainRatingRecord(Record):
    at: datetime
    context: str = Field(max_length=16, description="baseline | outcome")
    now: Score
    average_24h: Score
    worst_24h: Score


class ActivityRecord(Record):
    name: str = Field(max_length=120)
    position: int


class ActivityRatingRecord(Record):
    activity: Ref = Field(ge=1, description="position in `activities`")
    pain_rating: Ref = Field(ge=1, description="position in `pain_ratings`")
    score: Score


class QuestionnaireRecord(Record):
    at: datetime
    instrument: str = Field(max_length=16)
    answers: list[Any]
    total: float
    category: str = Field(max_length=40)


class MeasurementRecord(Record):
    test_id: str = Field(max_length=60)
    metric_id: str = Field(max_length=60)
    side: str = Field(max_length=8)
    trial: int
    value: float
    method: str = Field(max_length=16)
    placement: str | None = Field(max_length=200)


class AssessmentRecord(Record):
    taken_on: date
    recorded_at: datetime
    measurements: list[MeasurementRecord]


class SessionItemRecord(Record):
    position: int
    slot_id: str = Field(max_length=60)
    exercise_id: str = Field(max_length=60)
    completed: bool
    pain_during: Score | None
    nerve_symptoms: bool
    note: str | None = Field(max_length=300)
    signal: str | None = Field(max_length=8)


class SessionRecord(Record):
    started_at: datetime
    pain_before: Score
    pain_after: Score
    signal: str = Field(max_length=8)
    final: bool
    screening: Ref | None = Field(ge=1, description="position in `screenings`")
    items: list[SessionItemRecord]


class CheckinRecord(Record):
    session: Ref = Field(ge=1, description="position in `sessions`")
    at: datetime
    pain: Score
    stiffness: Score | None
    nerve_symptoms: bool


class ProgressionStateRecord(Record):
    slot_id: str = Field(max_length=60)
    variant_id: str = Field(max_length=60)
    level: int
    greens: int
    rest_until: datetime | None


class ProgressionChangeRecord(Record):
    session: Ref = Field(ge=1, description="position in `sessions`")
    at: datetime
    slot_id: str = Field(max_length=60)
    move: str = Field(max_length=12)
    explanation: str


class CalendarFeedRecord(Record):
    """That a calendar subscription existed. Its secret token is never exported (anyone holding the file
    could read the calendar); an import makes a new one, so the subscription address changes."""

    created_at: datetime


class ProfileData(Record):
    """Everything stored for one person."""

    profile: ProfileRecord
    screenings: list[ScreeningRecord]
    safety_events: list[SafetyEventRecord]
    pain_ratings: list[PainRatingRecord]
    activities: list[ActivityRecord]
    activity_ratings: list[ActivityRatingRecord]
    questionnaires: list[QuestionnaireRecord]
    assessments: list[AssessmentRecord]
    sessions: list[SessionRecord]
    checkins: list[CheckinRecord]
    progression_states: list[ProgressionStateRecord]
    progression_changes: list[ProgressionChangeRecord]
    calendar_feed: CalendarFeedRecord | None


class ExportDocument(Record):
    """A Supple profile export. `checksum` is the SHA-256 of `data` written as canonical JSON
    (keys sorted, no spaces, UTF-8), so a damaged or edited file is recognised."""

    model_config = ConfigDict(extra="forbid", title="Supple profile export")

    format: Literal["supple-profile-export"]
    schema_version: int = Field(ge=1, description=f"{SCHEMA_VERSION} for this version of Supple")
    exported_at: datetime
    app_version: str
    checksum: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    data: ProfileData


def json_schema() -> dict[str, Any]:
    schema = ExportDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:supple:profile-export:v{SCHEMA_VERSION}"
    return schema
