"""Pydantic's validation errors as :class:`~supple.problems.Problem` values — the one mapping.

Pydantic gives each error a ``type``, a ``loc`` and a ``ctx``; we map the type to our code, clean the
location (no union-member tags such as ``function-before[...]`` or ``str``), and take the limits
from the error's context or, failing that, from the field declared in the input model (its ge/le,
its unit in ``json_schema_extra`` and, for enums and literals, its choices).
"""

from __future__ import annotations

import enum
import math
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from supple.problems import Code, Limits, Loc, Problem, shown

_CODES: dict[str, Code] = {
    "missing": Code.REQUIRED,
    "extra_forbidden": Code.UNKNOWN_FIELD,
    "int_parsing": Code.NOT_A_WHOLE_NUMBER,
    "int_type": Code.NOT_A_WHOLE_NUMBER,
    "int_from_float": Code.NOT_A_WHOLE_NUMBER,
    "float_parsing": Code.NOT_A_NUMBER,
    "float_type": Code.NOT_A_NUMBER,
    "finite_number": Code.NOT_A_NUMBER,
    "decimal_parsing": Code.NOT_A_NUMBER,
    "bool_parsing": Code.NOT_YES_OR_NO,
    "bool_type": Code.NOT_YES_OR_NO,
    "less_than_equal": Code.TOO_HIGH,
    "less_than": Code.TOO_HIGH,
    "greater_than_equal": Code.TOO_LOW,
    "greater_than": Code.TOO_LOW,
    "string_too_short": Code.TOO_SHORT,
    "string_too_long": Code.TOO_LONG,
    "too_short": Code.TOO_FEW,
    "too_long": Code.TOO_MANY,
    "string_pattern_mismatch": Code.BAD_CHARACTERS,
    "enum": Code.NOT_A_CHOICE,
    "literal_error": Code.NOT_A_CHOICE,
    "json_invalid": Code.INVALID_JSON,
    "string_type": Code.WRONG_KIND,
    "dict_type": Code.WRONG_KIND,
    "list_type": Code.WRONG_KIND,
    "model_type": Code.WRONG_KIND,
    "model_attributes_type": Code.WRONG_KIND,
}
_PREFIX_CODES = (("date", Code.BAD_DATE), ("datetime", Code.BAD_DATE_TIME), ("time", Code.BAD_TIME))
_TRANSPORT = ("body", "query", "path")  # FastAPI's first loc part, not part of the input


def code_for(kind: str) -> Code:
    if kind in _CODES:
        return _CODES[kind]
    if kind in Code._value2member_map_:  # our own validators raise PydanticCustomError(code.value, ...)
        return Code(kind)
    for start, code in _PREFIX_CODES:
        if kind.startswith(start + "_"):
            return code
    return Code.INVALID


def to_problem(e: Any, model: type[BaseModel] | None, data: Any, prefix: Loc = ()) -> Problem:
    loc = clean_loc(tuple(e["loc"]), data, e["type"])
    code = code_for(e["type"])
    ctx = e.get("ctx") or {}
    given = None if code in (Code.REQUIRED, Code.WRONG_KIND) else e.get("input")
    if code is Code.UNKNOWN_FIELD and loc:
        given = loc[-1]
    elif code in (Code.TOO_FEW, Code.TOO_MANY):
        given = ctx.get("actual_length")
    elif isinstance(given, dict | list):
        given = None
    if code is Code.TOO_SHORT and (given is None or not str(given).strip()):
        code, given = Code.REQUIRED, None
    if code in (Code.NOT_A_NUMBER, Code.NOT_A_WHOLE_NUMBER) and isinstance(given, str) and not given.strip():
        code, given = Code.REQUIRED, None  # an empty box is not filled in, rather than "‘’ is not a number"
    # A model validator's own words (ours, never pydantic's) say what an inconsistency is.
    # Our own validators' words (never pydantic's) say what they refused, except for plain "not a number".
    ours = e["type"] in Code._value2member_map_ and code is not Code.NOT_A_NUMBER
    note = str(e["msg"]) if ours else None
    if e["type"] == "value_error" and ctx.get("error") is not None:  # our own validators' words
        note = str(ctx["error"])
    if code is Code.INVALID and note is None:
        note = "this cannot be used here"
    return Problem(prefix + loc, code, shown(given), limits_for(model, loc, ctx, code), note)


def clean_loc(loc: Loc, data: Any, kind: str) -> Loc:
    """The path into the input: without FastAPI's 'body' and without pydantic's union-member tags."""
    if loc and loc[0] in _TRANSPORT:
        loc = loc[1:]
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if _has(node, part):
            out.append(part)
            node = node[part]
        elif last and kind in ("missing", "extra_forbidden"):
            out.append(part)
        elif not _looks_like_tag(part):
            out.append(part)
            node = None
    return tuple(out)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _looks_like_tag(part: str | int) -> bool:
    return isinstance(part, str) and (
        "[" in part or part in ("str", "int", "float", "bool", "list", "dict", "none", "constrained-str")
    )


def limits_for(model: type[BaseModel] | None, loc: Loc, ctx: dict[str, Any], code: Code) -> Limits | None:
    if code in (Code.UNKNOWN_FIELD, Code.WRONG_KIND, Code.INVALID_JSON, Code.BAD_CHARACTERS):
        return None
    lo, hi, unit, choices = declared(model, loc)
    lo = ctx.get("ge", ctx.get("gt", lo))
    hi = ctx.get("le", ctx.get("lt", hi))
    if code in (Code.TOO_SHORT, Code.TOO_LONG, Code.TOO_FEW, Code.TOO_MANY):
        lo, hi = ctx.get("min_length"), ctx.get("max_length")
        if code in (Code.TOO_SHORT, Code.TOO_LONG):
            unit = "characters"
    if code is Code.NOT_YES_OR_NO:
        choices = ("yes", "no")
    if choices:
        return Limits(allowed=choices)
    if lo is None and hi is None:
        return None
    return Limits(
        min=_finite(lo), max=_finite(hi), unit=unit if code not in (Code.TOO_FEW, Code.TOO_MANY) else unit or None
    )


def _finite(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and math.isfinite(x) else None


def declared(model: type[BaseModel] | None, loc: Loc) -> tuple[Any, Any, str | None, tuple[str, ...]]:
    """The ge/le, unit and choices declared for the field at ``loc`` in ``model`` (walking nested
    models, dicts and lists)."""
    lo = hi = unit = None
    choices: tuple[str, ...] = ()
    annotation: Any = model
    metadata: list[Any] = []
    for part in loc:
        annotation, extra = _strip(annotation)
        metadata = extra
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            if info is None:
                return None, None, None, ()
            annotation, metadata = info.annotation, [info, *info.metadata]
            continue
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin is dict and args:
            annotation, metadata = args[1], []
        elif origin is list and args:
            annotation, metadata = args[0], []
        else:
            return None, None, None, ()
    raw = annotation
    while typing.get_origin(raw) is typing.Annotated:
        raw = typing.get_args(raw)[0]
    # One choice or a mapping of choices (a method, or one method per measurement): the choices count.
    union = typing.get_args(raw) if typing.get_origin(raw) in (typing.Union, types.UnionType) else ()
    enums = [m for m in union if isinstance(m, type) and issubclass(m, enum.Enum)]
    annotation, extra = _strip(annotation)
    flat = [*metadata, *extra]
    flat += [m for meta in flat if isinstance(meta, FieldInfo) for m in meta.metadata]
    for meta in flat:
        lo = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else lo
        hi = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else hi
        if isinstance(meta, FieldInfo) and isinstance(meta.json_schema_extra, dict):
            unit = str(meta.json_schema_extra.get("unit", unit)) if "unit" in meta.json_schema_extra else unit
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        choices = tuple(str(m.value) for m in annotation)
    elif enums:
        choices = tuple(str(m.value) for m in enums[0])
    elif typing.get_origin(annotation) is typing.Literal:
        choices = tuple(str(a) for a in typing.get_args(annotation))
    return lo, hi, unit, choices


def _strip(annotation: Any) -> tuple[Any, list[Any]]:
    """Annotated[...] and Optional[...] removed; the Annotated metadata kept."""
    metadata: list[Any] = []
    for _ in range(4):
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *more = typing.get_args(annotation)
            metadata += more
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                containers = [a for a in members if typing.get_origin(a) in (dict, list) or _is_model(a)]
                members = containers[-1:] or members[:1]
            annotation = members[0]
        else:
            break
    return annotation, metadata


def _is_model(a: Any) -> bool:
    return isinstance(a, type) and issubclass(a, BaseModel)


def placeholder(model: type[BaseModel] | None, data: Any, loc: Loc) -> bool:
    """Put a harmless stand-in (the lowest allowed number, or the first choice) where a refused,
    required value was taken out, so the rest of the input can still be checked. Never saved: the
    input has problems, so it is refused anyway. True if one was put in."""
    lo, _, _, choices = declared(model, loc)
    value = lo if isinstance(lo, int | float) else (choices[0] if choices else None)
    node = data
    for part in loc[:-1]:
        if not _has(node, part):
            return False
        node = node[part]
    if value is None or not isinstance(node, dict) or loc[-1] in node:
        return False
    node[loc[-1]] = value
    return True


def prune(data: Any, loc: Loc) -> bool:
    """Take the refused value at ``loc`` out of ``data`` (in place) so the rest can be checked: a list
    item becomes NaN (positions stay the same), a mapping entry is removed. True if anything changed."""
    if not loc:
        return False
    node = data
    for part in loc[:-1]:
        if _has(node, part):
            node = node[part]
        else:
            return False
    last = loc[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    if isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        if isinstance(node[last], float) and math.isnan(node[last]):
            return False
        node[last] = math.nan
        return True
    return False
