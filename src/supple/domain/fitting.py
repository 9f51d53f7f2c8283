"""Fitting the routine into the person's minutes without cutting below the dose floor (issue 12 §3). Pure.

Most important first: mid-back extension and rotation always; then every pick at its dose floor (the
minimum effective weekly dose), never below it: a pick that does not fit is left out, with a note saying
which and why. Picks are placed breadth first (planner.yaml ``fill_order``): every region the tests
point at, and the strength work, gets its first exercise before any of them gets a second, then second
exercises by priority, and so on. Then picks grow back to their full dose, earned step-ups first; a
step-up that cannot fit says so and what the dose is today. Extras (time left over) come last, breadth
first among the regions that earned exercises, then the regions that need nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import DoseFloor
from supple.catalogue.schema import DoseKind, ExerciseKind
from supple.domain.dosing import Dose, floor_dose, weekly_amount
from supple.domain.formatting import days_a_week
from supple.domain.plan_types import Pick, RoutineItem


@dataclass
class Fitter:
    cat: Catalogue
    floor_rule: DoseFloor
    seconds: Callable[[Dose], int]
    budget: int
    days: int
    notes: list[str]
    chosen: list[Pick] = field(default_factory=list)
    full: dict[int, RoutineItem] = field(default_factory=dict)

    @property
    def minutes(self) -> int:
        return self.budget // 60

    def used(self) -> int:
        return sum(p.item.seconds for p in self.chosen)

    def name(self, p: Pick) -> str:
        return self.cat.exercises[p.item.exercise_id].name

    def minimum(self, dose: Dose) -> int:
        f = self.floor_rule
        return f.hold_s_per_week_per_side if dose.kind is DoseKind.HOLD else f.reps_per_week_per_side

    def with_dose(self, item: RoutineItem, dose: Dose) -> RoutineItem:
        return replace(item, dose=dose, seconds=self.seconds(dose))

    def floor(self, item: RoutineItem) -> RoutineItem:
        if item.kind is ExerciseKind.STRENGTH:  # one set on each strength day (planner.yaml strength.floor_sets)
            sets = min(item.dose.sets, self.cat.planner.strength.floor_sets)
            return self.with_dose(item, replace(item.dose, sets=sets))
        return self.with_dose(item, floor_dose(item.dose, self.days, self.minimum(item.dose)))

    def step_up_note(self, p: Pick, full: RoutineItem, today: RoutineItem) -> str:
        return (
            f"{self.name(p)}: your step-up to {full.dose.label()} does not fit your {self.minutes} minutes "
            f"together with the exercises above it, so today it is {today.dose.label()}. Allow more minutes "
            "in your settings to get the full step-up."
        )

    def placed(self, group: int) -> int:
        """How many exercises of one region (or of the strength work) are in the routine so far."""
        return sum(1 for p in self.chosen if p.priority == group)

    def next_pick(self, waiting: list[Pick], earned: set[int]) -> Pick:
        """Breadth first: the group with the fewest exercises in so far (regions that earned none wait
        until the rest), then the more important group; a group's own picks keep their order."""
        return min(waiting, key=lambda p: (p.priority not in earned, self.placed(p.priority), p.priority))

    def fit(self, picks: list[Pick], extras: list[Pick]) -> list[RoutineItem]:
        ordered = sorted(picks, key=lambda p: (not p.mandatory, p.priority))
        self._mandatory(ordered)
        self._floors(ordered)
        self._grow()
        self._extras(extras, {p.priority for p in picks})
        self._under_floor_notes()
        self.chosen.sort(key=lambda p: (p.priority, not p.mandatory))
        return [p.item for p in self.chosen]

    def _mandatory(self, ordered: list[Pick]) -> None:
        """Mid-back extension and rotation are in every routine: first each at one set, so both fit."""
        for p in ordered:
            self.full[id(p)] = p.item
            one = self.with_dose(p.item, replace(p.item.dose, sets=1))
            if p.mandatory and self.used() + one.seconds <= self.budget:
                p.item = one
                self.chosen.append(p)

    def _floors(self, ordered: list[Pick]) -> None:
        """Every pick at its dose floor: mid-back extension and rotation first, then breadth first (each
        region's first exercise before any region's second); what does not fit is left out, named."""
        waiting = [p for p in ordered if not p.mandatory]
        for p in ordered:
            if p.mandatory:
                self._floor(p)
        earned = {p.priority for p in ordered}
        while waiting:
            p = self.next_pick(waiting, earned)
            waiting = [w for w in waiting if w is not p]
            self._floor(p)

    def _floor(self, p: Pick) -> None:
        floor = self.floor(self.full[id(p)])
        if p in self.chosen:
            more = floor.seconds - p.item.seconds
            if floor.dose.sets > p.item.dose.sets and self.used() + more <= self.budget:
                p.item = floor
        elif self.used() + floor.seconds <= self.budget:
            p.item = floor
            self.chosen.append(p)
        else:
            when = "on a strength day" if p.item.kind is ExerciseKind.STRENGTH else days_a_week(self.days)
            self.notes.append(
                f"Left out {self.name(p)}: even at its smallest useful dose ({floor.dose.label()}, "
                f"{when}) it did not fit your {self.minutes} minutes after the more important exercises."
            )

    def _grow(self) -> None:
        """Back towards the full dose, earned step-ups first. A step-up that cannot fit says so."""
        for p in sorted(self.chosen, key=lambda p: (not p.progressed, p.priority)):
            target = self.full[id(p)]
            while p.item.dose.sets < target.dose.sets:
                bigger = self.with_dose(p.item, replace(p.item.dose, sets=p.item.dose.sets + 1))
                if self.used() + bigger.seconds - p.item.seconds > self.budget:
                    break
                p.item = bigger
            if p.progressed and p.item.dose != target.dose:
                self.notes.append(self.step_up_note(p, target, p.item))

    def _extras(self, extras: list[Pick], earned: set[int]) -> None:
        """Time left over: breadth first again, the regions that earned exercises before those that did not."""
        waiting = list(extras)
        while waiting:
            p = self.next_pick(waiting, earned)
            waiting = [w for w in waiting if w is not p]
            for item in (p.item, self.floor(p.item)):
                if self.used() + item.seconds <= self.budget:
                    if p.progressed and item.dose != p.item.dose:
                        self.notes.append(self.step_up_note(p, p.item, item))
                    p.item = item
                    self.chosen.append(p)
                    break
            else:
                if p.progressed:
                    self.notes.append(
                        f"Left out {self.name(p)} today, with its step-up: it did not fit your {self.minutes} minutes."
                    )

    def _under_floor_notes(self) -> None:
        for p in self.chosen:
            if p.item.kind is ExerciseKind.STRENGTH:
                continue
            minimum = self.minimum(p.item.dose)
            if weekly_amount(p.item.dose, self.days) < minimum:
                unit = "seconds of holding" if p.item.dose.kind is DoseKind.HOLD else "repetitions"
                p.item = replace(
                    p.item,
                    notes=(
                        *p.item.notes,
                        f"On {days_a_week(self.days)} this is under {minimum} {unit} a week per side, the smallest "
                        "amount known to help; more days a week would help more.",
                    ),
                )
