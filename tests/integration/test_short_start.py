"""The short start (issue 13): after the safety screen comes the first session, not the ten tests;
the tests are offered one region at a time, leaving out those the person's limits rule out."""

from __future__ import annotations

from supple.bootstrap import App
from supple.services import assessments, home, outcomes, profiles, screening
from supple.services.home import Step
from supple.services.inputs import ProfileIn, SettingsIn, parse
from tests import factories as f
from tests.factories import Clock


def test_after_the_safety_screen_the_next_step_is_the_first_session_not_the_tests(app: App) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970}))
    assert home.next_step(app, "Ann").step is Step.SCREEN
    screening.run_full_screen(app, "Ann", f.screen_answers())
    assert home.next_step(app, "Ann").step is Step.FIRST_SESSION


def test_tests_are_offered_one_region_at_a_time_in_the_catalogue_order(app: App) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    offer = home.test_offer(app, "Ann")
    assert offer is not None
    first = min(app.catalogue.tests.values(), key=lambda t: t.order)
    assert offer.region == first.region.value
    assert {app.catalogue.tests[t].region for t in offer.test_ids} == {first.region}
    assert offer.minutes == home.MINUTES_PER_TEST * len(offer.test_ids)
    assert offer.retest is False


def test_a_region_done_moves_the_offer_to_the_next_region(app: App) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    outcomes.record_pain_and_function(app, "Ann", f.baseline_in())
    assessments.record(app, "Ann", f.stiff_person_tests())  # the ankle, hip and mid-back tests it holds
    offer = home.test_offer(app, "Ann")
    done = set(f.stiff_person_tests()["tests"])
    assert offer is not None  # three of the ten tests are done: more are waiting
    assert not set(offer.test_ids) & done
    before = sorted(app.catalogue.tests.values(), key=lambda t: t.order)
    first_waiting = next(t for t in before if t.id not in done)
    assert offer.region == first_waiting.region.value


def test_the_offer_leaves_out_tests_on_the_floor_for_someone_who_cannot_get_down(app: App) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970}))
    profiles.update_settings(app, "Ann", parse(SettingsIn, {"no_floor": True, "no_kneeling": True}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    offered: set[str] = set()
    offer = home.test_offer(app, "Ann")
    assert offer is not None
    offered |= set(offer.test_ids)
    cat = app.catalogue
    assert all(not cat.tests[t].needs_floor and not cat.tests[t].needs_kneeling for t in offered)


def test_a_re_test_four_weeks_on_offers_the_done_tests_again(app: App, clock: Clock) -> None:
    profiles.create(app, parse(ProfileIn, {"name": "Ann", "birth_year": 1970}))
    screening.run_full_screen(app, "Ann", f.screen_answers())
    assessments.record(app, "Ann", f.stiff_person_tests())
    clock.advance(hours=24 * app.catalogue.outcomes.retest.interval_days)
    offer = home.test_offer(app, "Ann")
    assert offer is not None
    assert set(offer.test_ids) & set(f.stiff_person_tests()["tests"])
