"""Doses: what one exercise asks for at a progression level, and how long it takes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from supple.catalogue.rules import StepRule
from supple.catalogue.schema import Dosage, DoseKind, Sides

GET_READY_S = 5  # seconds to get into position before each side; both session players use it


@dataclass(frozen=True)
class Dose:
    kind: DoseKind
    sets: int
    sides: Sides
    rest_s: int
    hold_s: int | None = None
    reps: int | None = None
    rep_s: int = 6

    @property
    def side_count(self) -> int:
        return 2 if self.sides is Sides.EACH else 1

    def work_seconds(self) -> int:
        per_set = (self.hold_s or 0) if self.kind is DoseKind.HOLD else (self.reps or 0) * self.rep_s
        return self.side_count * (self.sets * per_set + (self.sets - 1) * self.rest_s)

    def label(self) -> str:
        each = " each side" if self.sides is Sides.EACH else ""
        if self.kind is DoseKind.HOLD:
            return f"{self.sets} × {self.hold_s} s hold{each}"
        return f"{self.sets} × {self.reps} slow reps{each}"


def base_dose(d: Dosage) -> Dose:
    return Dose(d.kind, d.sets, d.sides, d.rest_s, d.hold_s, d.reps, d.rep_s)


def ladder(d: Dosage, steps: StepRule) -> tuple[list[Dose], int]:
    """All doses from easiest to hardest, one progression step apart, and the index of the
    catalogue's starting dose. Holds grow first (+15 s up to 60 s), then sets; drills grow in
    sets, then reps; strength exercises (``steps.reps_first``) in reps, then sets."""
    start = base_dose(d)
    harder: list[Dose] = []
    cur = start
    while True:
        nxt = _harder(cur, steps)
        if nxt is None:
            break
        harder.append(nxt)
        cur = nxt
    easier: list[Dose] = []
    cur = start
    while True:
        prev = _easier(cur, steps)
        if prev is None:
            break
        easier.append(prev)
        cur = prev
    return [*reversed(easier), start, *harder], len(easier)


def _harder(dose: Dose, s: StepRule) -> Dose | None:
    if dose.kind is DoseKind.HOLD:
        if dose.hold_s is not None and dose.hold_s < s.hold_max_s:
            return replace(dose, hold_s=min(dose.hold_s + s.hold_step_s, s.hold_max_s))
        if dose.sets < s.sets_max:
            return replace(dose, sets=dose.sets + 1)
        return None
    if s.reps_first and dose.reps is not None and dose.reps < s.reps_max:
        return replace(dose, reps=min(dose.reps + s.reps_step, s.reps_max))
    if dose.sets < s.sets_max:
        return replace(dose, sets=dose.sets + 1)
    if dose.reps is not None and dose.reps < s.reps_max:
        return replace(dose, reps=min(dose.reps + s.reps_step, s.reps_max))
    return None


def _easier(dose: Dose, s: StepRule) -> Dose | None:
    if dose.kind is DoseKind.HOLD:
        if dose.hold_s is not None and dose.hold_s > s.hold_min_s:
            return replace(dose, hold_s=max(dose.hold_s - s.hold_step_s, s.hold_min_s))
        if dose.sets > s.sets_min:
            return replace(dose, sets=dose.sets - 1)
        return None
    if dose.reps is not None and dose.reps > s.reps_min:
        return replace(dose, reps=max(dose.reps - s.reps_step, s.reps_min))
    if dose.sets > s.sets_min:
        return replace(dose, sets=dose.sets - 1)
    return None


def dose_at(d: Dosage, steps: StepRule, level: int) -> tuple[Dose, bool, bool]:
    """Dose at a level (0 = catalogue start), and whether it is the top / bottom of the ladder."""
    doses, start = ladder(d, steps)
    i = max(0, min(len(doses) - 1, start + level))
    return doses[i], i == len(doses) - 1, i == 0


def weekly_amount(dose: Dose, days_per_week: int) -> int:
    """Seconds held (holds) or reps done (drills) per side in a week."""
    per_set = (dose.hold_s or 0) if dose.kind is DoseKind.HOLD else (dose.reps or 0)
    return dose.sets * per_set * days_per_week


def floor_dose(dose: Dose, days_per_week: int, weekly_minimum: int) -> Dose:
    """The fewest sets of ``dose`` that still reach ``weekly_minimum`` per side (never more than ``dose``)."""
    per_set = (dose.hold_s or 0) if dose.kind is DoseKind.HOLD else (dose.reps or 0)
    if per_set <= 0 or days_per_week <= 0:
        return dose
    sets = -(-weekly_minimum // (per_set * days_per_week))  # ceiling division
    return replace(dose, sets=max(1, min(dose.sets, sets)))


def fewer_sets(dose: Dose) -> Dose | None:
    """The same dose with one set less, for fitting a short time budget."""
    return replace(dose, sets=dose.sets - 1) if dose.sets > 1 else None
