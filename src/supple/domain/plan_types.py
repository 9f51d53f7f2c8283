"""The values the planner takes and gives: the person's constraints and the plan input, one routine
item, the routine, and a pick (an item on its way into the routine, for ``domain.fitting``). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from supple.catalogue.schema import Condition, ExerciseKind, Region
from supple.domain.assessment import AssessmentResult
from supple.domain.chosen import Chosen, Override
from supple.domain.dosing import Dose
from supple.domain.progression import ExerciseState


@dataclass(frozen=True)
class Constraints:
    no_floor: bool = False
    no_kneeling: bool = False
    no_foam_roller: bool = False
    no_band: bool = False
    minutes: int = 15
    days_per_week: int = 5


@dataclass(frozen=True)
class PlanInput:
    assessment: AssessmentResult | None
    constraints: Constraints
    conditions: frozenset[Condition] = frozenset()
    states: Mapping[str, ExerciseState] = field(default_factory=dict)  # keyed by slot id
    excluded: frozenset[str] = frozenset()  # exercises ruled out by the person's response
    now: datetime | None = None  # decides whether today is a strength day; None: plan the strength day
    walking_minutes: int = 0  # the walking target, its own line of the day (docs/clinical-rules.md)
    walking_days: int = 0
    chosen: Chosen | None = None  # clinic mode: the routine a clinician assigned replaces the planner's
    overrides: tuple[Override, ...] = ()  # clinic mode: a clinician's changes to the planner's routine


@dataclass(frozen=True)
class RoutineItem:
    slot_id: str
    exercise_id: str
    region: Region | None  # None for strength work
    target: str
    dose: Dose
    seconds: int
    reason: str
    notes: tuple[str, ...] = ()
    plain: str = ""  # the reason in the person's words; ``reason`` keeps the numbers and thresholds
    kind: ExerciseKind = ExerciseKind.MOBILITY


@dataclass(frozen=True)
class Routine:
    """Today's session (``items``: the mobility work, plus the strength work on a strength day) and the
    week around it. On a strength day the whole session fits ``budget_seconds``; other days are shorter."""

    items: tuple[RoutineItem, ...]
    total_seconds: int
    budget_seconds: int
    days_per_week: int
    activity: str
    notes: tuple[str, ...]
    strength: tuple[RoutineItem, ...] = ()  # the strength work, on ``strength_days`` only
    strength_days: tuple[int, ...] = ()  # weekdays, Monday = 0
    session_days: tuple[int, ...] = ()
    walking_minutes: int = 0
    walking_days: int = 0
    short_of_time: str = ""  # a stiff region the minutes could not fit, said plainly (also first in ``notes``)

    @property
    def mobility(self) -> tuple[RoutineItem, ...]:
        return tuple(i for i in self.items if i.kind is ExerciseKind.MOBILITY)

    @property
    def strength_today(self) -> bool:
        return any(i.kind is ExerciseKind.STRENGTH for i in self.items)

    @property
    def strength_day_seconds(self) -> int:
        """The longest session of the week: the mobility work and the strength work together."""
        return sum(i.seconds for i in self.mobility) + sum(i.seconds for i in self.strength)

    def strength_day(self) -> Routine:
        """The same routine as on a strength day (for the report and export, which show the whole week)."""
        if self.strength_today or not self.strength:
            return self
        items = (*self.mobility, *self.strength)
        return replace(self, items=items, total_seconds=sum(i.seconds for i in items))

    def day_minutes(self, walking: bool = True) -> int:
        """Today's minutes, the session and (on a walking day) the walk: what the person plans for."""
        return round(self.total_seconds / 60) + (self.walking_minutes if walking else 0)


@dataclass
class Pick:
    """A routine item the planner chose, before ``domain.fitting`` fits it into the person's minutes."""

    priority: int
    mandatory: bool
    item: RoutineItem
    progressed: bool = False  # the person earned a bigger dose: it gets its time first
    fallback: bool = False  # another exercise for a stiff region, tried only if none of its picks fits
