"""Shared bits of the API: the problem responses every route declares."""

from __future__ import annotations

from typing import Any

from supple.web.problems import ProblemDetail

PROBLEMS: dict[int | str, dict[str, Any]] = {
    403: {"model": ProblemDetail, "description": "Stopped for safety: the profile is locked or paused"},
    404: {"model": ProblemDetail, "description": "No such profile or item"},
    409: {"model": ProblemDetail, "description": "Conflict, or a step that must come first is missing"},
    422: {"model": ProblemDetail, "description": "Invalid input: each problem names the field, range and unit"},
}
