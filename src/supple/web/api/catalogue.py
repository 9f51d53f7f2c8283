"""The catalogue: exercises (with search and filters), tests, questions and education."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from supple.catalogue.rules import Question
from supple.catalogue.schema import EducationText, Exercise, TestDefinition
from supple.errors import NotFound
from supple.services.library import ExerciseFilter, search_exercises
from supple.web.api.common import PROBLEMS
from supple.web.deps import AppDep

router = APIRouter(tags=["catalogue"], responses=PROBLEMS)


@router.get("/exercises", response_model=list[Exercise], summary="Search and filter the exercise library")
def list_exercises(
    app: AppDep,
    q: str | None = Query(default=None, max_length=100, description="words to look for"),
    region: Literal["thoracic", "ankle", "hip"] | None = None,
    equipment: str | None = Query(default=None, max_length=40, description="e.g. foam_roller, band, chair, none"),
    position: Literal["floor", "kneeling", "standing", "chair"] | None = None,
    floor: bool | None = Query(default=None, description="false: only exercises that do not need the floor"),
) -> list[Exercise]:
    return search_exercises(app.catalogue, ExerciseFilter(q, region, equipment, position, floor))


@router.get("/exercises/{exercise_id}", response_model=Exercise, summary="One exercise in full")
def get_exercise(app: AppDep, exercise_id: str) -> Exercise:
    ex = app.catalogue.exercises.get(exercise_id)
    if ex is None:
        raise NotFound(f"No exercise '{exercise_id}'.")
    return ex


@router.get("/tests", response_model=list[TestDefinition], summary="The self-tests, in order")
def list_tests(app: AppDep) -> list[TestDefinition]:
    return list(app.catalogue.tests.values())


@router.get("/tests/{test_id}", response_model=TestDefinition, summary="One self-test with steps, units and ranges")
def get_test(app: AppDep, test_id: str) -> TestDefinition:
    test = app.catalogue.tests.get(test_id)
    if test is None:
        raise NotFound(f"No test '{test_id}'.")
    return test


@router.get("/screen-questions", response_model=list[Question], summary="Safety questions (full or before a session)")
def screen_questions(app: AppDep, kind: Literal["full", "session"] = "full") -> list[Question]:
    from supple.domain.screening import ScreenKind, questions_for

    return questions_for(ScreenKind(kind), app.catalogue.safety)


@router.get("/education", response_model=list[EducationText], summary="Education texts (both tones)")
def education(app: AppDep) -> list[EducationText]:
    return list(app.catalogue.education.values())
