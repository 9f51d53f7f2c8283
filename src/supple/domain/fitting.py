"""Fitting the routine into the person's minutes without cutting below the dose floor (issue 12 §3). Pure.

Most important first: mid-back extension and rotation always (one set each); then the first exercise of
each restricted region (the regions the results say the routine works on first), most restricted first;
then every pick at its dose floor (the
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
from supple.domain.choice_reasons import REGION_WORDS
from supple.domain.dosing import Dose, floor_dose, weekly_amount
from supple.domain.formatting import days_a_week, plural
from supple.domain.plan_types import Pick, RoutineItem

SHORT_VERSION = (
    "A short version, so that it fits your time. Doing it on more days a week, or giving it more minutes, "
    "lets it build up."
)


@dataclass
class Fitter:
    cat: Catalogue
    floor_rule: DoseFloor
    seconds: Callable[[Dose], int]
    budget: int
    days: int
    notes: list[str]
    first: tuple[int, ...] = ()  # the restricted regions' groups, most restricted first
    chosen: list[Pick] = field(default_factory=list)
    full: dict[int, RoutineItem] = field(default_factory=dict)
    short_of_time: str = ""
    tried: list[Pick] = field(default_factory=list)  # placed or left out in the first places

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
        for p in extras:
            self.full[id(p)] = p.item
        self._first_places(ordered, extras)
        self._floors([p for p in ordered if p.mandatory or all(p is not t for t in self.tried)])
        self._grow()
        self._extras(
            [p for p in extras if not p.fallback and all(p is not t for t in self.tried)], {p.priority for p in picks}
        )
        self._say_what_did_not_fit(ordered, extras)
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

    def has(self, p: Pick) -> bool:
        return any(c is p for c in self.chosen)

    def _first_places(self, ordered: list[Pick], extras: list[Pick]) -> None:
        """Each restricted region's first exercise at its smallest useful dose, most restricted first,
        right after the mid-back exercises every routine has (at one set): the regions the results say
        the routine works on first get the first minutes. A region whose exercise does not fit tries its
        next one, then any other of its exercises that suits the person."""
        for group in self.first:
            if self.placed(group):
                continue
            for p in [*ordered, *extras]:
                if p.priority != group or p.mandatory:
                    continue
                self.tried.append(p)
                if self._floor(p, quiet=all(p is not o for o in ordered)):
                    break

    def _say_what_did_not_fit(self, ordered: list[Pick], extras: list[Pick]) -> None:
        """A restricted region with no exercise in the routine: one plain sentence, first in the notes,
        with the minutes that would fit it."""
        every = [*ordered, *extras]
        missing = [g for g in self.first if not self.placed(g)]  # only time can leave out a region with picks
        regions = [next((p.item.region for p in every if p.priority == g), None) for g in missing]
        names = [REGION_WORDS[r] for r in regions if r is not None]
        if not names:
            return
        mandatory = [p for p in ordered if p.mandatory]
        need = sum(self.floor_or_one(p).seconds for p in mandatory) + sum(
            min((self.floor(self.full[id(p)]).seconds for p in every if p.priority == g), default=0)
            for g in self.first
            if not any(p.priority == g for p in mandatory)
        )
        top = self.cat.planner.minutes.max
        more = next((m for m in range(5, top + 1, 5) if m * 60 >= need and m > self.minutes), None)
        what = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        fits = f"Your {self.minutes} minutes fit {plural(len(self.chosen), 'exercise')}"
        self.short_of_time = (
            f"{fits}; choose {more} minutes to include your {what}."
            if more
            else f"{fits}, not yet one for your {what}: allow more minutes in your settings."
        )
        self.notes.insert(0, self.short_of_time)

    def floor_or_one(self, p: Pick) -> RoutineItem:
        """The least a mandatory mid-back exercise takes: one set."""
        return self.with_dose(self.full[id(p)], replace(self.full[id(p)].dose, sets=1))

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

    def _floor(self, p: Pick, quiet: bool = False) -> bool:
        """Place ``p`` at its dose floor if it fits (True), else name it as left out (unless ``quiet``)."""
        floor = self.floor(self.full[id(p)])
        if self.has(p):
            more = floor.seconds - p.item.seconds
            if floor.dose.sets > p.item.dose.sets and self.used() + more <= self.budget:
                p.item = floor
            return True
        if self.used() + floor.seconds <= self.budget:
            p.item = floor
            self.chosen.append(p)
            return True
        if not quiet:
            when = "on a strength day" if p.item.kind is ExerciseKind.STRENGTH else days_a_week(self.days)
            self.notes.append(
                f"Left out {self.name(p)}: even at its smallest useful dose ({floor.dose.label()}, "
                f"{when}) it did not fit your {self.minutes} minutes after the more important exercises."
            )
        return False

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
        """An item below its weekly dose floor: a plain, encouraging line for the person, and the numbers
        with their source in the reason (shown to clinicians behind "details")."""
        for p in self.chosen:
            if p.item.kind is ExerciseKind.STRENGTH:
                continue
            minimum = self.minimum(p.item.dose)
            amount = weekly_amount(p.item.dose, self.days)
            if amount < minimum:
                hold = p.item.dose.kind is DoseKind.HOLD
                unit = "seconds of holding" if hold else "repetitions"
                source = self.floor_rule.hold_source if hold else self.floor_rule.reps_source
                p.item = replace(
                    p.item,
                    reason=(
                        f"{p.item.reason} Weekly dose: {amount} {unit} per side on {days_a_week(self.days)}, "
                        f"below the floor of {minimum} (planner.yaml dose_floor; {source.ref} [{source.tag.value}])."
                    ),
                    notes=(*p.item.notes, SHORT_VERSION),
                )
