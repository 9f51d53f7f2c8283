"""The versioned JSON export of one profile: its shape (pydantic models, which also give the JSON
Schema in docs/export-schema.json) and the version rules.

Every table that belongs to a profile has a list here. Records carry no database ids: each list is in
the order the store wrote the records, and a reference to another record is its 1-based position in
that record's list (``screening: 2`` = the second screening). Importing writes the records in the same
order, so exporting the imported copy gives the same document again (docs/export.md).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from supple.catalogue.rules import SafetyAction
from supple.catalogue.schema import MeasureMethod
from supple.domain.assessment import Side
from supple.domain.progression import Move, Signal
from supple.domain.screening import ScreenKind, Sex
from supple.services.inputs import no_hidden_characters

FORMAT = "supple-profile-export"
SCHEMA_VERSION = 5  # raise it when the shape changes; the importer refuses a newer one
# 2: walk recordings, the walking plan and the walking log (issue 16); a version-1 file has none of them
# 3: a progression change may be the walking target's move (slot "walking") or the program's pause (slot
#    "program", move "pause"), so a settled session's page can be read back whole; older files have none
# 4: the profile's setup_at (when "what you have and what you can do" was first saved) and each session
#    item's seconds (how long the player ran it); older files have neither and import with none
# 5: a clearance's seen_on (the day the clinician saw the person) and the safety action "urgent_today"
#    (a calf that may hold a clot); older files have neither and their clearances import without a day

# The same rules as typed input (issue 11): a record that could not have been entered is refused, so an
# edited file with a recomputed checksum cannot put a profile into a state no page can show.
EARLIEST = datetime(2000, 1, 1)  # no Supple record is older; far-off years break date arithmetic
BIG = 2**31 - 1  # the largest whole number any store column holds


def _latest(info: ValidationInfo) -> datetime:
    now = (info.context or {}).get("now")
    # A year of leeway: the exporting computer's clock may differ; beyond that a date is an edit.
    return now + timedelta(days=366) if isinstance(now, datetime) else datetime(2100, 1, 1)


def _moment(value: datetime, info: ValidationInfo) -> datetime:
    if value.tzinfo is not None:
        raise ValueError("must be a local time without a time zone, as Supple writes it (e.g. 2026-03-01T18:00:00)")
    latest = _latest(info)
    if not EARLIEST <= value <= latest:
        raise ValueError(f"must be between {EARLIEST:%Y-%m-%d} and {latest:%Y-%m-%d}")
    return value


def _day(value: date, info: ValidationInfo) -> date:
    latest = _latest(info).date()
    if not EARLIEST.date() <= value <= latest:
        raise ValueError(f"must be between {EARLIEST:%Y-%m-%d} and {latest:%Y-%m-%d}")
    return value


Ref = Annotated[int, Field(ge=1, le=BIG)]  # 1-based position in another list of this document
Score = Annotated[int, Field(ge=0, le=10, description="0 to 10 points", json_schema_extra={"unit": "points"})]
Count = Annotated[int, Field(ge=0, le=BIG)]
Moment = Annotated[datetime, AfterValidator(_moment)]
Day = Annotated[date, AfterValidator(_day)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Answer = bool | Annotated[str, Field(max_length=16)] | None


Text40 = Annotated[str, Field(max_length=40), AfterValidator(no_hidden_characters)]
Text80 = Annotated[str, Field(max_length=80), AfterValidator(no_hidden_characters)]
Text120 = Annotated[str, Field(max_length=120), AfterValidator(no_hidden_characters)]
Text200 = Annotated[str, Field(max_length=200), AfterValidator(no_hidden_characters)]
Text300 = Annotated[str, Field(max_length=300), AfterValidator(no_hidden_characters)]
Text2000 = Annotated[str, Field(max_length=2000), AfterValidator(no_hidden_characters)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProfileRecord(Record):
    name: Text80 = Field(min_length=1)
    birth_year: int | None = Field(ge=1900, le=2100)
    sex: Sex
    created_at: Moment
    no_floor: bool
    no_kneeling: bool
    no_foam_roller: bool
    no_band: bool
    minutes: int = Field(ge=5, le=30)
    days_per_week: int = Field(ge=1, le=7)
    setup_at: Moment | None = Field(default=None, description="when the starter settings were first saved")


class ScreeningRecord(Record):
    taken_at: Moment
    kind: ScreenKind
    answers: dict[Slug, Answer] = Field(max_length=200)
    conditions: list[Slug] = Field(max_length=200)
    yellow_answers: dict[Slug, Answer] = Field(max_length=200)
    yellow_flags: bool
    action: SafetyAction | None
    triggered: list[Slug] = Field(max_length=200)


class SafetyEventRecord(Record):
    at: Moment
    kind: Literal["block", "pause", "clearance", "notice"]
    action: SafetyAction | None
    reasons: list[Text2000] = Field(max_length=200)
    message: Text2000
    clinician: Text120 | None
    seen_on: Day | None = Field(default=None, description="a clearance: the day the clinician saw the person")
    screening: Ref | None = Field(description="position in `screenings`")


class PainRatingRecord(Record):
    at: Moment
    context: Literal["baseline", "outcome"]
    now: Score
    average_24h: Score
    worst_24h: Score


class ActivityRecord(Record):
    name: Text120 = Field(min_length=1)
    position: Count


class ActivityRatingRecord(Record):
    activity: Ref = Field(description="position in `activities`")
    pain_rating: Ref = Field(description="position in `pain_ratings`")
    score: Score


class QuestionnaireRecord(Record):
    at: Moment
    instrument: Literal["start_back", "odi", "rmdq"]
    answers: list[Annotated[int, Field(ge=0, le=10)] | None] = Field(max_length=60)
    total: float = Field(ge=0, le=1000, allow_inf_nan=False)
    category: Text40


class MeasurementRecord(Record):
    test_id: Slug
    metric_id: Slug
    side: Side
    trial: int = Field(ge=1, le=10)
    value: float = Field(allow_inf_nan=False, description="within the metric's range (the catalogue)")
    method: MeasureMethod
    placement: Text200 | None


class AssessmentRecord(Record):
    taken_on: Day
    recorded_at: Moment
    measurements: list[MeasurementRecord]


class SessionItemRecord(Record):
    position: Count
    slot_id: Slug
    exercise_id: Slug
    completed: bool
    pain_during: Score | None
    nerve_symptoms: bool
    note: Text300 | None
    signal: Signal | None
    seconds: int | None = Field(default=None, ge=0, le=4 * 3600, description="how long the player ran it")


class SessionRecord(Record):
    started_at: Moment
    pain_before: Score
    pain_after: Score
    signal: Signal
    final: bool
    screening: Ref | None = Field(description="position in `screenings`")
    items: list[SessionItemRecord]
    client_id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_-]{8,64}$", description="the sender's id")


class CheckinRecord(Record):
    session: Ref = Field(description="position in `sessions`")
    at: Moment
    pain: Score
    stiffness: Score | None
    nerve_symptoms: bool


class ProgressionStateRecord(Record):
    slot_id: Slug
    variant_id: Slug
    level: int = Field(ge=-100, le=100)
    greens: int = Field(ge=0, le=1000)
    rest_until: Moment | None


class ProgressionChangeRecord(Record):
    session: Ref = Field(description="position in `sessions`")
    at: Moment
    slot_id: Slug
    move: Move
    explanation: Text2000


class CalendarFeedRecord(Record):
    """That a calendar subscription existed. Its secret token is never exported (anyone holding the file
    could read the calendar); an import makes a new one, so the subscription address changes."""

    created_at: Moment


class WalkRecordingRecord(Record):
    """One analysed walk (numbers only; the raw samples are never stored)."""

    recorded_at: datetime
    source: str = Field(max_length=16, description="browser | phyphox | sensor-logger | csv")
    placement: str = Field(max_length=16, description="lower-back | pocket")
    seconds: float = Field(ge=0)
    rate_hz: float = Field(ge=0, description="samples per second")
    steps: int = Field(ge=0)
    bouts: int = Field(ge=0)
    walking_s: float = Field(ge=0)
    cadence: float | None = Field(ge=0, description="steps/min")
    impact_g: float | None = Field(ge=0, description="mean peak vertical acceleration after heel strike, g")
    matched_impact_g: float | None = Field(ge=0, description="the same at 110 steps/min, g")
    side_ratio: float | None = Field(ge=0)
    weighted_steps: float | None = Field(ge=0, description="sum of the per-step impacts, g x steps")
    no_impact_reason: str | None = Field(max_length=16)
    step_impacts: list[float]


class WalkingPlanRecord(Record):
    start_minutes: int = Field(ge=0, le=600)
    minutes: int = Field(ge=0, le=600)
    days_per_week: int = Field(ge=1, le=7)
    goal: str | None = Field(max_length=120)
    updated_at: datetime


class WalkLogRecord(Record):
    at: datetime
    minutes: int = Field(ge=0, le=600)
    steps: int | None = Field(ge=0)
    recording: Ref | None = Field(ge=1, description="position in `walk_recordings`")
    session: Ref | None = Field(ge=1, description="position in `sessions`")


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
    walk_recordings: list[WalkRecordingRecord] = []  # from schema version 2
    walking_plan: WalkingPlanRecord | None = None
    walk_logs: list[WalkLogRecord] = []


class ExportDocument(Record):
    """A Supple profile export. `checksum` is the SHA-256 of `data` written as canonical JSON
    (keys sorted, no spaces, UTF-8), so a damaged or edited file is recognised."""

    model_config = ConfigDict(extra="forbid", title="Supple profile export")

    format: Literal["supple-profile-export"]
    schema_version: int = Field(ge=1, description=f"{SCHEMA_VERSION} for this version of Supple")
    exported_at: datetime
    app_version: str = Field(max_length=40)
    checksum: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    data: ProfileData


def json_schema() -> dict[str, Any]:
    schema = ExportDocument.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"urn:supple:profile-export:v{SCHEMA_VERSION}"
    return schema
