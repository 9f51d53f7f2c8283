"""Numbers for people: rounded for reading (plain) and as measured for the details (exact)."""

from __future__ import annotations

import pytest

from supple.catalogue.schema import Unit
from supple.domain.formatting import exact_number, number
from supple.numbers import exact, minutes_and_seconds, plain, plain_change, whole_minutes


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (42.4, "°", "42°"),
        (42.5, "deg", "43°"),
        (6.25, "cm", "6.3 cm"),
        (6.0, "cm", "6 cm"),
        (12.46, "cm", "12 cm"),
        (9.96, "cm", "10 cm"),
        (-0.04, "cm", "0 cm"),
        (3.333, "", "3.3"),
        (4.0, "", "4"),
        (12.5, "min", "13 min"),
        (0.456, "g", "0.46 g"),
        (11.7, "%", "12%"),
    ],
)
def test_plain_rounds_for_reading_without_a_trailing_zero(value: float, unit: str, shown: str) -> None:
    assert plain(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (6.25, "cm", "6.25 cm"),
        (42.5, "°", "42.5°"),
        (12.0, "cm", "12 cm"),
        (12.456, "cm", "12.46 cm"),
        (3.1, "", "3.1"),
    ],
)
def test_exact_keeps_two_decimals_for_the_details(value: float, unit: str, shown: str) -> None:
    assert exact(value, unit) == shown


def test_changes_are_signed_and_a_change_that_rounds_to_nothing_reads_plus_minus_zero() -> None:
    assert plain_change(1.5) == "+1.5"
    assert plain_change(-2, "cm") == "−2 cm"
    assert plain_change(0.01) == "±0"


def test_durations_read_in_minutes_and_seconds() -> None:
    assert minutes_and_seconds(90) == "1 min 30 s"
    assert minutes_and_seconds(120) == "2 min"
    assert minutes_and_seconds(45) == "45 s"


def test_whole_minutes_round_half_up_and_never_hide_a_short_routine() -> None:
    assert whole_minutes(89) == 1
    assert whole_minutes(90) == 2
    assert whole_minutes(299) == 5
    assert whole_minutes(10) == 1
    assert whole_minutes(0) == 0


def test_the_catalogue_units_use_the_same_rounding() -> None:
    assert number(12.46, Unit.CM) == "12 cm"
    assert number(42.6, Unit.DEG) == "43°"
    assert exact_number(42.6, Unit.DEG) == "42.6°"
    assert number(1, Unit.PASS_FAIL) == "pass"
