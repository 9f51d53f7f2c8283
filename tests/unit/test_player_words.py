"""The player's words: all of a number of exercises, and where to put the phone for the routine's positions."""

from __future__ import annotations

from supple.catalogue.schema import Position
from supple.domain.formatting import every
from supple.web.pages.player_contexts import phone_words


def test_all_of_one_two_and_three_exercises_reads_the_both_and_all_3() -> None:
    assert every(1, "exercise") == "the exercise"
    assert every(2, "exercise") == "both exercises"
    assert every(3, "exercise") == "all 3 exercises"
    assert every(2, "class", "classes") == "both classes"


def test_the_phone_goes_where_the_person_can_see_it_from_the_routines_positions() -> None:
    assert phone_words([Position.CHAIR, Position.CHAIR]) == "Put your phone where you can see it from your chair."
    assert phone_words([Position.STANDING]) == "Put your phone where you can see it while you stand."
    assert phone_words([Position.CHAIR, Position.STANDING]).endswith("from your chair and while you stand.")
    assert phone_words([Position.CHAIR, Position.KNEELING]).endswith("from the floor.")
    assert phone_words([Position.FLOOR, Position.STANDING]).endswith("from the floor.")
