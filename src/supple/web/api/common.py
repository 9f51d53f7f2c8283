"""Shared bits of the API: the problem responses every route declares."""

from __future__ import annotations

from typing import Any

from supple.web.problems import ProblemDetail

PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"model": ProblemDetail, "description": "The body could not be read: send UTF-8 JSON"},
    403: {"model": ProblemDetail, "description": "Stopped for safety: the profile is locked or paused"},
    404: {"model": ProblemDetail, "description": "No such profile or item"},
    409: {"model": ProblemDetail, "description": "Conflict, or a step that must come first is missing"},
    422: {"model": ProblemDetail, "description": "Invalid input: each problem names the field, range and unit"},
}


PROBLEM_JSON = "application/problem+json"
_PROBLEM_SCHEMAS = ("#/components/schemas/ProblemDetail", "#/components/schemas/HTTPValidationError")


def problem_media_types(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every error answer under the media type the API really sends,
    ``application/problem+json`` with the ProblemDetail schema (FastAPI writes ``application/json``,
    and for routes that declare no problems its own validation-error shape, which the API never sends)."""
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            for code, answer in operation.get("responses", {}).items():
                content = answer.get("content", {}) if str(code)[:1] in ("4", "5") else {}
                schema = content.get("application/json", {}).get("schema", {})
                if schema.get("$ref") in _PROBLEM_SCHEMAS:
                    del content["application/json"]
                    content[PROBLEM_JSON] = {"schema": {"$ref": _PROBLEM_SCHEMAS[0]}}
    schemas = spec.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and f"'#/components/schemas/{unused}'" not in str(spec.get("paths")):
            del schemas[unused]
    return spec
