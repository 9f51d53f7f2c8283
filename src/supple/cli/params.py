"""Option types whose refusals name the field, what is allowed and its unit (click's own say only
"'abc' is not a valid float"). Only click and ``supple.problems`` are imported: help stays fast."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

from supple.problems import Code, Limits, Problem, with_allowed

if TYPE_CHECKING:
    FloatParam = click.ParamType[float]  # generic from click 8.2; a plain class before
else:
    FloatParam = click.ParamType


class Number(FloatParam):
    """A number for an option, e.g. ``--level``: a word (or nan/inf) is refused with the field's name,
    the allowed range and its unit. The range itself is checked by the use case, the same for every door."""

    name = "number"

    def __init__(self, field: str, low: float, high: float, unit: str) -> None:
        self.field = field
        self.limits = Limits(low, high, unit)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:  # noqa: ARG002
        return f"{self.limits.min:g}..{self.limits.max:g}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float | int) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
        try:
            number = float(str(value).strip())
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            p = Problem.of((self.field,), Code.NOT_A_NUMBER, value, self.limits)
            self.fail(with_allowed(p.message, p.allowed), param, ctx)  # click names the option first
        return number
