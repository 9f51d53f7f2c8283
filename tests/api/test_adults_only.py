"""Supple is for adults (clinical-reference §4.2 other stop criteria): a year of birth that makes someone
under 18 is refused on the page and by the API, naming the field, the years allowed and the unit."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from tests.factories import shared_catalogue


def _year() -> int:
    return date.today().year


def test_the_youngest_age_comes_from_the_safety_rules_with_its_source() -> None:
    rule = shared_catalogue().safety.adult_age
    assert rule.years == 18
    assert "§4.2" in rule.source.ref
    under_18 = next(f for f in shared_catalogue().safety.age_facts if f.id == "under-18")
    assert under_18.below == rule.years  # the screen's second line agrees


def test_the_api_refuses_someone_under_18_with_a_422_naming_the_field_range_and_unit(client: TestClient) -> None:
    r = client.post("/api/v1/profiles", json={"name": "Sam", "birth_year": _year() - 17, "sex": "female"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    [error] = r.json()["errors"]
    assert error["location"] == ["birth_year"]
    assert error["code"] == "out_of_range"
    assert error["limits"]["min"] == _year() - 120
    assert error["limits"]["max"] == _year() - 18
    assert error["limits"]["unit"] == "years"
    assert "Supple is made for adults" in error["message"]
    assert error["allowed"] == f"a year from {_year() - 120} to {_year() - 18}, that is an age of 18 to 120 years"
    assert client.get("/api/v1/profiles").json() == []  # nothing stored


def test_someone_who_turns_18_this_year_is_taken(client: TestClient) -> None:
    r = client.post("/api/v1/profiles", json={"name": "Sam", "birth_year": _year() - 18, "sex": "male"})
    assert r.status_code == 201


def test_the_profile_page_shows_a_form_error_for_someone_under_18_and_stores_nothing(client: TestClient) -> None:
    r = client.post("/profiles", data={"name": "Sam", "birth_year": str(_year() - 12)})
    assert r.status_code == 422
    assert "Year of birth — born in" in r.text
    assert f"Allowed: a year from {_year() - 120} to {_year() - 18}, that is an age of 18 to 120 years." in r.text
    assert 'class="field has-error"' in r.text
    assert client.get("/api/v1/profiles").json() == []


def test_a_year_in_the_future_is_still_named_as_out_of_range(client: TestClient) -> None:
    r = client.post("/api/v1/profiles", json={"name": "Sam", "birth_year": _year() + 1})
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["message"] == f"{_year() + 1} is outside the possible range"
