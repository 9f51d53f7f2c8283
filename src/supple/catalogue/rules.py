"""Validated shapes of the rule files (rules/*.yaml): thresholds, outcomes, progression, planner, safety.

Like :mod:`supple.catalogue.schema`, pure data shapes with no I/O.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from supple.catalogue.schema import Condition, ExerciseKind, Region, Slug, Source, Strict, Text, Threshold


class Imbalance(Strict):
    test: Slug
    larger: str
    smaller: str
    flag_above: float
    label: Text
    source: Source


class TrialSummaryRule(Strict):
    numeric: Literal["mean"]
    pass_fail: Literal["majority"]
    max_trials: int = Field(ge=1, le=5)
    source: Source


class RecheckLimit(Strict):
    test: Slug
    metric: str
    low: float
    high: float
    recheck_difference: float = Field(gt=0)
    clinician_difference: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> RecheckLimit:
        if self.low >= self.high or self.recheck_difference >= self.clinician_difference:
            raise ValueError("need low < high and recheck_difference < clinician_difference")
        return self


class RecheckRules(Strict):
    source: Source
    limits: list[RecheckLimit]

    def for_metric(self, test: str, metric: str) -> RecheckLimit | None:
        return next((x for x in self.limits if (x.test, x.metric) == (test, metric)), None)


class Standardise(Strict):
    steps: list[Text] = Field(min_length=1)
    source: Source


class ThresholdRules(Strict):
    standardise: Standardise
    thresholds: list[Threshold]
    imbalances: list[Imbalance] = []
    trial_summary: TrialSummaryRule
    recheck: RecheckRules | None = None


class PainRule(Strict):
    mcid_points: float
    mcid_percent: float
    source: Source


class PsfsRule(Strict):
    max_activities: int
    change_average: float
    change_single: float
    source: Source


class Band(Strict):
    upto: float
    label: str


class OdiRule(Strict):
    sections: int
    min_answered: int
    mcid_points: float
    mcid_percent: float
    bands: list[Band]
    source: Source


class RmdqRule(Strict):
    items: int
    mcid_points: float
    mcid_percent: float
    recovered_at_most: int
    source: Source


class StartBackRule(Strict):
    items: int
    psychosocial_items: list[int]
    low_total_at_most: int
    high_psychosocial_at_least: int
    source: Source


class IntervalRule(Strict):
    interval_days: int
    earliest_days: int
    source: Source


class ReviewRule(Strict):
    review_after_days: int
    source: Source


class OutcomeRules(Strict):
    pain: PainRule
    psfs: PsfsRule
    odi: OdiRule
    rmdq: RmdqRule
    start_back: StartBackRule
    retest: IntervalRule
    non_response: ReviewRule


class TrafficLightRule(Strict):
    green_during_max: float
    green_rise_max: float
    amber_during_max: float
    red_next_morning_rise_min: float
    baseline_window: int = Field(ge=1)
    red_week_rise_min: float = Field(gt=0)
    source: Source


class StepRule(Strict):
    hold_step_s: int
    hold_max_s: int
    hold_min_s: int
    sets_max: int
    sets_min: int
    reps_step: int
    reps_max: int
    reps_min: int
    reps_first: bool = False  # strength: more reps first, then more sets (issue 16 §2)
    source: Source


class CheckinOpens(Strict):
    """When the next-morning check-in opens: at ``hour`` o'clock, the first one at least
    ``min_hours_after_session`` after the session (decision 0003)."""

    hour: int = Field(ge=0, le=23)
    min_hours_after_session: int = Field(ge=0, le=24)
    source: Source


class ProgressionRules(Strict):
    traffic_light: TrafficLightRule
    checkin_opens: CheckinOpens
    progress_after_green: int = Field(ge=1)
    progress_after_green_with_yellow_flags: int = Field(ge=1)
    pause_after_red_sessions: int = Field(ge=1)
    red_exercise_rest_hours: int = Field(ge=0)
    progress_source: Source
    # A session logged as a flare (red traffic light): the next dose of every exercise in it steps back
    # ("step_back"), or only the red exercises do ("own_signal").
    after_red_session: Literal["step_back", "own_signal"]
    after_red_session_source: Source
    steps: StepRule
    strength_steps: StepRule

    def steps_for(self, kind: ExerciseKind) -> StepRule:
        """The dose ladder's steps for a mobility or a strength exercise."""
        return self.strength_steps if kind is ExerciseKind.STRENGTH else self.steps


class Slots(Strict):
    restricted: int
    restricted_max: int
    borderline: int
    adequate: int


class RegionTarget(Strict):
    region: Region
    target: Slug


class RangeRule(Strict):
    min: int
    max: int
    default: int


class ActivityRecommendation(Strict):
    title: Text
    text: Text
    source: Source


class DoseFloor(Strict):
    hold_s_per_week_per_side: int = Field(ge=0)
    hold_source: Source
    reps_per_week_per_side: int = Field(ge=0)
    reps_source: Source


class WalkingBudget(Strict):
    """How the walking target and the session share the person's day (issue 16 §1 open point)."""

    rule: Annotated[str, Field(min_length=20, max_length=900)]
    source: Source


class FillOrder(Strict):
    """In which order the exercises share a short time budget (breadth first across the regions)."""

    rule: Annotated[str, Field(min_length=20, max_length=900)]
    source: Source


class StrengthRules(Strict):
    """Strength work in the routine (issue 16 §2): on how many days, how many exercises, which first."""

    days_per_week: RangeRule  # strength days a week, never two in a row
    days_source: Source
    per_day: RangeRule  # strength exercises on a strength day
    slots: list[Slug] = Field(min_length=1)  # the primary exercises, most useful first
    floor_sets: int = Field(ge=1, le=3)  # the least kept when time is short: sets on each strength day
    floor_source: Source
    source: Source


class PlannerRules(Strict):
    slots: Slots
    always_include: list[RegionTarget]
    minutes: RangeRule
    dose_floor: DoseFloor
    days_per_week: RangeRule
    transition_s: int
    region_order: list[Region]
    fill_order: FillOrder
    activity: ActivityRecommendation
    source: Source
    target_order: dict[Region, list[Slug]]
    strength: StrengthRules
    walking_budget: WalkingBudget


class SafetyAction(StrEnum):
    EMERGENCY = "emergency"
    URGENT_TODAY = "urgent_today"  # get seen today (a possible clot in the calf, clinical-reference §8.1)
    URGENT = "urgent"
    URGENT_DAYS = "urgent_days"
    NOT_SUITABLE = "not_suitable"
    SEE_DOCTOR_FIRST = "see_doctor_first"
    SEE_DOCTOR = "see_doctor"

    @property
    def rank(self) -> int:
        order = ["see_doctor", "see_doctor_first", "not_suitable", "urgent_days", "urgent", "urgent_today", "emergency"]
        return order.index(self.value) + 1


class ActionText(Strict):
    blocks: bool
    when: Text  # the time phrase every message of this action uses ("now", "today or tomorrow", ...)
    heading: Text
    advice: Text


class Question(Strict):
    id: Slug
    text: Text
    category: Slug | None = None
    every_session: bool = False
    # A follow-up ("If so: ...") is asked only after a "yes" to the question it follows; after a "no"
    # it needs no answer and counts as "no".
    follows: Slug | None = None
    session_text: Text | None = None  # the wording before a session ("since you last answered")
    known: bool = False  # a clearance may record a known, stable symptom for this question
    known_label: Text | None = None  # how the symptom is named on the clearance form
    not_for: list[Literal["male", "female"]] = []  # not asked of people of this sex (pregnancy)

    def text_for(self, session: bool) -> str:
        return self.session_text if session and self.session_text else self.text


class AtLeast(Strict):
    n: int = Field(ge=1)
    of: list[Slug]


class When(Strict):
    any: list[Slug] = []
    all: list[Slug] = []
    at_least: AtLeast | None = None
    any_each: list[list[Slug]] = []  # every group needs at least one "yes" (risk factor AND feature)


class SafetyRule(Strict):
    id: Slug
    category: Slug
    action: SafetyAction
    when: When
    message: Text
    source: Source


class AgeFact(Strict):
    id: Slug
    below: int | None = None
    above: dict[Literal["male", "female", "unspecified"], int] | None = None


class ConditionQuestion(Strict):
    id: Condition
    text: Text


class ScreenWindows(Strict):
    full_weeks: int = Field(ge=1, le=12)
    session: Text
    trauma_recent_months: int = Field(ge=1, le=24)
    source: Source


class RescreenRule(Strict):
    every_days: int = Field(ge=7, le=90)
    after_red_session: bool
    after_clearance: bool
    source: Source


class AdultAge(Strict):
    """Supple is for adults: a year of birth that makes the person younger than ``years`` is refused."""

    years: int = Field(ge=16, le=21)
    source: Source


class SafetyRules(Strict):
    actions: dict[SafetyAction, ActionText]
    source: Source
    adult_age: AdultAge
    windows: ScreenWindows
    rescreen: RescreenRule
    questions: list[Question]
    age_facts: list[AgeFact]
    rules: list[SafetyRule]
    condition_questions: list[ConditionQuestion]
    condition_notices: dict[Condition, Text]


class YellowFlagRules(Strict):
    questions: list[Question]
    positive_at_least: int = Field(ge=1)
    source: Source
    advice: Text
