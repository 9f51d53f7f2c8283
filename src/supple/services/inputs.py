"""Input shapes shared by every door (answer files, the JSON API, forms).

They check types and ranges that need no catalogue; the services check the rest. A pydantic
error becomes :class:`InvalidInput` with one problem per field, naming the allowed range and unit.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

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

from supple.catalogue.schema import MeasureMethod
from supple.errors import InvalidInput, Problem


def _not_bool(value: Any) -> Any:
    """yes/no is not a number: refuse true/false where a score or a measurement goes."""
    if isinstance(value, bool):
        raise ValueError("yes/no is not a number")
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
Score = Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=10, description="0 to 10 points")]
Number = Annotated[float, BeforeValidator(_not_bool)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProfileIn(Input):
    name: str = Field(
        min_length=1,
        max_length=80,
        pattern=r"^[\w .'-]+$",
        description="letters, digits, spaces, . ' and -; 1 to 80 characters",
    )

    @field_validator("name")
    @classmethod
    def _trimmed(cls, v: str) -> str:
        if not any(ch.isalnum() for ch in v):  # also refuses "." and "..", which no address can hold
            raise ValueError("a name needs at least one letter or digit")
        return " ".join(no_hidden_characters(v).split())

    birth_year: int | None = Field(default=None, description="checked against today: at most 120 years ago")
    sex: str = Field(default="unspecified", pattern="^(female|male|unspecified)$")


class SettingsIn(Input):
    no_floor: bool | None = None
    no_kneeling: bool | None = None
    no_foam_roller: bool | None = None
    no_band: bool | None = None
    minutes: int | None = Field(default=None, ge=5, le=30, description="minutes per session, 5 to 30")
    days_per_week: int | None = Field(default=None, ge=1, le=7, description="days per week, 1 to 7")


Answer = bool | str | None  # yes/no; strings such as "yes" or "no" are read too; None = not answered


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
            raise ValueError("the worst pain of the last 24 hours cannot be lower than the pain now or the average")
        return self


class BaselineIn(Input):
    pain: PainIn
    activities: dict[PlainText, Score] = Field(default_factory=dict, description="up to 5 activities, each 0 to 10")

    @field_validator("activities")
    @classmethod
    def _names(cls, v: dict[str, int]) -> dict[str, int]:
        for name in v:
            if not 2 <= len(name.strip()) <= 120:
                raise ValueError("each activity name must be 2 to 120 characters")
        return {k.strip(): s for k, s in v.items()}


class TestEntryIn(Input):
    method: MeasureMethod | dict[str, MeasureMethod] = Field(
        description="how it was measured: one method, or one per measurement (e.g. tape for cm, phone for degrees)"
    )
    placement: PlainText | None = Field(default=None, max_length=200)
    left: dict[str, list[Number] | Number] | None = None
    right: dict[str, list[Number] | Number] | None = None
    values: dict[str, list[Number] | Number] | None = Field(default=None, description="for tests not done per side")


class AssessmentIn(Input):
    taken_on: date | None = None
    tests: dict[str, TestEntryIn] = Field(min_length=1)


class SessionItemIn(Input):
    exercise: str
    completed: bool = True
    pain_during: Score | None = None
    nerve_symptoms: bool = False
    note: PlainText | None = Field(default=None, max_length=300)


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


class QuestionnaireIn(Input):
    instrument: str = Field(pattern="^(start_back|odi|rmdq)$")
    answers: list[int | None]


M = TypeVar("M", bound=BaseModel)
SHOWN = 100  # an error repeats at most this many characters of what was sent


def shown(value: Any) -> str:
    """``repr(value)``, cut to SHOWN characters: a huge input is never echoed back whole."""
    text = repr(value) if not isinstance(value, str) or len(value) <= SHOWN else repr(value[:SHOWN])
    return text if len(text) <= SHOWN + 2 else text[:SHOWN] + "…"


def parse(model: type[M], data: Any, section: str = "") -> M:
    """Validate ``data`` into ``model`` or raise InvalidInput listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise InvalidInput(problems_from(err.errors(), model, section)) from None


def problems_from(errors: Any, model: type[BaseModel] | None = None, section: str = "") -> list[Problem]:
    """Turn pydantic error dicts into problems naming the field, the allowed range and the unit."""
    problems = []
    for e in errors:
        loc = tuple(p for p in e["loc"] if p not in ("body", "query", "path"))
        dotted = ".".join(str(p) for p in loc)
        where = f"{section}.{dotted}" if section and dotted else (section or dotted or "(top level)")
        ctx = e.get("ctx") or {}
        numeric = e["type"] in _NUMERIC_ERRORS or "ge" in ctx or "le" in ctx
        allowed = _allowed_range(model, loc, ctx) if numeric and _has_bounds(model, loc, ctx) else None
        message = _PLAIN.get(e["type"]) or str(e["msg"]).removeprefix("Value error, ")
        given = e.get("input")
        if e["type"] not in ("missing", "extra_forbidden") and not isinstance(given, dict | list):
            message = f"{shown(given)} — {message}"
        problems.append(Problem(where, message, allowed=allowed))
    return problems


# Plain words for pydantic's error types; anything else keeps pydantic's own message.
_PLAIN = {
    "extra_forbidden": "unknown field",
    "missing": "missing",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be yes or no",
    "bool_type": "must be yes or no",
    "less_than_equal": "is too high",
    "greater_than_equal": "is too low",
    "string_pattern_mismatch": "may hold only letters, digits, spaces and . ' -",
    "date_from_datetime_inexact": "must be a date without a time, e.g. 2026-03-01",
    "json_invalid": "is not valid JSON",
}
_NUMERIC_ERRORS = {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type", "missing"}


def _has_bounds(model: type[BaseModel] | None, loc: tuple[int | str, ...], ctx: dict[str, Any]) -> bool:
    return "ge" in ctx or "le" in ctx or _declared_bounds(model, loc) != (None, None) or _is_score(loc)


def _is_score(loc: tuple[int | str, ...]) -> bool:
    names = {str(p) for p in loc}
    return bool(
        names & {"now", "average_24h", "worst_24h", "pain", "pain_before", "pain_after", "pain_during", "stiffness"}
    )


_UNITS = {"minutes": "minutes", "days_per_week": "days", "birth_year": ""}


def _declared_bounds(model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> tuple[Any, Any]:
    """The ge/le declared on the field at ``loc`` (walking nested models), if any. Without a model
    (errors raised by the web framework), the first input model with such a field answers."""
    if model is None:
        for candidate in Input.__subclasses__():
            found = _declared_bounds(candidate, loc)
            if found != (None, None):
                return found
        return None, None
    current: Any = model
    info = None
    for part in loc:
        if not (isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel)):
            break
        info = current.model_fields.get(part)
        if info is None:
            break
        current = info.annotation
    lo = hi = None
    for meta in info.metadata if info else []:
        lo = getattr(meta, "ge", lo)
        hi = getattr(meta, "le", hi)
    return lo, hi


def _allowed_range(model: type[BaseModel] | None, loc: tuple[int | str, ...], ctx: dict[str, Any]) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    unit = next((_UNITS[n] for n in reversed(names) if n in _UNITS), "points")
    lo, hi = _declared_bounds(model, loc)
    lo = ctx.get("ge", lo)
    hi = ctx.get("le", hi)
    if unit == "points":  # every pain and activity scale in Supple runs from 0 to 10
        lo, hi = (0 if lo is None else lo), (10 if hi is None else hi)
    text = (
        f"{lo} to {hi}"
        if lo is not None and hi is not None
        else (f"at least {lo}" if lo is not None else f"at most {hi}")
    )
    return f"{text} {unit}".strip()
