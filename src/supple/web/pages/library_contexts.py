"""Typed page contexts: the exercise library and one exercise."""

from __future__ import annotations

from dataclasses import dataclass, field

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Equipment, Exercise, Position, Region
from supple.domain.choice_reasons import CONDITION_WORDS
from supple.domain.dosing import base_dose
from supple.domain.formatting import days_a_week
from supple.report.words import REGION_TITLES
from supple.web.pages.contexts import (
    EQUIPMENT_WORDS,
    POSITION_WORDS,
)

# --- library -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class ExerciseCard:
    id: str
    name: str
    url: str
    summary: str
    region: str
    position: str
    equipment: str
    floor: str
    dose: str


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    region: str = ""
    have: tuple[str, ...] = ()  # equipment values ticked under "What you have"; "none" for nothing
    position: str = ""
    floor: str = ""


@dataclass(frozen=True)
class LibraryPage:
    filters: LibraryFilters
    regions: list[Option]
    have: list[Option]  # equipment some exercise needs, from the catalogue, and "nothing"
    positions: list[Option]
    floors: list[Option]
    cards: list[ExerciseCard]
    total: int
    filtered: bool
    problem: str | None = None  # the search could not be used (too long): said next to the box


REGION_OPTIONS = [*(Option(r.value, REGION_TITLES[r]) for r in Region), Option("strength", "Strength")]


def have_options(needed: list[str]) -> list[Option]:
    """The boxes under "What you have": nothing at all, then each piece of equipment an exercise needs."""
    return [
        Option("none", "Nothing at all"),
        *[Option(v, EQUIPMENT_WORDS[Equipment(v)].capitalize()) for v in needed],
    ]


POSITION_OPTIONS = [Option(p.value, POSITION_WORDS[p].capitalize()) for p in Position]
FLOOR_OPTIONS = [Option("no", "No floor"), Option("yes", "On the floor")]


def area_title(ex: Exercise) -> str:
    """The region a mobility exercise eases, or 'Strength: trunk and hips'."""
    if ex.region is not None:
        return REGION_TITLES[ex.region]
    return f"Strength: {ex.area}"


def equipment_text(ex: Exercise) -> str:
    return ", ".join(EQUIPMENT_WORDS[e] for e in ex.equipment) or "nothing"


def exercise_card(ex: Exercise) -> ExerciseCard:
    return ExerciseCard(
        ex.id,
        ex.name,
        f"/exercises/{ex.id}",
        ex.summary,
        area_title(ex),
        POSITION_WORDS[ex.position],
        equipment_text(ex),
        "needs the floor" if ex.needs_floor else "no floor needed",
        base_dose(ex.dosage).label(),
    )


@dataclass(frozen=True)
class SourceView:
    ref: str
    tag: str
    note: str | None


_TAG_WORDS = {
    "S": "checked in the original source",
    "S2": "checked in a secondary source",
    "U": "not yet confirmed",
    "D": "our design choice, awaiting clinical sign-off",
}


@dataclass(frozen=True)
class ExercisePage:
    id: str
    name: str
    aka: list[str]
    summary: str
    region: str
    position: str
    floor: str
    equipment: str
    optional_equipment: str
    dose: str
    tempo: str
    days: str
    steps: list[str]
    cues: list[str]
    mistakes: list[str]
    cautions: list[str]
    related: list[tuple[str, str, str]]  # (relation, name, url)
    sources: list[SourceView]
    back_url: str = "/exercises"
    not_for: list[str] = field(default_factory=list)
    your_dose: str | None = None  # the person's current dose in their routine, when it is in it


def exercise_page(ex: Exercise, cat: Catalogue) -> ExercisePage:
    related = []
    for relation, target in (("Easier", ex.regression), ("Harder", ex.progression), ("Off the floor", ex.alternative)):
        other = cat.exercises.get(target or "")
        if other is not None:
            related.append((relation, other.name, f"/exercises/{other.id}"))
    low, high = ex.dosage.days_per_week
    sources = [SourceView(s.ref, _TAG_WORDS.get(s.tag.value, s.tag.value), s.note) for s in ex.sources]
    dose_source = ex.dosage.source
    sources.append(
        SourceView(
            f"Dose: {dose_source.ref}", _TAG_WORDS.get(dose_source.tag.value, dose_source.tag.value), dose_source.note
        )
    )
    return ExercisePage(
        ex.id,
        ex.name,
        list(ex.aka),
        ex.summary,
        area_title(ex),
        POSITION_WORDS[ex.position],
        "needs the floor" if ex.needs_floor else "no floor needed",
        equipment_text(ex),
        ", ".join(EQUIPMENT_WORDS[e] for e in ex.optional_equipment),
        base_dose(ex.dosage).label(),
        ex.dosage.tempo,
        f"{low} to {high} days a week" if low != high else days_a_week(low),
        list(ex.steps),
        list(ex.cues),
        list(ex.mistakes),
        list(ex.cautions),
        related,
        sources,
        not_for=[CONDITION_WORDS[c] for c in ex.avoid_with],
    )
