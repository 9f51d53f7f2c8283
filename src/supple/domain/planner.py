"""The routine generator (clinical-reference §7.3). Pure and deterministic.

Regions are ranked by how far below threshold the person is, then by asymmetry; restricted regions
get two to three exercises, borderline one, adequate none unless time is left. Thoracic extension
and rotation are always included unless the person's response rules them out. Every constraint is
absolute; the routine always fits the time budget; every item says why it was chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Condition, DoseKind, Equipment, Exercise, Level, Region
from supple.domain.assessment import LEVEL_RANK, AssessmentResult, RegionSummary, describe, describe_asymmetry
from supple.domain.dosing import Dose, dose_at, floor_dose, weekly_amount
from supple.domain.plain_words import plain_asymmetry, plain_findings, plain_reason
from supple.domain.progression import ExerciseState

REGION_WORDS = {Region.THORACIC: "mid back", Region.ANKLE: "ankles", Region.HIP: "hips"}


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
    now: datetime | None = None


@dataclass(frozen=True)
class RoutineItem:
    slot_id: str
    exercise_id: str
    region: Region
    target: str
    dose: Dose
    seconds: int
    reason: str
    notes: tuple[str, ...] = ()
    plain: str = ""  # the reason in the person's words; ``reason`` keeps the numbers and thresholds


@dataclass(frozen=True)
class Routine:
    items: tuple[RoutineItem, ...]
    total_seconds: int
    budget_seconds: int
    days_per_week: int
    activity: str
    notes: tuple[str, ...]


@dataclass
class _Pick:
    priority: int
    mandatory: bool
    item: RoutineItem
    progressed: bool = False  # the person earned a bigger dose: it gets its time first


def allowed(ex: Exercise, c: Constraints, conditions: frozenset[Condition]) -> str | None:
    """None when the exercise may be offered, else the reason it may not."""
    if c.no_floor and ex.needs_floor:
        return "it needs you to get down to the floor"
    if c.no_kneeling and ex.needs_kneeling:
        return "it needs kneeling"
    if c.no_foam_roller and Equipment.FOAM_ROLLER in ex.equipment:
        return "it needs a foam roller"
    if c.no_band and Equipment.BAND in ex.equipment:
        return "it needs a band"
    hit = sorted(set(ex.avoid_with) & conditions)
    if hit:
        return f"it is not advised with {hit[0].value.replace('_', ' ')}"
    return None


class Planner:
    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.rules = catalogue.planner
        linked = {
            link
            for ex in catalogue.exercises.values()
            for link in (ex.alternative, ex.progression, ex.regression)
            if link
        }
        # Primary choices first: the seed's own exercises, then ones that are nobody's variant.
        self._order = sorted(catalogue.exercises.values(), key=lambda e: (not e.seed_named, e.id in linked, e.id))

    # -- choosing an exercise for a slot --------------------------------------------------------
    def _resolve(self, slot: Exercise, inp: PlanInput) -> tuple[Exercise, list[str]] | None:
        state = inp.states.get(slot.id)
        now = inp.now
        if state and state.rest_until and now and now < state.rest_until:
            return None
        current = self.cat.exercises.get(state.variant_id, slot) if state else slot
        notes: list[str] = []
        seen: set[str] = set()
        candidate: Exercise | None = current
        while candidate is not None and candidate.id not in seen:
            seen.add(candidate.id)
            why_not = allowed(candidate, inp.constraints, inp.conditions)
            if why_not is None and candidate.id not in inp.excluded:
                if candidate.id != current.id:
                    why = allowed(current, inp.constraints, inp.conditions) or "it did not suit you"
                    notes.append(f"Instead of {current.name}, because {why}.")
                return candidate, notes
            candidate = self.cat.exercises.get(candidate.alternative or "")
        return None

    def _family(self, exercise_id: str) -> set[str]:
        """An exercise and its easier, harder and off-the-floor versions: one per routine."""
        ex = self.cat.exercises[exercise_id]
        return {ex.id} | {x for x in (ex.alternative, ex.progression, ex.regression) if x}

    def _dose(self, slot_id: str, ex: Exercise, inp: PlanInput) -> Dose:
        state = inp.states.get(slot_id)
        level = state.level if state and state.variant_id == ex.id else 0
        dose, _, _ = dose_at(ex.dosage, self.cat.progression.steps, level)
        return dose

    def _seconds(self, dose: Dose) -> int:
        return dose.work_seconds() + self.rules.transition_s

    # -- ranking ------------------------------------------------------------------------------------
    def _ranked_regions(self, a: AssessmentResult | None) -> list[RegionSummary | Region]:
        order = self.rules.region_order
        if a is None:
            return list(order)

        def key(r: Region) -> tuple[float, float, int, int]:
            s = a.regions[r]
            level_rank = LEVEL_RANK[s.level] if s.level else 3
            return (level_rank, -s.severity, -len(s.asymmetries), order.index(r))

        return [a.regions[r] for r in sorted(order, key=key)]

    def _slots(self, level: Level | None) -> tuple[int, int]:
        s = self.rules.slots
        if level == "restricted":
            return s.restricted, s.restricted_max
        if level == "borderline":
            return s.borderline, s.borderline + 1
        if level == "adequate":
            return s.adequate, 1
        return 1, 2  # nothing measured yet: a balanced starter set

    def _targets(self, region: Region, summary: RegionSummary | None) -> tuple[list[str], list[str]]:
        """A region's targets: those linked to its findings (worst first), then the rest."""
        linked: list[str] = []
        if summary is not None:
            findings = [(f.test_id, f.metric_id) for f in summary.findings if f.level != "adequate"]
            flagged = [(a.test_id, a.metric_id) for a in summary.asymmetries]
            metrics = [m for m in (self.cat.metric(t, mid) for t, mid in findings + flagged) if m is not None]
            # The main target of each finding first, then their secondary targets.
            for depth in range(max((len(m.targets) for m in metrics), default=0)):
                for m in metrics:
                    if depth < len(m.targets) and m.targets[depth] not in linked:
                        linked.append(m.targets[depth])
        known = self.rules.target_order.get(region, [])
        extra = sorted({ex.target for ex in self._order if ex.region is region} - set(known))
        rest = [t for t in [*known, *extra] if t not in linked]
        return linked, rest

    def _reason(self, region: Region, target: str, summary: RegionSummary | None, mandatory: bool) -> str:
        words = REGION_WORDS[region]
        parts: list[str] = []
        if summary is not None:
            for f in summary.findings:
                metric = self.cat.metric(f.test_id, f.metric_id)
                if f.level != "adequate" and metric and target in metric.targets:
                    parts.append(describe(f, self.cat))
            for flag in summary.asymmetries:
                metric = self.cat.metric(flag.test_id, flag.metric_id)
                if metric and target in metric.targets:
                    parts.append(describe_asymmetry(flag, self.cat))
        if parts:
            return f"Your {words}: " + "; ".join(parts[:2]) + "."
        if mandatory:
            return f"Mid-back {target} is part of every routine: it is the core of the method Supple follows."
        if summary is None or summary.level is None:
            return f"No test result for your {words} yet, so a gentle general exercise is included."
        return f"Your {words} tested {summary.level}; this keeps them moving."

    def _plain_reason(self, region: Region, target: str, summary: RegionSummary | None, mandatory: bool) -> str:
        """The same choice as ``_reason``, in plain words (no numbers): see domain/plain_words.py."""
        found: list[str] = []
        if summary is not None:
            hits = []
            for f in summary.findings:
                metric = self.cat.metric(f.test_id, f.metric_id)
                if f.level != "adequate" and metric and target in metric.targets:
                    hits.append(f)
            found += plain_findings(hits, region)
            for flag in summary.asymmetries:
                metric = self.cat.metric(flag.test_id, flag.metric_id)
                if metric and target in metric.targets:
                    found.append(plain_asymmetry(flag, region))
        found = list(dict.fromkeys(found))  # two tests of one ankle say the same thing once
        return plain_reason(region, found, mandatory, summary.level if summary else None, target)

    # -- the routine ----------------------------------------------------------------------------
    def plan(self, inp: PlanInput) -> Routine:
        budget = max(self.rules.minutes.min, min(self.rules.minutes.max, inp.constraints.minutes)) * 60
        notes: list[str] = []
        picks: list[_Pick] = []
        extras: list[_Pick] = []
        used: set[str] = set()
        mandatory = {(m.region, m.target) for m in self.rules.always_include}

        for rank, entry in enumerate(self._ranked_regions(inp.assessment)):
            summary = entry if isinstance(entry, RegionSummary) else None
            region = entry.region if isinstance(entry, RegionSummary) else entry
            want, most = self._slots(summary.level if summary else None)
            linked, rest = self._targets(region, summary)
            required = [t for t in (*linked, *rest) if (region, t) in mandatory]
            # Mandatory targets first, then targets the tests point at (twice), then the others.
            sequence = [(t, True) for t in required]
            sequence += [(t, False) for t in linked if t not in required] + [(t, False) for t in linked]
            sequence += [(t, False) for t in rest if t not in required]
            chosen = 0
            for target, is_mandatory in sequence:
                if chosen >= most and not is_mandatory:
                    continue
                pick = self._pick(region, target, summary, inp, used, is_mandatory, rank)
                if pick is None:
                    if is_mandatory:
                        notes.append(f"No mid-back {target} exercise fits your settings and responses today.")
                    continue
                used.update(self._family(pick.item.slot_id) | self._family(pick.item.exercise_id))
                (picks if chosen < want or is_mandatory else extras).append(pick)
                chosen += 1
        days = max(self.rules.days_per_week.min, min(self.rules.days_per_week.max, inp.constraints.days_per_week))
        items = self._fit(picks, extras, budget, notes, days)
        total = sum(i.seconds for i in items)
        return Routine(
            items=tuple(items),
            total_seconds=total,
            budget_seconds=budget,
            days_per_week=days,
            activity=self.rules.activity.text,
            notes=tuple(notes),
        )

    def _pick(
        self,
        region: Region,
        target: str,
        summary: RegionSummary | None,
        inp: PlanInput,
        used: set[str],
        mandatory: bool,
        rank: int,
    ) -> _Pick | None:
        for slot in self._order:
            if slot.region is not region or slot.target != target or slot.id in used:
                continue
            resolved = self._resolve(slot, inp)
            if resolved is None or resolved[0].id in used:
                continue
            ex, sub_notes = resolved
            dose = self._dose(slot.id, ex, inp)
            item = RoutineItem(
                slot_id=slot.id,
                exercise_id=ex.id,
                region=region,
                target=target,
                dose=dose,
                seconds=self._seconds(dose),
                reason=self._reason(region, target, summary, mandatory),
                notes=tuple(sub_notes),
                plain=self._plain_reason(region, target, summary, mandatory),
            )
            state = inp.states.get(slot.id)
            progressed = state is not None and (state.level > 0 or state.variant_id != slot.id)
            return _Pick(rank, mandatory, item, progressed)
        return None

    def _floor(self, item: RoutineItem, days: int) -> RoutineItem:
        """The item at its dose floor: the fewest sets that still reach the minimum effective weekly dose."""
        f = self.rules.dose_floor
        minimum = f.hold_s_per_week_per_side if item.dose.kind is DoseKind.HOLD else f.reps_per_week_per_side
        dose = floor_dose(item.dose, days, minimum)
        return replace(item, dose=dose, seconds=self._seconds(dose))

    @staticmethod
    def _step_up_note(name: str, full: RoutineItem, today: RoutineItem, minutes: int) -> str:
        return (
            f"{name}: your step-up to {full.dose.label()} does not fit your {minutes} minutes together with "
            f"the exercises above it, so today it is {today.dose.label()}. Allow more minutes in your settings "
            "to get the full step-up."
        )

    def _fit(
        self, picks: list[_Pick], extras: list[_Pick], budget: int, notes: list[str], days: int
    ) -> list[RoutineItem]:
        """Fit the budget, most important first: mid-back extension and rotation always; then every pick
        at its dose floor (the minimum effective weekly dose), never below it: a pick that does not fit is
        left out, with a note saying which and why. Then picks grow back to their full dose, earned
        step-ups first; a step-up that cannot fit says so and what the dose is today. Extras come last."""
        chosen: list[_Pick] = []
        full: dict[int, RoutineItem] = {}
        minutes = budget // 60

        def used() -> int:
            return sum(p.item.seconds for p in chosen)

        def name(p: _Pick) -> str:
            return self.cat.exercises[p.item.exercise_id].name

        def one_set(item: RoutineItem) -> RoutineItem:
            dose = replace(item.dose, sets=1)
            return replace(item, dose=dose, seconds=self._seconds(dose))

        # Mid-back extension and rotation are in every routine: first each at one set, so both fit.
        ordered = sorted(picks, key=lambda p: (not p.mandatory, p.priority))
        for p in ordered:
            full[id(p)] = p.item
            if p.mandatory and used() + one_set(p.item).seconds <= budget:
                p.item = one_set(p.item)
                chosen.append(p)
        # Then every pick at its dose floor, most important first; what does not fit is left out, named.
        for p in ordered:
            floor = self._floor(full[id(p)], days)
            if p in chosen:
                if floor.dose.sets > p.item.dose.sets and used() - p.item.seconds + floor.seconds <= budget:
                    p.item = floor
                continue
            if used() + floor.seconds <= budget:
                p.item = floor
                chosen.append(p)
                continue
            notes.append(
                f"Left out {name(p)}: even at its smallest useful dose ({floor.dose.label()}, {days} days a week) "
                f"it did not fit your {minutes} minutes after the more important exercises."
            )
        # Then back to the full dose: earned step-ups first. A step-up that cannot fit says so.
        for p in sorted(chosen, key=lambda p: (not p.progressed, p.priority)):
            target = full[id(p)]
            while p.item.dose.sets < target.dose.sets:
                bigger = replace(p.item.dose, sets=p.item.dose.sets + 1)
                extra_s = self._seconds(bigger) - p.item.seconds
                if used() + extra_s > budget:
                    break
                p.item = replace(p.item, dose=bigger, seconds=self._seconds(bigger))
            if p.progressed and p.item.dose != target.dose:
                notes.append(self._step_up_note(name(p), target, p.item, minutes))
        for p in extras:
            for item in (p.item, self._floor(p.item, days)):
                if used() + item.seconds <= budget:
                    if p.progressed and item.dose != p.item.dose:
                        notes.append(self._step_up_note(name(p), p.item, item, minutes))
                    p.item = item
                    chosen.append(p)
                    break
            else:
                if p.progressed:
                    notes.append(f"Left out {name(p)} today, with its step-up: it did not fit your {minutes} minutes.")
        f = self.rules.dose_floor
        for p in chosen:
            minimum = f.hold_s_per_week_per_side if p.item.dose.kind is DoseKind.HOLD else f.reps_per_week_per_side
            if weekly_amount(p.item.dose, days) < minimum:
                unit = "seconds of holding" if p.item.dose.kind is DoseKind.HOLD else "repetitions"
                p.item = replace(
                    p.item,
                    notes=(
                        *p.item.notes,
                        f"On {days} days a week this is under {minimum} {unit} a week per side, the smallest "
                        "amount known to help; more days a week would help more.",
                    ),
                )
        chosen.sort(key=lambda p: (p.priority, not p.mandatory))
        return [p.item for p in chosen]
