"""The routine generator (clinical-reference §7.3). Pure and deterministic.

Regions are ranked by how far below threshold the person is, then by asymmetry; restricted regions
get two to three exercises, borderline one, adequate none unless time is left. Thoracic extension
and rotation are always included unless the person's response rules them out. Every constraint is
absolute; the routine always fits the time budget; every item says why it was chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Condition, Equipment, Exercise, Level, Region
from supple.domain.assessment import LEVEL_RANK, AssessmentResult, RegionSummary, describe, describe_asymmetry
from supple.domain.dosing import Dose, dose_at
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

    def _fit(
        self, picks: list[_Pick], extras: list[_Pick], budget: int, notes: list[str], days: int
    ) -> list[RoutineItem]:
        """Fit the budget (``domain.fitting``): the dose floor holds, earned step-ups grow first."""
        from supple.domain.fitting import Fitter

        fitter = Fitter(self.cat, self.rules.dose_floor, self._seconds, budget, days, notes)
        return fitter.fit(picks, extras)
