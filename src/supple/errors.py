"""One error tree for the whole program.

Each error carries a stable ``code``, an HTTP status for the web doors and an exit code for
the CLI. Expected conditions (bad input, a locked profile, a missing record) are raised as
these and rendered once per door; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from supple.problems import Code, Limits, Problem

__all__ = [
    "CatalogueInvalid",
    "Code",
    "Conflict",
    "InvalidInput",
    "Limits",
    "NoSuchProfile",
    "NotFound",
    "NotYet",
    "PreconditionMissing",
    "Problem",
    "ProfileNotChosen",
    "SafetyStop",
    "SafetyStopDetail",
    "SuppleError",
]


class SuppleError(Exception):
    code = "error"
    http_status = 400
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(SuppleError):
    """Input was rejected; nothing was written."""

    code = "invalid-input"
    http_status = 422
    exit_code = 2

    def __init__(self, problems: list[Problem], message: str = "The input has problems") -> None:
        super().__init__(message)
        self.problems = problems

    def __str__(self) -> str:
        lines = [f"{self.message}:"] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class NotFound(SuppleError):
    code = "not-found"
    http_status = 404
    exit_code = 2


class NoSuchProfile(NotFound):
    """A profile was named that the store does not hold; ``names`` are the ones it does."""

    def __init__(self, message: str, names: list[str]) -> None:
        super().__init__(message)
        self.names = names


class ProfileNotChosen(InvalidInput):
    """The store holds several profiles and none was named; ``names`` are the choices."""

    def __init__(self, problems: list[Problem], names: list[str]) -> None:
        super().__init__(problems)
        self.names = names


class Conflict(SuppleError):
    code = "conflict"
    http_status = 409
    exit_code = 2


class NotYet(Conflict):
    """Too early for this step (the next-morning check-in); ``opens_at`` says when it opens."""

    code = "not-yet"

    def __init__(self, message: str, opens_at: datetime) -> None:
        super().__init__(message)
        self.opens_at = opens_at


class PreconditionMissing(SuppleError):
    """A step the use case depends on has not been done yet (e.g. no screen, no tests).

    ``step`` names that step (see supple.services.home.Step) so each door can point to it its own way.
    """

    code = "precondition-missing"
    http_status = 409
    exit_code = 1  # something Supple cannot do yet, not invalid input (2): the README's exit-code table

    def __init__(self, message: str, step: str | None = None) -> None:
        super().__init__(message)
        self.step = step


@dataclass
class SafetyStopDetail:
    heading: str
    advice: str
    reasons: list[str] = field(default_factory=list)


class SafetyStop(SuppleError):
    """The program must not continue for safety reasons."""

    code = "safety-stop"
    http_status = 403
    exit_code = 3

    def __init__(self, detail: SafetyStopDetail) -> None:
        super().__init__(detail.heading)
        self.detail = detail


class CatalogueInvalid(SuppleError):
    """A data file is malformed: start-up stops and names the file and the field."""

    code = "catalogue-invalid"
    http_status = 500
    exit_code = 1
