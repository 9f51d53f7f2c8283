"""The in-memory catalogue: everything the domain needs from the data files. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from supple.catalogue.pose_gate_rules import PoseGateRules
from supple.catalogue.rules import (
    OutcomeRules,
    PlannerRules,
    ProgressionRules,
    SafetyRules,
    ThresholdRules,
    YellowFlagRules,
)
from supple.catalogue.schema import (
    EducationText,
    Exercise,
    ExerciseKind,
    MeasureMethod,
    Metric,
    TestDefinition,
    Threshold,
)

if TYPE_CHECKING:  # the camera's gates are imported when asked for: plan and progress never need them
    from supple.domain.pose_quality import GateLimits


@dataclass(frozen=True)
class Catalogue:
    exercises: dict[str, Exercise]
    tests: dict[str, TestDefinition]
    thresholds: ThresholdRules
    outcomes: OutcomeRules
    progression: ProgressionRules
    planner: PlannerRules
    safety: SafetyRules
    yellow_flags: YellowFlagRules
    education: dict[str, EducationText]
    pose_gates: PoseGateRules

    def gate_limits(self) -> GateLimits:
        """The camera quality gates' limits as the domain takes them."""
        from supple.domain.pose_quality import GateLimits

        g = self.pose_gates
        return GateLimits(
            min_visibility=g.min_visibility.value,
            max_width_ratio=g.max_width_ratio.value,
            min_extent=g.min_extent.value,
            max_tilt_deg=g.max_tilt_deg.value,
            nearer_margin=g.nearer_margin.value,
            max_trunk_off_deg=g.max_trunk_off_deg.value,
            max_spread_deg=g.max_spread_deg.value,
            max_foot_tilt_deg=g.max_foot_tilt_deg.value,
            max_rear_ahead=g.max_rear_ahead.value,
            max_feet_gap=g.max_feet_gap.value,
            min_rear_behind=g.min_rear_behind.value,
            frame_margin=g.frame_margin.value,
            max_lying_thigh_deg=g.max_lying_thigh_deg.value,
            person_min_points=round(g.person_min_points.value),
            person_limb_ratio=(g.person_min_limb_ratio.value, g.person_max_limb_ratio.value),
        )

    def threshold(self, test_id: str, metric_id: str) -> Threshold | None:
        for t in self.thresholds.thresholds:
            if t.test == test_id and t.metric == metric_id:
                return t
        return None

    def metric(self, test_id: str, metric_id: str) -> Metric | None:
        test = self.tests.get(test_id)
        if test is None:
            return None
        return next((m for m in test.metrics if m.id == metric_id), None)

    def cross_check(self) -> list[str]:
        """Return every broken reference between files (empty when consistent)."""
        return [
            *self._exercise_links(),
            *self._threshold_links(),
            *self._safety_links(),
            *self._target_links(),
            *self._strength_links(),
        ]

    def _strength_links(self) -> list[str]:
        problems = [
            f"rules/planner.yaml: strength slot '{slot}' is not a strength exercise"
            for slot in self.planner.strength.slots
            if slot not in self.exercises or self.exercises[slot].kind is not ExerciseKind.STRENGTH
        ]
        for ex in self.exercises.values():
            for link in ("regression", "progression", "alternative"):
                other = self.exercises.get(getattr(ex, link) or "")
                if other is not None and other.kind is not ex.kind:
                    problems.append(f"exercises/{ex.id}.yaml: {link} '{other.id}' is not a {ex.kind.value} exercise")
        return problems

    def _exercise_links(self) -> list[str]:
        problems: list[str] = []
        for ex in self.exercises.values():
            for link in ("regression", "progression", "alternative"):
                target = getattr(ex, link)
                if target is not None and target not in self.exercises:
                    problems.append(f"exercises/{ex.id}.yaml: {link} '{target}' is not an exercise")
            alt = self.exercises.get(ex.alternative or "")
            if alt is not None and alt.needs_floor:
                problems.append(f"exercises/{ex.id}.yaml: alternative '{alt.id}' needs the floor")
        return problems

    def _threshold_links(self) -> list[str]:
        problems = [
            f"rules/thresholds.yaml: {t.test}.{t.metric} is not a test metric"
            for t in self.thresholds.thresholds
            if self.metric(t.test, t.metric) is None
        ]
        for t in self.thresholds.thresholds:
            c = t.condition
            if c and c.protocol_step and t.test in self.tests:
                steps = " ".join(self.tests[t.test].steps)
                if c.protocol_step not in steps:
                    problems.append(f"rules/thresholds.yaml: {t.test}.{t.metric} needs the step '{c.protocol_step}'")
            if c and c.same_side and self.metric(t.test, c.same_side.metric) is None:
                problems.append(f"rules/thresholds.yaml: {t.test}.{t.metric} condition names unknown metric")
        for test in self.tests.values():
            for m in test.metrics:
                if MeasureMethod.PHONE in m.methods and m.phone_level is None:
                    problems.append(f"tests/{test.id}.yaml: metric {m.id} is measured by phone but has no phone_level")
                if self.threshold(test.id, m.id) is None:
                    problems.append(f"tests/{test.id}.yaml: metric {m.id} has no entry in thresholds")
        return problems

    def _safety_links(self) -> list[str]:
        problems: list[str] = []
        question_ids = {q.id for q in self.safety.questions} | {f.id for f in self.safety.age_facts}
        seen: dict[str, bool] = {}
        for q in self.safety.questions:
            if q.follows is not None and (q.follows not in seen or (q.every_session and not seen[q.follows])):
                problems.append(
                    f"rules/safety.yaml: question {q.id} follows '{q.follows}', which must come before it "
                    "and be asked whenever it is asked"
                )
            seen[q.id] = q.every_session
            if q.known and not q.known_label:
                problems.append(f"rules/safety.yaml: question {q.id} can hold a known symptom but has no known_label")
        for rule in self.safety.rules:
            used = [*rule.when.any, *rule.when.all, *(rule.when.at_least.of if rule.when.at_least else [])]
            used += [q for group in rule.when.any_each for q in group]
            problems += [
                f"rules/safety.yaml: rule {rule.id} uses unknown question '{q}'" for q in used if q not in question_ids
            ]
        return problems

    def _target_links(self) -> list[str]:
        targets = {ex.target for ex in self.exercises.values()}
        return [
            f"tests/{test.id}.yaml: metric {m.id} targets '{tg}' which no exercise trains"
            for test in self.tests.values()
            for m in test.metrics
            for tg in m.targets
            if tg not in targets
        ]
