"""Plain factory functions with keyword overrides. Data is built by code, not dumps."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from typing import Any

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.loader import default_catalogue
from supple.db.secret_box import SecretBox, SecretKeys, new_key
from supple.services.inputs import BaselineIn, parse


@cache
def shared_catalogue() -> Catalogue:
    """The packaged catalogue, read once for the test run (the package itself keeps nothing loaded)."""
    return default_catalogue()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 8, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def screen_answers(
    cat: Catalogue | None = None,
    yes: tuple[str, ...] = (),
    conditions: tuple[str, ...] = (),
    yellow: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A full screen with every answer 'no' except those named."""
    cat = cat or shared_catalogue()
    return {
        "red_flags": {q.id: q.id in yes for q in cat.safety.questions},
        "conditions": {q.id.value: q.id.value in conditions for q in cat.safety.condition_questions},
        "yellow_flags": {q.id: q.id in yellow for q in cat.yellow_flags.questions},
    }


def short_screen(cat: Catalogue | None = None, yes: tuple[str, ...] = ()) -> dict[str, bool]:
    cat = cat or shared_catalogue()
    return {q.id: q.id in yes for q in cat.safety.questions if q.every_session}


def baseline(now: int = 4, average: int = 5, worst: int = 7, **activities: int) -> dict[str, Any]:
    acts = activities or {"Putting on socks": 4, "Gardening": 3}
    return {"pain": {"now": now, "average_24h": average, "worst_24h": worst}, "activities": acts}


def baseline_in(now: int = 4, average: int = 5, worst: int = 7, **activities: int) -> BaselineIn:
    """The same answers as the service's input model."""
    return parse(BaselineIn, baseline(now, average, worst, **activities))


def stiff_person_tests(**overrides: Any) -> dict[str, Any]:
    """A person with a stiff right ankle, tight left hip flexors and borderline rotation."""
    tests: dict[str, Any] = {
        "knee-to-wall": {
            "method": "tape",
            "left": {"toe_to_wall_cm": [11, 11.5, 11]},
            "right": {"toe_to_wall_cm": [6, 6.5, 6]},
        },
        "seated-thoracic-rotation": {
            "method": "phone",
            "left": {"rotation_deg": [42, 43, 44]},
            "right": {"rotation_deg": [47, 46, 48]},
        },
        "modified-thomas": {
            "method": "phone",
            "left": {"thigh_angle_deg": [5, 4, 6], "knee_flexion_deg": [75]},
            "right": {"thigh_angle_deg": [-10], "knee_flexion_deg": [85]},
        },
    }
    tests.update(overrides)
    return {"tests": tests}


def evening(days_ago: int) -> str:
    """18:00 on a day before today by the real clock (for the CLI, which has no test clock), ISO 8601."""
    day = datetime.now().date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, 18, 0).isoformat()


def session_log(
    exercises: list[str],
    pain_during: int = 2,
    pain_before: int = 3,
    pain_after: int = 3,
    nerve: tuple[str, ...] = (),
    screen_yes: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    return {
        "screen": short_screen(yes=screen_yes),
        "pain_before": pain_before,
        "pain_after": pain_after,
        "items": [{"exercise": e, "pain_during": pain_during, "nerve_symptoms": e in nerve} for e in exercises],
        **extra,
    }


# What a browser sends with every form or fetch from one of Supple's own pages (the TestClient's
# address is http://testserver). Without these, a form post needs the page's CSRF token (web/csrf.py).
SAME_ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def secret_keys() -> SecretKeys:
    """A clinic secret key of its own, for an ``Accounts`` a test builds by hand (the app's comes from settings)."""
    return SecretKeys(box=SecretBox.of(new_key()))
