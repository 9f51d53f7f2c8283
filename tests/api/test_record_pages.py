"""The pages that show what a form saved (the safety screen's outcome, the session's result, the
check-in's result) are addressed by the stored record and read it back: a new server process on the
same store (a restart, another worker) shows the same words, and another profile's record is not found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from supple.bootstrap import App
from supple.catalogue.schema import Condition
from supple.db.engine import make_engine, session_factory
from supple.web.app import create_app
from tests import factories as f
from tests.factories import SAME_ORIGIN

API = "/api/v1"
# Five of the inflammatory-pattern answers: a "see your doctor" outcome that does not stop the program.
INFLAMMATORY = (
    "pain-over-3-months",
    "onset-before-40",
    "gradual-onset",
    "better-with-exercise",
    "not-better-with-rest",
)


@contextmanager
def _restarted(app: App) -> Iterator[TestClient]:
    """A new app on the same store: a new engine, a new web app, nothing shared with the first but the file."""
    engine = make_engine(app.engine.url.render_as_string(hide_password=False))
    again = App(app.settings, engine, session_factory(engine), app.catalogue, app.clock)
    try:
        with TestClient(create_app(again), headers=SAME_ORIGIN) as client:
            yield client
    finally:
        engine.dispose()


def _main(html: str) -> str:
    """The page's own content (the part between <main> and </main>), without the per-start form token."""
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found is not None, html[:500]
    return re.sub(r'name="csrf_token" value="[^"]*"', "", found.group(0))


def _profile(client: TestClient, name: str) -> None:
    assert client.post(f"{API}/profiles", json={"name": name, "birth_year": 1970}).status_code == 201


def _ready(client: TestClient, name: str) -> None:
    _profile(client, name)
    assert client.post(f"{API}/profiles/{name}/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/{name}/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/{name}/assessments", json=f.stiff_person_tests()).status_code == 201


def _log_session(client: TestClient, name: str, nerve: str = "no") -> str:
    """The one-screen log of a session as the page sends it; the address the page redirects to."""
    short = client.post(f"{API}/profiles/{name}/session-screenings", json={"red_flags": f.short_screen()}).json()
    items = [i["exercise_id"] for i in client.get(f"{API}/profiles/{name}/routine").json()["routine"]["items"]]
    form = {
        "screening_id": str(short["screening_id"]),
        "pain_before": "3",
        "pain_during": "2",
        "pain_after": "3",
        "nerve": nerve,
    }
    for i, ex in enumerate(items):
        form[f"item-{i}-exercise"] = ex
        form[f"item-{i}-done"] = "yes"
    r = client.post(f"/p/{name}/session/log", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return str(r.headers["location"])


def _checkin(client: TestClient, name: str, clock: f.Clock, pain: str = "2") -> str:
    clock.advance(hours=22)  # the check-in opens the next morning
    r = client.post(f"/p/{name}/checkin", data={"pain": pain, "nerve_symptoms": "no"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return str(r.headers["location"])


def test_the_screen_outcome_is_read_back_from_the_stored_screen_after_a_restart(app: App, client: TestClient) -> None:
    _profile(client, "Ann")
    answers = f.screen_answers(yes=INFLAMMATORY, conditions=("osteoporosis",))
    form = {
        f"{section}.{qid}": "yes" if value else "no"
        for section, given in answers.items()
        for qid, value in given.items()
    }
    form |= {f"yellow_flags.{q.id}": "yes" for q in app.catalogue.yellow_flags.questions}
    r = client.post("/p/Ann/screen", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[:800]
    where = r.headers["location"]
    assert re.fullmatch(r"/p/Ann/screen/\d+/done", where)
    first = client.get(where)
    assert first.status_code == 200
    page = _main(first.text)
    rule = next(r for r in app.catalogue.safety.rules if r.id == "inflammatory")
    assert rule.message in page  # why: the rule this screen triggered
    action = app.catalogue.safety.actions[rule.action]
    assert action.heading in page  # what it means and what to do, in the action's words
    assert action.advice in page
    assert app.catalogue.safety.condition_notices[Condition.OSTEOPOROSIS] in page  # the condition's notice
    assert "worry or low mood" in page  # the yellow-flag words
    with _restarted(app) as again:
        after = again.get(where)
        assert after.status_code == 200
        assert _main(after.text) == page


def test_the_session_result_is_read_back_from_the_stored_session_after_a_restart(app: App, client: TestClient) -> None:
    _ready(client, "Ann")
    where = _log_session(client, "Ann", nerve="yes")  # settled at once: changes and a pause to show
    assert re.fullmatch(r"/p/Ann/session/\d+/done", where)
    page = _main(client.get(where).text)
    assert 'data-testid="paused"' in page
    assert "Program paused: You reported a nerve symptom" in page  # a line of "what changed"
    assert 'data-signal="red"' in page  # each exercise's light, from the stored items
    with _restarted(app) as again:
        assert _main(again.get(where).text) == page


def test_the_session_result_shows_the_changes_its_log_settled_for_the_session_before(
    app: App, client: TestClient
) -> None:
    _ready(client, "Ann")
    first = _log_session(client, "Ann")
    assert "Nothing changes yet" in client.get(first).text  # no check-in yet: nothing settled
    where = _log_session(client, "Ann")  # no check-in came: logging this one settles the first
    changes = re.search(r'<ul data-testid="changes">(.*?)</ul>', client.get(where).text, re.S)
    assert changes is not None
    assert "<li>" in changes.group(1)
    with _restarted(app) as again:
        assert _main(again.get(where).text) == _main(client.get(where).text)
        assert "Nothing changes yet" not in again.get(first).text  # the first one is settled now


def test_the_check_in_result_is_read_back_from_the_stored_check_in_after_a_restart(
    app: App, client: TestClient, clock: f.Clock
) -> None:
    _ready(client, "Ann")
    _log_session(client, "Ann")
    where = _checkin(client, "Ann", clock)
    assert re.fullmatch(r"/p/Ann/checkin/\d+/done", where)
    page = _main(client.get(where).text)
    assert 'data-testid="session-signal"' in page
    assert 'data-testid="changes"' in page  # what the check-in settled, exercise by exercise
    with _restarted(app) as again:
        assert _main(again.get(where).text) == page


def test_another_profiles_record_is_not_found(client: TestClient, clock: f.Clock) -> None:
    _ready(client, "Ann")
    _ready(client, "Bob")
    screen = client.post("/p/Ann/screen", data=_all_no(), follow_redirects=False).headers["location"]
    session = _log_session(client, "Ann")
    checkin = _checkin(client, "Ann", clock)
    for where in (screen, session, checkin):
        assert client.get(where).status_code == 200
        theirs = client.get(where.replace("/p/Ann/", "/p/Bob/"))
        assert theirs.status_code == 404, where
        assert "There is no" in theirs.text
    assert client.get("/p/Ann/session/999999/done").status_code == 404
    assert client.get("/p/Ann/screen/not-a-number/done").status_code in (404, 422)


def _all_no() -> dict[str, str]:
    answers = f.screen_answers()
    return {f"{section}.{qid}": "no" for section, given in answers.items() for qid in given}
