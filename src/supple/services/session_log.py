"""Reading a session log: every problem with it in one round (the shape, the exercises, the short
screen's answers). Pure: no store, so the JSON API's problem listing and the logging use case share it."""

from __future__ import annotations

from typing import Any

from supple.catalogue.catalogue import Catalogue
from supple.domain.screening import ScreenKind, follow_ups, questions_for, validate_answers
from supple.problems import Code, Limits, Problem, first_per_place
from supple.services.inputs import SessionLogIn, collect


def read_log(catalogue: Catalogue, data: Any) -> tuple[SessionLogIn | None, list[Problem]]:
    """The log and every problem with it in one round: the shape, the exercises and the screen's answers."""
    inp, problems = collect(SessionLogIn, data)
    if inp is not None:
        problems += _item_problems(catalogue, inp)
    screen = data.get("screen") if isinstance(data, dict) else None
    return inp, first_per_place(_screen_problems(catalogue, screen) + problems)


def _screen_problems(catalogue: Catalogue, screen: object) -> list[Problem]:
    if not isinstance(screen, dict):
        return []
    asked = questions_for(ScreenKind.SESSION, catalogue.safety)
    _, problems = validate_answers(screen, [q.id for q in asked], "screen", follow_ups(asked))
    return problems


def _item_problems(catalogue: Catalogue, inp: SessionLogIn) -> list[Problem]:
    return (
        [
            Problem.of(
                ("items", i, "exercise"),
                Code.UNKNOWN_EXERCISE,
                it.exercise,
                Limits(text="an exercise id from the library"),
            )
            for i, it in enumerate(inp.items)
            if it.exercise not in catalogue.exercises
        ]
        + [
            Problem.saying(
                ("items", i, "pain_during"), "needed for a completed exercise", Code.REQUIRED, Limits(0, 10, "points")
            )
            for i, it in enumerate(inp.items)
            if it.completed and it.pain_during is None
        ]
        + (
            []
            if any(it.completed for it in inp.items)
            else [
                Problem.saying(
                    "items",
                    "no exercise was done, so there is no session to record",
                    limits=Limits(text="at least one done"),
                )
            ]
        )
    )
