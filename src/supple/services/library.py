"""Searching the exercise library (shared by the page and the API)."""

from __future__ import annotations

from dataclasses import dataclass

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Equipment, Exercise


@dataclass(frozen=True)
class ExerciseFilter:
    q: str | None = None
    region: str | None = None
    equipment: str | None = None  # an Equipment value, or "none" for no equipment at all
    position: str | None = None
    floor: bool | None = None  # False: only exercises that do not need the floor
    # What the person has at home (Equipment values; "none" for nothing): only exercises that need
    # nothing else. None: no such filter.
    have: frozenset[str] | None = None


def equipment_needed(catalogue: Catalogue) -> list[str]:
    """The equipment at least one exercise needs, in the catalogue's order (what a person can say they have)."""
    needed = {e for ex in catalogue.exercises.values() for e in ex.equipment}
    return [e.value for e in Equipment if e in needed]


def _text(ex: Exercise) -> str:
    return " ".join([ex.id, ex.name, *ex.aka, ex.summary, ex.target, ex.area, ex.kind.value]).lower()


def search_exercises(catalogue: Catalogue, f: ExerciseFilter) -> list[Exercise]:
    words = (f.q or "").lower().split()
    out = []
    for ex in catalogue.exercises.values():
        if f.region and ex.group != f.region:
            continue
        if f.position and ex.position.value != f.position:
            continue
        if f.floor is False and ex.needs_floor:
            continue
        if f.floor is True and not ex.needs_floor:
            continue
        if f.equipment == "none" and ex.equipment:
            continue
        if f.equipment and f.equipment != "none" and f.equipment not in {e.value for e in ex.equipment}:
            continue
        if f.have is not None and not {e.value for e in ex.equipment} <= f.have:
            continue
        if words and not all(w in _text(ex) for w in words):
            continue
        out.append(ex)
    return out
