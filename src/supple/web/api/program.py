"""Tests, results, routine, sessions, check-ins and progress."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, TypeAdapter

from supple.domain.assessment import AssessmentResult
from supple.domain.screening import ScreenOutcome
from supple.services import assessments, progress, routine, session_screens, sessions
from supple.services.assessments import RecordedAssessment
from supple.services.inputs import AssessmentIn, CheckinIn, SessionLogIn, SessionScreenIn
from supple.services.progress import ProgressReport
from supple.services.routine import RoutineView
from supple.services.sessions import SessionResult
from supple.web.api.common import PROBLEMS
from supple.web.deps import AppDep, cached_body

router = APIRouter(tags=["program"], responses=PROBLEMS)


class ShortScreenResult(BaseModel):
    outcome: ScreenOutcome
    screening_id: int


@router.post(
    "/profiles/{name}/assessments",
    response_model=RecordedAssessment,
    status_code=status.HTTP_201_CREATED,
    summary="Record self-test results (same-day results are merged)",
)
def record_assessment(app: AppDep, name: str, body: AssessmentIn) -> RecordedAssessment:
    return assessments.record(app, name, body.model_dump(mode="json", exclude_none=True))


@router.get(
    "/profiles/{name}/results",
    response_model=AssessmentResult | None,
    summary="Current results: the latest value of every test, classified",
)
def results(app: AppDep, name: str) -> AssessmentResult | None:
    return assessments.current(app, name)


@router.get(
    "/profiles/{name}/routine", response_model=RoutineView, summary="Today's routine, each item with its reason"
)
async def get_routine(app: AppDep, name: str) -> Response:
    def build() -> bytes:
        key, view = routine.current_keyed(app, name)
        return app.cache.get_or_build(("json", *key), lambda: _ROUTINE_JSON.dump_json(view))

    return Response(
        await cached_body(app, "json", lambda: routine.cache_key(app, name), build), media_type="application/json"
    )


_ROUTINE_JSON = TypeAdapter(RoutineView)


@router.post(
    "/profiles/{name}/session-screenings",
    response_model=ShortScreenResult,
    summary="The short safety screen before a session",
)
def short_screen(app: AppDep, name: str, body: SessionScreenIn) -> ShortScreenResult:
    outcome, screening_id = session_screens.pre_session_screen(app, name, body.red_flags)
    return ShortScreenResult(outcome=outcome, screening_id=screening_id)


@router.post(
    "/profiles/{name}/sessions",
    response_model=SessionResult,
    status_code=status.HTTP_201_CREATED,
    summary="Log a session: pain before, during each exercise, after",
)
def log_session(app: AppDep, name: str, body: SessionLogIn) -> SessionResult:
    return sessions.log_session(app, name, body.model_dump(mode="json", exclude_none=True))


@router.post(
    "/profiles/{name}/checkins",
    response_model=SessionResult,
    status_code=status.HTTP_201_CREATED,
    summary="Next-morning check-in: settles the traffic light of the last session",
)
def checkin(app: AppDep, name: str, body: CheckinIn) -> SessionResult:
    """Counts only from the next morning (rules: progression.yaml ``checkin_opens``): before that it is
    refused with a 409 problem (``/problems/not-yet``) whose ``opens_at`` says when it opens, unless it
    reports nerve symptoms, which settle the session at once."""
    return sessions.checkin(app, name, body)


@router.get(
    "/profiles/{name}/progress",
    response_model=ProgressReport,
    summary="Every test and pain score against baseline, with real-change verdicts",
)
def get_progress(app: AppDep, name: str) -> ProgressReport:
    return progress.report(app, name)
