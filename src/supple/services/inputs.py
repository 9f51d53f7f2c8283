"""Input shapes shared by every door (answer files, the JSON API, forms).

They check types and ranges that need no catalogue; the services check the rest. A pydantic
error becomes :class:`InvalidInput` with one problem per field, naming the allowed range and unit.
"""

from __future__ import annotations

import copy
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from supple.catalogue.schema import MeasureMethod
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Loc, Problem, first_per_place


def _not_bool(value: Any) -> Any:
    """yes/no is not a number: refuse true/false where a score or a measurement goes."""
    if isinstance(value, bool):
        raise PydanticCustomError(Code.NOT_A_NUMBER.value, "yes/no is not a number")
    return value


def no_hidden_characters(value: str) -> str:
    """Refuse characters a reader cannot see but that change what is shown: control characters (NUL
    and the like; tabs and line breaks are fine), bidirectional overrides such as U+202E (which can
    show "5 → 7" reversed) and zero-width characters."""
    for ch in value:
        if ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp"):
            raise ValueError(f"holds a hidden or control character (U+{ord(ch):04X}); please remove it")
    return value


PlainText = Annotated[str, AfterValidator(no_hidden_characters)]


def _listed(value: Any) -> Any:
    """One trial may be given without a list."""
    return value if isinstance(value, list) else [value]


def unit(name: str) -> dict[str, Any]:
    """The unit of a field, kept in its schema (problems name it with the allowed range)."""
    return {"unit": name}


Score = Annotated[
    int, BeforeValidator(_not_bool), Field(ge=0, le=10, description="0 to 10 points", json_schema_extra=unit("points"))
]
Number = Annotated[float, BeforeValidator(_not_bool)]
Trials = Annotated[list[Number], BeforeValidator(_listed)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


NAME_MAX = 80  # characters in a profile's name
NAME_LIMITS = Limits(
    min=1, max=NAME_MAX, unit="characters", text=f"letters, digits, spaces, . ' and -; 1 to {NAME_MAX}"
)


class ProfileIn(Input):
    name: str = Field(
        min_length=1,
        max_length=NAME_MAX,
        pattern=r"^[\w .'-]+$",
        description="letters, digits, spaces, . ' and -; 1 to 80 characters",
    )

    @field_validator("name")
    @classmethod
    def _trimmed(cls, v: str) -> str:
        if not any(ch.isalnum() for ch in v):  # also refuses "." and "..", which no address can hold
            raise PydanticCustomError(Code.REQUIRED.value, "a name needs at least one letter or digit")
        return " ".join(no_hidden_characters(v).split())

    birth_year: int | None = Field(
        default=None, description="checked against today: 18 to 120 years ago (Supple is for adults)"
    )
    sex: Literal["female", "male", "unspecified"] = "unspecified"


class SettingsIn(Input):
    no_floor: bool | None = None
    no_kneeling: bool | None = None
    no_foam_roller: bool | None = None
    no_band: bool | None = None
    minutes: int | None = Field(
        default=None, ge=5, le=30, description="minutes per session, 5 to 30", json_schema_extra=unit("minutes")
    )
    days_per_week: int | None = Field(
        default=None, ge=1, le=7, description="days per week, 1 to 7", json_schema_extra=unit("days")
    )


def _as_text(value: Any) -> Any:
    """A number where yes/no goes is kept as text, so the answer check names it ("‘5’ is not yes or no")."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


# yes/no; strings such as "yes" or "no" are read too; None = not answered
Answer = Annotated[bool | str | None, BeforeValidator(_as_text)]


class ScreenIn(Input):
    red_flags: dict[str, Answer]
    conditions: dict[str, Answer] = {}
    yellow_flags: dict[str, Answer] = {}


class SessionScreenIn(Input):
    red_flags: dict[str, Answer]


class PainIn(Input):
    now: Score
    average_24h: Score
    worst_24h: Score

    @model_validator(mode="after")
    def _consistent(self) -> PainIn:
        if self.worst_24h < max(self.now, self.average_24h):
            raise PydanticCustomError(
                Code.INCONSISTENT.value,
                "the worst pain of the last 24 hours cannot be lower than the pain now or the average",
            )
        return self


class BaselineIn(Input):
    pain: PainIn
    activities: dict[PlainText, Score] = Field(default_factory=dict, description="up to 5 activities, each 0 to 10")

    @field_validator("activities")
    @classmethod
    def _names(cls, v: dict[str, int]) -> dict[str, int]:
        for name in v:
            if not 2 <= len(name.strip()) <= 120:
                raise PydanticCustomError(
                    Code.TOO_LONG.value if len(name.strip()) > 120 else Code.TOO_SHORT.value,
                    "each activity name must be 2 to 120 characters",
                    {"min_length": 2, "max_length": 120, "given": name},
                )
        return {k.strip(): s for k, s in v.items()}


class TestEntryIn(Input):
    method: MeasureMethod | dict[str, MeasureMethod] = Field(
        description="how it was measured: one method, or one per measurement (e.g. tape for cm, phone for degrees)"
    )
    placement: PlainText | None = Field(default=None, max_length=200)
    left: dict[str, Trials] | None = None
    right: dict[str, Trials] | None = None
    values: dict[str, Trials] | None = Field(default=None, description="for tests not done per side")


class AssessmentIn(Input):
    taken_on: date | None = None
    tests: dict[str, TestEntryIn] = Field(min_length=1)


class SessionItemIn(Input):
    exercise: str
    completed: bool = True
    pain_during: Score | None = None
    nerve_symptoms: bool = False
    note: PlainText | None = Field(default=None, max_length=300)
    seconds: int | None = Field(
        default=None, ge=0, le=4 * 3600, description="how long the player ran this exercise, in seconds"
    )


class SessionLogIn(Input):
    started_at: datetime | None = None
    screen: dict[str, Answer] | None = Field(default=None, description="answers to the short safety screen")
    screening_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="a short screen already taken before this session"
    )
    pain_before: Score
    pain_after: Score
    items: list[SessionItemIn] = Field(min_length=1)
    client_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description="an id the sending app makes once for this session (e.g. a UUID); the same session sent "
        "again with it is stored once and answered with the first result",
    )


class CheckinIn(Input):
    pain: Score
    stiffness: Score | None = None
    nerve_symptoms: bool = False
    at: datetime | None = None


class WalkingPlanIn(Input):
    """Start (or restart) the walking target from what the person manages now."""

    manages_minutes: Annotated[int, BeforeValidator(_not_bool)] = Field(
        ge=0, le=600, description="minutes you can walk now, 0 to 600", json_schema_extra=unit("minutes a day")
    )
    manages_days: Annotated[int, BeforeValidator(_not_bool)] = Field(
        default=3, ge=0, le=7, description="days a week you walk now, 0 to 7", json_schema_extra=unit("days a week")
    )
    goal: PlainText | None = Field(default=None, max_length=120, description="one of your activities")


class WalkLogIn(Input):
    """Minutes walked today; ``with_session`` attaches them to today's session, ``recording`` takes its steps."""

    minutes: Annotated[int, BeforeValidator(_not_bool)] = Field(
        ge=1, le=600, description="minutes walked, 1 to 600", json_schema_extra=unit("minutes")
    )
    steps: Annotated[int | None, BeforeValidator(_not_bool)] = Field(
        default=None, ge=0, le=200_000, description="steps counted, 0 to 200000", json_schema_extra=unit("steps")
    )
    recording: int | None = Field(default=None, ge=1, description="the number of a walk recording")
    with_session: bool = False


class QuestionnaireIn(Input):
    instrument: Literal["start_back", "odi", "rmdq"]
    answers: list[int | None]


M = TypeVar("M", bound=BaseModel)
SHOWN = 100  # an error repeats at most this many characters of what was sent


def shown(value: Any) -> str:
    """``repr(value)``, cut to SHOWN characters: a huge input is never echoed back whole."""
    text = repr(value) if not isinstance(value, str) or len(value) <= SHOWN else repr(value[:SHOWN])
    return text if len(text) <= SHOWN + 2 else text[:SHOWN] + "…"


def parse(model: type[M], data: Any, at: Loc = ()) -> M:
    """Validate ``data`` into ``model`` or raise InvalidInput listing every problem (``at``: where
    ``data`` sits in a larger input, put in front of every location)."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise InvalidInput(problems_from(err.errors(), model, data, at)) from None


def collect(model: type[M], data: Any, prefix: Loc = ()) -> tuple[M | None, list[Problem]]:
    """Every problem the input shape finds, and the input without the refused parts when that is
    still a whole input, so the catalogue and range checks can look at the rest in the same round."""
    from supple.services.problem_map import placeholder, prune

    problems: list[Problem] = []
    current = copy.deepcopy(data)
    filled: list[Loc] = []  # stand-ins put in; a problem they cause (e.g. worst < now) is not the person's
    for _ in range(6):
        try:
            return model.model_validate(current), problems
        except ValidationError as err:
            found = problems_from(err.errors(), model, current, prefix)
        seen = {p.loc for p in problems}
        fresh = [p for p in found if p.loc not in seen and not any(f[: len(p.loc)] == p.loc for f in filled)]
        problems += fresh
        changed = [prune(current, p.loc[len(prefix) :]) for p in fresh]  # every one, not only the first
        for p in found:
            if p.code is Code.REQUIRED and placeholder(model, current, p.loc[len(prefix) :]):
                filled.append(p.loc)
                changed.append(True)
        if not any(changed):
            return None, problems
    return None, problems


def problems_from(errors: Any, model: type[BaseModel] | None, data: Any = None, prefix: Loc = ()) -> list[Problem]:
    """Pydantic's errors (type, loc, ctx) as problems: the one place they are mapped to our codes."""
    from supple.services.problem_map import to_problem

    return first_per_place([to_problem(e, model, data, prefix) for e in errors])
