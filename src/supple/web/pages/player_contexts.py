"""Typed contexts of the session player and its log: the exercises and timed phases for player.js, the
items of the log form, and the player's words (fed from here, so the browser holds no copy of them)."""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass
from typing import Any

from supple.bootstrap import App
from supple.catalogue.schema import Position
from supple.domain.formatting import every, plural
from supple.domain.session_phases import session_phases
from supple.services.routine import RoutineView


@dataclass(frozen=True)
class LogItem:
    index: int
    exercise_id: str
    name: str
    label: str
    done_key: str
    exercise_key: str


@dataclass(frozen=True)
class PlayerPage:
    name: str
    action: str
    screening_id: str
    ask_pain_before: bool  # not given with the link (or refused): asked on the log form
    items: list[LogItem]
    data: dict[str, Any]  # what player.js reads, embedded as JSON
    minutes: int
    phone: str  # where to put the phone, worded for the routine's positions
    log_only: bool  # the log came back with problems: show the form, not the player
    rescreen_url: str | None  # the short screen was refused (too old): the way to take it again


def player_data(app: App, view: RoutineView, key: tuple[Hashable, ...], screening: str) -> dict[str, Any]:
    """Every exercise, the timed phases (the domain's list: player.js only follows it) and the
    timer settings, as plain JSON for player.js. ``resume_key`` names the saved place: the profile
    and its routine revision, so a changed routine never resumes an old one."""
    items = []
    for item in view.routine.items:
        ex = app.catalogue.exercises[item.exercise_id]
        items.append(
            {
                "id": item.exercise_id,
                "name": ex.name,
                "cue": ex.cues[0],
                "steps": list(ex.steps),
                "label": item.dose.label(),
                "sides": item.dose.sides.value,
            }
        )
    phases = [p.as_json() for p in session_phases([item.dose for item in view.routine.items])]
    revision = "-".join(str(part) for part in key[1:3])
    return {
        "timer_scale": app.settings.timer_scale,
        "items": items,
        "phases": phases,
        "resume_key": f"supple.session.{revision}" + ("-strength" if view.routine.strength_today else ""),
        "screening": screening,
        # the summary after the player: "you did both exercises", "You did 1 of 3 exercises"
        "all_done": f"Well done: you did {every(len(items), 'exercise')}.",
        "of_total": plural(len(items), "exercise"),
    }


def log_items(app: App, view: RoutineView) -> list[LogItem]:
    return [
        LogItem(
            i,
            item.exercise_id,
            app.catalogue.exercises[item.exercise_id].name,
            item.dose.label(),
            f"item-{i}-done",
            f"item-{i}-exercise",
        )
        for i, item in enumerate(view.routine.items)
    ]


def phone_sentence(app: App, view: RoutineView) -> str:
    """Where to put the phone, for the positions of today's exercises."""
    return phone_words({app.catalogue.exercises[item.exercise_id].position for item in view.routine.items})


def phone_words(positions: Collection[Position]) -> str:
    """Where to put the phone for exercises in these positions (the floor only when one is on it)."""
    if set(positions) & {Position.FLOOR, Position.KNEELING}:
        where = "from the floor"
    elif set(positions) == {Position.CHAIR}:
        where = "from your chair"
    elif set(positions) == {Position.STANDING}:
        where = "while you stand"
    else:
        where = "from your chair and while you stand"
    return f"Put your phone where you can see it {where}."
