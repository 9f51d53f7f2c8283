"""The session pages without a browser: the one-screen log, the well-done screen, and the files that
make the app installable and usable offline."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from tests import factories as f

API = "/api/v1"


def _ready(client: TestClient) -> tuple[int, list[str]]:
    assert client.post(f"{API}/profiles", json={"name": "Ann", "birth_year": 1970}).status_code == 201
    assert client.post(f"{API}/profiles/Ann/screenings", json=f.screen_answers()).status_code == 200
    assert client.post(f"{API}/profiles/Ann/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/Ann/assessments", json=f.stiff_person_tests()).status_code == 201
    short = client.post(f"{API}/profiles/Ann/session-screenings", json={"red_flags": f.short_screen()}).json()
    items = [i["exercise_id"] for i in client.get(f"{API}/profiles/Ann/routine").json()["routine"]["items"]]
    return short["screening_id"], items


def _log(screening: int, items: list[str], **extra: str) -> dict[str, str]:
    form = {"screening_id": str(screening), "pain_before": "3", "pain_during": "2", "pain_after": "3", "nerve": "no"}
    for i, ex in enumerate(items):
        form[f"item-{i}-exercise"] = ex
        form[f"item-{i}-done"] = "yes"
    return form | extra


def test_the_player_page_carries_the_domain_phases_as_json_and_asks_about_nerves_once(client: TestClient) -> None:
    screening, items = _ready(client)
    page = client.get(f"/p/Ann/session/play?screening={screening}&pain=3")
    assert page.status_code == 200
    raw = re.search(r'<script type="application/json" id="routine-data">(.*?)</script>', page.text, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert [i["id"] for i in data["items"]] == items
    assert data["phases"]
    assert all(p["seconds"] > 0 for p in data["phases"])
    assert {p["item"] for p in data["phases"]} == set(range(len(items)))
    assert data["resume_key"].startswith("supple.session.")
    assert page.text.count('name="nerve"') == 2  # one yes/no question for the whole session
    assert page.text.count('name="pain_during"') == 11  # one 0 to 10 scale, not one per exercise


def test_the_pain_before_a_session_is_a_0_to_10_radio_scale_on_the_screen_and_on_the_log(client: TestClient) -> None:
    screening, _ = _ready(client)
    screen = client.get("/p/Ann/session").text
    assert screen.count('type="radio" name="pain"') == 11  # tapped, not typed
    assert not re.search(r'<input[^>]*name="pain"[^>]*type="number"|<input[^>]*type="number"[^>]*name="pain"', screen)
    log = client.get(f"/p/Ann/session/play?screening={screening}").text  # no pain with the link: asked on the log
    assert log.count('type="radio" name="pain_before"') == 11
    assert 'type="number"' not in log


def test_the_one_screen_log_saves_and_the_well_done_screen_counts_this_week(client: TestClient) -> None:
    screening, items = _ready(client)
    r = client.post("/p/Ann/session/log", data=_log(screening, items), follow_redirects=True)
    assert r.status_code == 200
    assert 'data-testid="well-done"' in r.text
    assert "Well done" in r.text
    minutes = re.search(r'data-testid="minutes-this-week"><strong>(\d+)</strong>', r.text)
    assert minutes is not None
    assert int(minutes.group(1)) > 0
    assert re.search(r'data-testid="streak"><strong>1</strong>', r.text)
    assert "Nothing changes yet" in r.text  # what changed, in plain words, before the next morning


def test_a_log_sent_twice_with_its_client_id_is_stored_once(client: TestClient) -> None:
    screening, items = _ready(client)
    form = _log(screening, items, client_id="0f8e2a7c-1111-4c2b-9d55-aa00bb11cc22")
    first = client.post("/p/Ann/session/log", data=form, follow_redirects=False)
    again = client.post("/p/Ann/session/log", data=form, follow_redirects=False)
    assert (first.status_code, again.status_code) == (303, 303)
    assert client.get(f"{API}/profiles/Ann/progress").json()["adherence"]["sessions"] == 1


def test_the_players_own_send_gets_the_result_address_not_a_redirect(client: TestClient) -> None:
    """The phone's kept log asks for JSON: the answer names the stored session's result page, so the
    phone need not follow a redirect (through a service worker that may still count as offline)."""
    screening, items = _ready(client)
    form = _log(screening, items, client_id="5b1c9d2e-2222-4a3b-8c44-bb11cc22dd33")
    sent = client.post("/p/Ann/session/log", data=form, headers={"Accept": "application/json"}, follow_redirects=False)
    again = client.post("/p/Ann/session/log", data=form, headers={"Accept": "application/json"}, follow_redirects=False)
    assert (sent.status_code, again.status_code) == (200, 200)
    url = sent.json()["url"]
    assert re.fullmatch(r"/p/Ann/session/\d+/done", url)
    assert again.json()["url"] == url  # the same session, stored once
    assert 'data-testid="well-done"' in client.get(url).text
    assert client.get(f"{API}/profiles/Ann/progress").json()["adherence"]["sessions"] == 1


def test_a_nerve_yes_on_the_log_pauses_the_program(client: TestClient) -> None:
    screening, items = _ready(client)
    r = client.post("/p/Ann/session/log", data=_log(screening, items, nerve="yes"), follow_redirects=True)
    assert 'data-testid="paused"' in r.text


def test_a_log_without_the_nerve_answer_saves_nothing_and_lists_every_problem(client: TestClient) -> None:
    screening, items = _ready(client)
    form = _log(screening, items)
    del form["nerve"]
    del form["pain_after"]
    r = client.post("/p/Ann/session/log", data=form)
    assert r.status_code == 422
    assert "Please answer yes or no" in r.text.split('id="f-nerve-error"', 1)[1].split("</p>", 1)[0]
    assert 'id="f-pain_after-error"' in r.text  # in the same round
    assert client.get(f"{API}/profiles/Ann/progress").json()["adherence"]["sessions"] == 0


def test_a_log_without_pain_during_comes_back_with_one_message_at_that_question(client: TestClient) -> None:
    screening, items = _ready(client)
    form = _log(screening, items)
    del form["pain_during"]
    r = client.post("/p/Ann/session/log", data=form)
    assert r.status_code == 422
    error = re.search(r'id="f-pain_during-error"[^>]*>(.*?)</p>', r.text, re.S)
    assert error is not None
    assert error.group(1).count("<span>") == 1


def test_the_manifest_and_the_service_worker_are_served_from_this_origin_for_the_whole_app(client: TestClient) -> None:
    manifest = client.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert (body["start_url"], body["scope"], body["display"]) == ("/", "/", "standalone")
    assert all(icon["src"].startswith("/static/") for icon in body["icons"])  # nothing from elsewhere
    sw = client.get("/sw.js")
    assert sw.status_code == 200
    assert sw.headers["content-type"].startswith("text/javascript")
    assert sw.headers["service-worker-allowed"] == "/"
    csp = client.get("/").headers["content-security-policy"]
    assert "worker-src 'self'" in csp
    assert "manifest-src 'self'" in csp
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").text


def test_the_weekly_minutes_count_the_time_the_player_ran_not_the_whole_dose(client: TestClient) -> None:
    """Two exercises ticked after a few seconds each, the rest skipped: about 0 minutes, not the full doses."""
    screening, items = _ready(client)
    form = _log(screening, items)
    for i in range(len(items)):
        form[f"item-{i}-seconds"] = "20" if i < 2 else "3"
        if i >= 2:
            form.pop(f"item-{i}-done")
    r = client.post("/p/Ann/session/log", data=form, follow_redirects=True)
    assert r.status_code == 200
    minutes = re.search(r'data-testid="minutes-this-week"><strong>(\d+)</strong>', r.text)
    assert minutes is not None
    assert int(minutes.group(1)) == 1  # 40 s of exercise, rounded


def test_the_log_form_carries_a_field_for_the_players_clock_on_each_exercise(client: TestClient) -> None:
    screening, items = _ready(client)
    page = client.get(f"/p/Ann/session/play?screening={screening}&pain=3").text
    for i in range(len(items)):
        assert f'name="item-{i}-seconds"' in page


def test_an_empty_log_names_pain_during_and_pain_after_alike_each_with_why_it_is_needed(client: TestClient) -> None:
    screening, items = _ready(client)
    form = {k: v for k, v in _log(screening, items).items() if k not in ("nerve", "pain_during", "pain_after")}
    r = client.post("/p/Ann/session/log", data=form)
    assert r.status_code == 422
    assert 'id="f-pain_during-error"' in r.text
    assert 'id="f-pain_after-error"' in r.text
    assert 'id="f-nerve-error"' in r.text
    why = re.search(r'data-testid="pain-why">(.*?)</p>', r.text, re.S)
    assert why is not None
    assert "decides whether your exercises" in why.group(1)  # why pain during is needed
    assert "kept with the session in your records" in why.group(1)  # and why pain after is
    assert client.get(f"{API}/profiles/Ann/progress").json()["adherence"]["sessions"] == 0


def test_the_player_says_where_to_put_the_phone_for_the_routines_positions_and_feeds_its_summary_words(
    client: TestClient,
) -> None:
    screening, items = _ready(client)
    page = client.get(f"/p/Ann/session/play?screening={screening}&pain=3").text
    positions = {client.get(f"{API}/exercises/{ex}").json()["position"] for ex in items}  # the routine's own positions
    place = re.search(r'data-testid="phone-place">(.*?) A beep', page, re.S)
    assert place is not None
    on_floor = bool(positions & {"floor", "kneeling"})
    assert ("from the floor" in place.group(1)) is on_floor
    raw = re.search(r'id="routine-data">(.*?)</script>', page, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    n = len(items)
    expected = {1: "the exercise", 2: "both exercises"}.get(n, f"all {n} exercises")
    assert data["all_done"] == f"Well done: you did {expected}."
    assert data["of_total"] == f"{n} exercise{'s' * (n != 1)}"
