"""The routine generator (clinical-reference §7.3). Pure and deterministic.

Regions are ranked by how far below threshold the person is, then by asymmetry; restricted regions
get two to three exercises, borderline one, adequate none unless time is left. Thoracic extension
and rotation are always included unless the person's response rules them out. Every constraint is
absolute; the routine always fits the time budget; every item says why it was chosen. When the budget
is short (``domain.fitting``, planner.yaml ``fill_order``) each restricted region gets its first exercise
right after the mid-back pair at one set; then breadth first: every region that earned an exercise gets
its first before any region gets a second. A restricted region the minutes cannot hold is said plainly.
"""

from __future__ import annotations

from dataclasses import replace

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import Condition, Equipment, Exercise, ExerciseKind, Level, Region
from supple.domain.assessment import LEVEL_RANK, AssessmentResult, RegionSummary
from supple.domain.choice_reasons import CONDITION_WORDS, choice_reason, plain_choice_reason
from supple.domain.chosen import (
    CHANGED_NOTE,
    CHOSEN_NOTE,
    CHOSEN_PLAIN,
    Chosen,
    chosen_dose,
    chosen_parts,
    dose_for,
    removed,
    swap_for,
)
from supple.domain.dosing import Dose, dose_at
from supple.domain.fitting import Fitter
from supple.domain.plan_types import Constraints, Pick, PlanInput, Routine, RoutineItem
from supple.domain.schedule import session_weekdays
from supple.domain.strength import below_guideline_note, strength_plain, strength_reason, strength_weekdays


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
        return f"it is not advised with {CONDITION_WORDS[hit[0]]}"
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
        # Harder versions, which a person reaches by progressing rather than starts on.
        self._harder = {ex.progression for ex in catalogue.exercises.values() if ex.progression}
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
                return self._clinicians(candidate, inp, notes)
            candidate = self.cat.exercises.get(candidate.alternative or "")
        return None

    def _clinicians(self, ex: Exercise, inp: PlanInput, notes: list[str]) -> tuple[Exercise, list[str]]:
        """The exercise after the clinician's changes: another one in its place (when the person's
        settings allow it), or its own dose."""
        to = self.cat.exercises.get(swap_for(inp.overrides, ex.id) or "")
        if to is not None and to.id not in inp.excluded and allowed(to, inp.constraints, inp.conditions) is None:
            return to, [*notes, CHANGED_NOTE]
        if dose_for(inp.overrides, ex.id) is not None:
            return ex, [*notes, CHANGED_NOTE]
        return ex, notes

    def _family(self, exercise_id: str) -> set[str]:
        """An exercise and its easier, harder and off-the-floor versions: one per routine."""
        ex = self.cat.exercises[exercise_id]
        return {ex.id} | {x for x in (ex.alternative, ex.progression, ex.regression) if x}

    def _dose(self, slot_id: str, ex: Exercise, inp: PlanInput) -> Dose:
        if (set_by_clinician := dose_for(inp.overrides, ex.id)) is not None:
            return chosen_dose(ex, set_by_clinician.dose_item())
        state = inp.states.get(slot_id)
        level = state.level if state and state.variant_id == ex.id else 0
        dose, _, _ = dose_at(ex.dosage, self.cat.progression.steps_for(ex.kind), level)
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

    # -- the routine ----------------------------------------------------------------------------
    def plan(self, inp: PlanInput) -> Routine:
        if inp.chosen is not None:
            return self.chosen(inp, inp.chosen)
        if inp.overrides:  # an exercise the clinician left out is ruled out like one that did not suit
            inp = replace(inp, excluded=inp.excluded | removed(inp.overrides))
        budget = max(self.rules.minutes.min, min(self.rules.minutes.max, inp.constraints.minutes)) * 60
        notes: list[str] = []
        picks: list[Pick] = []
        extras: list[Pick] = []
        used: set[str] = set()
        mandatory = {(m.region, m.target) for m in self.rules.always_include}
        first: list[int] = []  # the restricted regions, most restricted first: their first places come first

        for place, entry in enumerate(self._ranked_regions(inp.assessment)):
            rank = place if place == 0 else place + 1  # strength work ranks 1 (see _strength_picks)
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
            if summary is not None and summary.level == "restricted":
                first.append(rank)
                extras += self._fallbacks(region, summary, inp, used, rank)
        days = max(self.rules.days_per_week.min, min(self.rules.days_per_week.max, inp.constraints.days_per_week))
        sessions = session_weekdays(days)
        strength_days = strength_weekdays(sessions, self.rules.strength)
        more, spare = self._strength_picks(inp, used, strength_days)
        picks, extras = picks + more, extras + spare
        fitter = self._fitter(budget, notes, days, tuple(first))
        fitted = fitter.fit(picks, extras)
        mobility = [i for i in fitted if i.kind is ExerciseKind.MOBILITY]
        strength = [i for i in fitted if i.kind is ExerciseKind.STRENGTH]
        if not strength:
            strength_days = ()
        elif note := below_guideline_note(strength_days, self.rules.strength):
            notes.append(note)
        today = inp.now is None or inp.now.weekday() in strength_days
        items = mobility + strength if today else mobility
        return Routine(
            items=tuple(items),
            total_seconds=sum(i.seconds for i in items),
            budget_seconds=budget,
            days_per_week=days,
            activity=self.rules.activity.text,
            notes=tuple(notes),
            strength=tuple(strength),
            strength_days=strength_days,
            session_days=sessions,
            walking_minutes=inp.walking_minutes,
            walking_days=inp.walking_days,
            short_of_time=fitter.short_of_time,
        )

    def chosen(self, inp: PlanInput, chosen: Chosen) -> Routine:
        """The routine a clinician assigned, every session day, exactly as they set it (no time fitting:
        the clinician set the doses); only what the safety questions rule out is left out, with a note."""
        parts, notes = chosen_parts(self.cat, chosen, lambda ex: allowed(ex, inp.constraints, inp.conditions))
        items = tuple(
            RoutineItem(
                slot_id=p.exercise.id,
                exercise_id=p.exercise.id,
                region=p.exercise.region,
                target=p.exercise.target,
                dose=p.dose,
                seconds=self._seconds(p.dose),
                reason=p.reason,
                plain=CHOSEN_PLAIN,
                kind=p.exercise.kind,
            )
            for p in parts
        )
        days = max(self.rules.days_per_week.min, min(self.rules.days_per_week.max, inp.constraints.days_per_week))
        total = sum(i.seconds for i in items)
        return Routine(
            items=items,
            total_seconds=total,
            budget_seconds=max(total, inp.constraints.minutes * 60),
            days_per_week=days,
            activity=self.rules.activity.text,
            notes=(CHOSEN_NOTE, *notes),
            session_days=session_weekdays(days),
            walking_minutes=inp.walking_minutes,
            walking_days=inp.walking_days,
        )

    def _strength_picks(self, inp: PlanInput, used: set[str], days: tuple[int, ...]) -> tuple[list[Pick], list[Pick]]:
        """The strength work of a strength day: the rules' slots in order, each as the person can do it
        (off the floor, leaving out what a condition rules out), up to ``per_day.default`` exercises,
        and up to ``per_day.max`` when time is left (as extras). They rank after the most restricted region's
        mobility work and before the rest (``rank`` 1)."""
        picks: list[Pick] = []
        extras: list[Pick] = []
        if not days:
            return picks, extras
        for slot_id in self.rules.strength.slots:
            if len(picks) + len(extras) >= self.rules.strength.per_day.max:
                break
            slot = self.cat.exercises[slot_id]
            resolved = self._resolve(slot, inp) if slot.id not in used else None
            if resolved is None or resolved[0].id in used:
                continue
            ex, sub_notes = resolved
            used.update(self._family(slot.id) | self._family(ex.id))
            dose = self._dose(slot.id, ex, inp)
            item = RoutineItem(
                slot_id=slot.id,
                exercise_id=ex.id,
                region=None,
                target=ex.target,
                dose=dose,
                seconds=self._seconds(dose),
                reason=strength_reason(ex.area, days),
                notes=tuple(sub_notes),
                plain=strength_plain(ex.target, ex.area, days),
                kind=ExerciseKind.STRENGTH,
            )
            state = inp.states.get(slot.id)
            progressed = state is not None and (state.level > 0 or state.variant_id != slot.id)
            wanted = len(picks) < self.rules.strength.per_day.default
            (picks if wanted else extras).append(Pick(1, False, item, progressed))
        return picks, extras

    def _pick(
        self,
        region: Region,
        target: str,
        summary: RegionSummary | None,
        inp: PlanInput,
        used: set[str],
        mandatory: bool,
        rank: int,
    ) -> Pick | None:
        for slot in self._order:
            if slot.region is not region or slot.target != target or slot.id in used:
                continue
            pick = self._slot_pick(slot, summary, inp, used, mandatory, rank)
            if pick is not None:
                return pick
        return None

    def _fallbacks(
        self, region: Region, summary: RegionSummary, inp: PlanInput, used: set[str], rank: int
    ) -> list[Pick]:
        """Every other exercise of a restricted region that suits the person (not a harder version, and
        none related to one already chosen), for the fitting to try when none of the region's own picks
        fits the minutes, so a stiff region is in the routine whenever one of its exercises fits. They
        never take a place otherwise."""
        out: list[Pick] = []
        for slot in self._order:  # at most one of them is placed, so they need not be of different families
            if slot.region is not region or slot.id in used or slot.id in self._harder:
                continue
            pick = self._slot_pick(slot, summary, inp, used, False, rank)
            if pick is None or self._family(pick.item.exercise_id) & used:
                continue
            if all(p.item.exercise_id != pick.item.exercise_id for p in out):
                out.append(replace(pick, fallback=True))
        return out

    def _slot_pick(
        self, slot: Exercise, summary: RegionSummary | None, inp: PlanInput, used: set[str], mandatory: bool, rank: int
    ) -> Pick | None:
        """A slot as the person can do it today, with its dose and reasons; None when it does not suit."""
        region = slot.region
        resolved = self._resolve(slot, inp)
        if region is None or resolved is None or resolved[0].id in used:
            return None
        ex, sub_notes = resolved
        target = slot.target
        dose = self._dose(slot.id, ex, inp)
        item = RoutineItem(
            slot_id=slot.id,
            exercise_id=ex.id,
            region=region,
            target=target,
            dose=dose,
            seconds=self._seconds(dose),
            reason=choice_reason(self.cat, region, target, summary, mandatory),
            notes=tuple(sub_notes),
            plain=plain_choice_reason(self.cat, region, target, summary, mandatory),
        )
        state = inp.states.get(slot.id)
        progressed = state is not None and (state.level > 0 or state.variant_id != slot.id)
        return Pick(rank, mandatory, item, progressed)

    def _fitter(self, budget: int, notes: list[str], days: int, first: tuple[int, ...]) -> Fitter:
        """The fitting of the budget (``domain.fitting``): the dose floor holds, the restricted regions
        get their first places first, earned step-ups grow first."""
        return Fitter(self.cat, self.rules.dose_floor, self._seconds, budget, days, notes, first=first)
