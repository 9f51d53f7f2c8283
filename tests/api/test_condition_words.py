"""A health condition is named in the routine as the person answered it, and the questions read as sentences."""

from __future__ import annotations

from fastapi.testclient import TestClient

from supple.catalogue.loader import default_catalogue
from supple.catalogue.schema import Condition
from supple.domain.choice_reasons import CONDITION_WORDS
from tests import factories as f

API = "/api/v1"


def test_the_routine_names_painful_kneeling_or_a_knee_replacement_not_only_the_replacement(
    client: TestClient,
) -> None:
    assert client.post(f"{API}/profiles", json={"name": "Kay", "birth_year": 1960}).status_code == 201
    screen = f.screen_answers(conditions=("knee_replacement",))
    assert client.post(f"{API}/profiles/Kay/screenings", json=screen).status_code == 200
    assert client.post(f"{API}/profiles/Kay/pain", json=f.baseline()).status_code in (200, 201)
    assert client.post(f"{API}/profiles/Kay/assessments", json=f.stiff_person_tests()).status_code == 201
    page = client.get("/p/Kay/routine").text
    assert "not advised with a knee replacement or painful kneeling" in page
    assert "not advised with knee replacement" not in page


def test_every_condition_has_its_words_for_the_routine_and_the_library() -> None:
    assert set(CONDITION_WORDS) == set(Condition)
    assert all(words and "_" not in words for words in CONDITION_WORDS.values())


def test_the_hip_replacement_question_is_one_grammatical_question() -> None:
    texts = {q.id.value: q.text for q in default_catalogue().safety.condition_questions}
    posterior = texts["hip_replacement_posterior"]
    assert ", or you are not sure" not in posterior
    assert posterior.startswith("Have you had a hip replaced")
    assert posterior.endswith("?")
