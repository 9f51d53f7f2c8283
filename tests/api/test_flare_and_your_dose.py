"""The session-saved page names a flare-up and what to do next; the exercise page shows 'Your dose'."""

from __future__ import annotations

from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.services import assessments, outcomes, profiles, routine, screening, sessions
from supple.services.inputs import ProfileIn, parse
from tests import factories as f


def _ann(app: App, client: TestClient) -> list[str]:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970, "sex": "female"}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    outcomes.record_pain_and_function(app, "Ann", f.baseline_in())
    assessments.record(app, "Ann", f.stiff_person_tests())
    client.get("/p/Ann/")  # the page remembers the person
    return [i.exercise_id for i in routine.current(app, "Ann").routine.items]


def test_a_session_whose_pain_went_past_5_names_a_flare_and_what_to_do(app: App, client: TestClient) -> None:
    ids = _ann(app, client)
    result = sessions.log_session(app, "Ann", f.session_log(ids, pain_during=7, pain_before=3))
    page = client.get(f"/p/Ann/session/{result.session_id}/done").text
    assert 'data-testid="flare"' in page
    assert "flare-up: your pain went above 5 out of 10" in page
    assert "rest from them" in page


def test_a_calm_session_names_no_flare(app: App, client: TestClient) -> None:
    ids = _ann(app, client)
    result = sessions.log_session(app, "Ann", f.session_log(ids, pain_during=1, pain_before=3))
    assert 'data-testid="flare"' not in client.get(f"/p/Ann/session/{result.session_id}/done").text


def test_the_exercise_page_shows_your_dose_near_the_top(app: App, client: TestClient) -> None:
    _ann(app, client)
    page = client.get("/exercises/half-kneeling-hip-flexor-stretch").text
    assert 'data-testid="your-dose"' in page
    assert "2 × 30 s hold each side" in page.split('data-testid="your-dose"', 1)[1][:200]
    assert page.index('data-testid="your-dose"') < page.index('data-testid="steps"')
