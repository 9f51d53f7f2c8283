"""Problems with input as values: where, what kind, what was given and what is allowed.

A :class:`Problem` is data, not a sentence. Every door (the CLI, the HTML pages, the JSON API) renders
it its own way from these fields; nothing ever parses a message back. ``message`` gives the plain
words for a problem (without the field's name, which each door says in its own way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Loc = tuple[str | int, ...]
GIVEN_MAX = 100  # characters of the given value kept (and shown) with a problem


class Code(StrEnum):
    """What kind of problem. Stable: the JSON API gives these to programs."""

    REQUIRED = "required"
    UNKNOWN_FIELD = "unknown_field"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    NOT_YES_OR_NO = "not_yes_or_no"
    TOO_LOW = "too_low"
    TOO_HIGH = "too_high"
    OUT_OF_RANGE = "out_of_range"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    BAD_CHARACTERS = "bad_characters"
    BAD_DATE = "bad_date"
    BAD_DATE_TIME = "bad_date_time"
    BAD_TIME = "bad_time"
    NOT_A_CHOICE = "not_a_choice"
    WRONG_KIND = "wrong_kind"
    UNKNOWN_TEST = "unknown_test"
    UNKNOWN_MEASUREMENT = "unknown_measurement"
    UNKNOWN_QUESTION = "unknown_question"
    UNKNOWN_EXERCISE = "unknown_exercise"
    DUPLICATE = "duplicate"
    NOT_FOUND = "not_found"
    INVALID_JSON = "invalid_json"
    INCONSISTENT = "inconsistent"
    INVALID = "invalid"


@dataclass(frozen=True)
class Limits:
    """What is allowed: a range with its unit, a list of choices, or (rarely) a few words."""

    min: float | None = None
    max: float | None = None
    unit: str | None = None
    allowed: tuple[str, ...] = ()
    text: str | None = None

    def describe(self) -> str:
        """'0 to 10 points', 'exactly 10 sections', 'at most 5 activities', 'tape, phone', or the text."""
        if self.text:
            return f"{self.text} {self.unit}" if self.unit else self.text
        if self.allowed:
            return ", ".join(self.allowed)
        if self.min is None and self.max is None:
            return ""
        if self.min is not None and self.min == self.max:
            span = f"exactly {_num(self.min)}"
        elif self.min is not None and self.max is not None:
            span = f"{_num(self.min)} to {_num(self.max)}"
        elif self.min is not None:
            span = f"at least {_num(self.min)}"
        else:
            span = f"at most {_num(self.max)}"
        return f"{span} {self.unit}" if self.unit else span


def _num(x: float | None) -> str:
    return f"{x:g}" if x is not None else ""


def shown(value: object) -> str | None:
    """The given value as a person would have typed it, cut to GIVEN_MAX characters."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= GIVEN_MAX else text[: GIVEN_MAX - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``loc`` is a path into the input, e.g. ``("tests", "knee-to-wall", "left", "toe_to_wall_cm", 1)``
    (list positions count from 0, like the input's own lists); ``given`` is what was typed (shortened);
    ``note`` holds our own words for a problem no code describes well (it replaces the code's words).
    """

    loc: Loc
    code: Code
    given: str | None = None
    limits: Limits | None = None
    note: str | None = field(default=None)

    @staticmethod
    def of(
        loc: Loc, code: Code, given: object = None, limits: Limits | None = None, note: str | None = None
    ) -> Problem:
        return Problem(loc, code, shown(given), limits, note)

    @staticmethod
    def saying(
        loc: Loc | str, text: str, code: Code = Code.INVALID, limits: Limits | None = None, given: object = None
    ) -> Problem:
        """A problem told in our own words (for the rare case no code's words fit)."""
        return Problem((loc,) if isinstance(loc, str) else loc, code, shown(given), limits, text)

    @property
    def field(self) -> str:
        """The location as a dotted path, e.g. ``tests.knee-to-wall.left.toe_to_wall_cm.1``."""
        return ".".join(str(p) for p in self.loc) or "(top level)"

    @property
    def unit(self) -> str | None:
        return self.limits.unit if self.limits else None

    @property
    def message(self) -> str:
        return message(self)

    @property
    def allowed(self) -> str | None:
        return (self.limits.describe() or None) if self.limits else None

    def as_json(self) -> dict[str, object]:
        """The problem for a machine reader (the CLI's --json): the same fields as the API's entries."""
        lim = self.limits
        limits = (
            None if lim is None else {"min": lim.min, "max": lim.max, "unit": lim.unit, "allowed": list(lim.allowed)}
        )
        return {
            "location": list(self.loc),
            "field": self.field,
            "code": self.code.value,
            "message": self.message,
            "given": self.given,
            "limits": limits,
            "allowed": self.allowed,
        }

    def __str__(self) -> str:
        return with_allowed(f"{self.field}: {self.message}", self.allowed)


def _without_end(text: str) -> str:
    """``text`` without its trailing full stops and spaces ("..", ". ."): one full stop is put back."""
    end = len(text)
    while end and (text[end - 1] == "." or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def sentence(text: str) -> str:
    """``text`` ending in exactly one full stop (or its own ? or !): never "..", never ". ."."""
    text = _without_end(text)
    return text if not text or text.endswith(("?", "!")) else f"{text}."


def with_allowed(text: str, allowed: str | None) -> str:
    """A problem's words followed by what is allowed, every door the same way:
    "‘abc’ is not a number. Allowed: 0 to 10 points." — a single full stop before "Allowed" and at
    the end, whatever the words or the limits already ended with."""
    first = sentence(text)
    return f"{first} Allowed: {sentence(allowed.strip())}" if allowed and allowed.strip() else first


def _quoted(p: Problem) -> str:
    return f"‘{p.given}’" if p.given is not None else "this"


def _count(p: Problem, more: str) -> str:
    unit = p.limits.unit if p.limits and p.limits.unit else ""
    return f"{p.given} {unit} given: {more}".replace("  ", " ") if p.given is not None else more


# The words for each code when nothing was given (or nothing worth repeating) ...
_WORDS: dict[Code, str] = {
    Code.REQUIRED: "please fill this in",
    Code.UNKNOWN_FIELD: "this is not something Supple asks for",
    Code.NOT_A_NUMBER: "this is not a number",
    Code.NOT_A_WHOLE_NUMBER: "this is not a whole number",
    Code.NOT_YES_OR_NO: "please answer yes or no",
    Code.TOO_LOW: "this is too low",
    Code.TOO_HIGH: "this is too high",
    Code.OUT_OF_RANGE: "this is out of range",
    Code.TOO_SHORT: "this is too short",
    Code.TOO_LONG: "this is too long",
    Code.WRONG_KIND: "this is the wrong kind of answer here",
    Code.DUPLICATE: "this was entered twice",
    Code.INVALID_JSON: "this is not valid JSON",
    Code.INCONSISTENT: "this does not agree with the other answers",
    Code.INVALID: "this cannot be used",
}
# ... and with what was given: {q} is it in quotes, {g} as it was.
_WITH_GIVEN: dict[Code, str] = {
    Code.UNKNOWN_FIELD: "{q} is not something Supple asks for",
    Code.NOT_A_NUMBER: "{q} is not a number",
    Code.NOT_A_WHOLE_NUMBER: "{q} is not a whole number",
    Code.NOT_YES_OR_NO: "{q} is not yes or no",
    Code.TOO_LOW: "{g} is too low",
    Code.TOO_HIGH: "{g} is too high",
    Code.OUT_OF_RANGE: "{g} is outside the possible range",
    Code.BAD_CHARACTERS: "{q} has characters that cannot be used",
    Code.BAD_DATE: "{q} is not a date (write it like 2026-03-01)",
    Code.BAD_DATE_TIME: "{q} is not a date and time (write it like 2026-03-01T08:30)",
    Code.BAD_TIME: "{q} is not a time of day",
    Code.NOT_A_CHOICE: "{q} is not one of the choices",
    Code.UNKNOWN_TEST: "{q} is not a test Supple knows",
    Code.UNKNOWN_MEASUREMENT: "{q} is not a measurement of this test",
    Code.UNKNOWN_QUESTION: "{q} is not a question Supple asks",
    Code.UNKNOWN_EXERCISE: "{q} is not an exercise in the library",
    Code.NOT_FOUND: "{q} was not found",
}


def message(p: Problem) -> str:
    """The problem in plain words, without the field's name (each door names the field its own way)."""
    if p.note:
        return p.note
    if p.code is Code.REQUIRED and p.limits is not None and p.limits.allowed == ("yes", "no"):
        return "please answer yes or no"
    if p.code in (Code.TOO_FEW, Code.TOO_MANY):
        return _count(p, "too few" if p.code is Code.TOO_FEW else "too many")
    if p.given is not None and p.code in _WITH_GIVEN:
        return _WITH_GIVEN[p.code].format(q=_quoted(p), g=p.given)
    return _WORDS.get(p.code, f"{_quoted(p)} cannot be used")


def first_per_place(problems: list[Problem]) -> list[Problem]:
    """One problem per location (the first one found), in order: later checks of a value already
    refused (a word where a number goes is also 'not a number' to the range check) add nothing."""
    seen: set[Loc] = set()
    out = []
    for p in problems:
        if p.loc not in seen:
            seen.add(p.loc)
            out.append(p)
    return out
