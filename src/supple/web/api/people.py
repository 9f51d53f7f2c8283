"""Profiles, the safety screen, clearance, baseline and questionnaires."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from supple.domain.questionnaires import QuestionnaireScore
from supple.domain.screening import ScreenOutcome
from supple.services import outcomes, profiles, screening
from supple.services.inputs import BaselineIn, ProfileIn, QuestionnaireIn, ScreenIn, SettingsIn
from supple.services.outcomes import PainRecord
from supple.services.profiles import ProfileView
from supple.web.api.common import PROBLEMS
from supple.web.deps import AppDep, ProfileDep

router = APIRouter(tags=["people"], responses=PROBLEMS)


class KnownSymptomIn(BaseModel):
    question: str = Field(max_length=60, description="the safety question id the stable symptom belongs to")
    what: str = Field(max_length=120, description="what the symptom is, in the person's words")
    since: str = Field(max_length=40, description="since when, e.g. '2019'")


class ClearanceIn(BaseModel):
    clinician: str = Field(min_length=3, max_length=120, description="who cleared the person to exercise again")
    seen_on: date = Field(description="the day the clinician saw the person (YYYY-MM-DD, not in the future)")
    known: list[KnownSymptomIn] = Field(
        default=[], max_length=10, description="known, stable symptoms the clinician checked"
    )


@router.get("/profiles", response_model=list[ProfileView], summary="List the profiles in this store")
def list_profiles(app: AppDep) -> list[ProfileView]:
    return profiles.list_all(app)


@router.post("/profiles", response_model=ProfileView, status_code=status.HTTP_201_CREATED, summary="Create a profile")
def create_profile(app: AppDep, body: ProfileIn) -> ProfileView:
    return profiles.create(app, body)


@router.get("/profiles/{name}", response_model=ProfileView, summary="One profile, with its settings and lock status")
def get_profile(view: ProfileDep) -> ProfileView:
    return view


class DeletedOut(BaseModel):
    name: str
    files: int = Field(description="kept camera pictures deleted with the records")


@router.delete(
    "/profiles/{name}",
    response_model=DeletedOut,
    summary="Delete a profile and every record of it, for good; `confirm` must repeat its name",
)
def delete_profile(app: AppDep, name: str, confirm: Annotated[str, Query(max_length=80)] = "") -> DeletedOut:
    done = profiles.delete(app, name, confirm, app.settings.data_dir)
    return DeletedOut(name=done.name, files=done.files)


@router.patch("/profiles/{name}/settings", response_model=ProfileView, summary="Change the routine's constraints")
def update_settings(app: AppDep, name: str, body: SettingsIn) -> ProfileView:
    return profiles.update_settings(app, name, body)


@router.post("/profiles/{name}/clearance", response_model=ProfileView, summary="Record a clinician's clearance")
def clear(app: AppDep, name: str, body: ClearanceIn) -> ProfileView:
    known = [k.model_dump() for k in body.known]
    return profiles.record_clearance(app, name, body.clinician, known=known, seen_on=body.seen_on)


@router.post(
    "/profiles/{name}/screenings",
    response_model=ScreenOutcome,
    summary="Take the full safety screen",
    description="Always 200 when the answers are valid; `blocks: true` means the program is now locked.",
)
def take_screen(app: AppDep, name: str, body: ScreenIn) -> ScreenOutcome:
    return screening.run_full_screen(app, name, body.model_dump())


@router.post(
    "/profiles/{name}/pain",
    response_model=PainRecord,
    status_code=status.HTTP_201_CREATED,
    summary="Record pain and the functional scale (the first one is the baseline)",
)
def record_pain(app: AppDep, name: str, body: BaselineIn) -> PainRecord:
    return outcomes.record_pain_and_function(app, name, body)


@router.post(
    "/profiles/{name}/questionnaires",
    response_model=QuestionnaireScore,
    status_code=status.HTTP_201_CREATED,
    summary="Score STarT Back, ODI or Roland-Morris answers entered by a clinician",
)
def score_questionnaire(app: AppDep, name: str, body: QuestionnaireIn) -> QuestionnaireScore:
    return outcomes.record_questionnaire(app, name, body)
