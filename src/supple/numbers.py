"""Numbers written for people: one place, so the CLI, the pages and the report round them the same way.

``plain`` is for reading (a person in pain glancing at a result): angles in whole degrees, centimetres
with one decimal only under 10, minutes and percentages whole, never a trailing ".0". ``exact`` is for
the details disclosure and the clinician's view: up to two decimals, still without trailing zeros.
Pure: no I/O, no framework; ``unit`` is the label shown ("cm", "°", "min", "%", "g", "s", or "").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

DEGREES = ("°", "deg")
WHOLE = (
    "°",
    "deg",
    "min",
    "minutes",
    "%",
    "s",
    "seconds",
    "steps",
    "steps a minute",
    "steps/min",
    "samples/s",
    "readings per second",
    "g·steps",
)
TIGHT = ("°", "%")  # written straight after the number: 42°, 12%


def _rounded(value: float, places: int) -> str:
    """Half away from zero (6.25 → 6.3, as people round), trailing zeros dropped, never '-0'."""
    step = Decimal(1).scaleb(-places)
    text = format(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    shown = "°" if unit == "deg" else unit
    return f"{text}{shown}" if shown in TIGHT else f"{text} {shown}"


def plain_places(value: float, unit: str = "") -> int:
    """How many decimals a person reads for this value and unit."""
    if unit in WHOLE:
        return 0
    if unit == "cm":
        return 1 if abs(value) < 10 else 0
    if unit == "g":
        return 2  # jolts at the lower back are fractions of one g
    return 1


def plain(value: float, unit: str = "") -> str:
    """A number rounded for reading, with its unit: '42°', '6.5 cm', '12 cm', '3 min', '4.5'."""
    places = plain_places(value, unit)
    text = _rounded(value, places)
    if places and unit == "cm" and abs(float(text)) >= 10:  # 9.96 rounds up to 10: whole from there
        text = _rounded(value, 0)
    return _with_unit(text, unit)


def exact(value: float, unit: str = "", places: int = 2) -> str:
    """A number as measured, for the details and the clinician: '42.5°', '6.25 cm', '12 cm'."""
    return _with_unit(_rounded(value, places), unit)


def plain_change(value: float, unit: str = "") -> str:
    """A change rounded for reading, always signed: '+1.5', '−2 cm', '±0' when it rounds to nothing."""
    text = plain(abs(value), unit)
    if text.startswith("0") and float(text.split()[0].rstrip("°%")) == 0:
        return "±" + text
    return ("+" if value > 0 else "−") + text


def minutes_and_seconds(seconds: int) -> str:
    """'2 min', '1 min 30 s', '45 s': a duration for reading."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def whole_minutes(seconds: float) -> int:
    """Seconds as whole minutes for reading, rounded half up; anything that runs at all is at least 1."""
    if seconds <= 0:
        return 0
    return max(1, int(Decimal(repr(float(seconds))) / 60 + Decimal("0.5")))
