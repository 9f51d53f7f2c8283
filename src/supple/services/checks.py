"""Every problem with an input in one round, for a door that validated the shape itself first.

The JSON API lets the web framework read the body into the input model; when that fails, the
framework stops at the shape. This asks the use case's own reader for everything else it would
refuse (an unknown test id, a question Supple does not ask) in the same body, without writing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from supple.catalogue.catalogue import Catalogue
from supple.domain.screening import ScreenKind, follow_ups, questions_for, validate_answers
from supple.problems import Problem, first_per_place
from supple.services import assessments, profiles
from supple.services.inputs import AssessmentIn, ProfileIn, ScreenIn, SessionLogIn, SessionScreenIn, collect
from supple.services.session_log import read_log


def all_problems(
    catalogue: Catalogue | None, model: type[BaseModel], data: Any, year: int | None = None
) -> list[Problem]:
    """``year``: this year by the app's clock (the range of a year of birth)."""
    if model is ProfileIn:
        adult = catalogue.safety.adult_age.years if catalogue is not None else None
        return profiles.profile_problems(data, year if year is not None else date.today().year, adult)[1]
    if catalogue is None:
        return collect(model, data)[1]
    if model is AssessmentIn:
        return assessments.read(catalogue, data)[2]
    if model is SessionLogIn:
        return read_log(catalogue, data)[1]
    if model in (ScreenIn, SessionScreenIn):
        return _screen_problems(catalogue, model, data)
    return collect(model, data)[1]


def _screen_problems(catalogue: Catalogue, model: type[BaseModel], data: Any) -> list[Problem]:
    read, problems = collect(model, data)
    kind = ScreenKind.FULL if model is ScreenIn else ScreenKind.SESSION
    asked = questions_for(kind, catalogue.safety)
    sections: dict[str, tuple[list[str], dict[str, str] | None]] = {
        "red_flags": ([q.id for q in asked], follow_ups(asked)),
    }
    if kind is ScreenKind.FULL:
        sections["conditions"] = ([c.id.value for c in catalogue.safety.condition_questions], None)
        sections["yellow_flags"] = ([q.id for q in catalogue.yellow_flags.questions], None)
    for section, (expected, follows) in sections.items():
        answers = getattr(read, section, None) if read is not None else None
        if answers is None and isinstance(data, dict) and isinstance(data.get(section), dict):
            answers = {k: v for k, v in data[section].items() if isinstance(v, bool | str | None)}
        problems += validate_answers(answers or {}, expected, section, follows)[1]
    return first_per_place(problems)
