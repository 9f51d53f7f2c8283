"""Validated shapes of the catalogue's data files.

These pydantic models are the vocabulary shared by the domain core and the loader.
They hold no I/O: the loader in :mod:`supple.catalogue.loader` reads the YAML files
and turns them into these objects. Every model forbids unknown keys so a typo in a
data file stops start-up with the file and the field named.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=2, max_length=60)]
Text = Annotated[str, Field(min_length=2, max_length=600)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class EvidenceTag(StrEnum):
    """How well a number or statement is anchored (clinical-reference 'How to read')."""

    CHECKED = "S"  # confirmed from the primary source
    SECONDARY = "S2"  # confirmed only from a secondary source
    UNCONFIRMED = "U"  # not confirmed; must be verified before use
    DESIGN = "D"  # design proposal, needs clinical sign-off


class Source(Strict):
    """Where a number, a rule or a text comes from."""

    ref: Text
    tag: EvidenceTag
    note: str | None = None


class Region(StrEnum):
    THORACIC = "thoracic"
    ANKLE = "ankle"
    HIP = "hip"


class Position(StrEnum):
    FLOOR = "floor"
    KNEELING = "kneeling"
    STANDING = "standing"
    CHAIR = "chair"


class Equipment(StrEnum):
    FOAM_ROLLER = "foam_roller"
    BAND = "band"
    STRAP = "strap"
    BROOMSTICK = "broomstick"
    CHAIR = "chair"
    WALL = "wall"
    MAT = "mat"
    PILLOW = "pillow"
    CUSHION = "cushion"
    TABLE = "table"
    TOWEL = "towel"
    BED = "bed"
    STEP = "step"


class Condition(StrEnum):
    """Health conditions that rule exercises out (clinical-reference §8.1)."""

    HIP_REPLACEMENT_POSTERIOR = "hip_replacement_posterior"
    HIP_REPLACEMENT_ANTERIOR = "hip_replacement_anterior"
    KNEE_REPLACEMENT = "knee_replacement"
    OSTEOPOROSIS = "osteoporosis"
    RECENT_ANKLE_INJURY = "recent_ankle_injury"
    SHOULDER_PROBLEM = "shoulder_problem"
    CALF_SWELLING = "calf_swelling"
    HYPERMOBILITY = "hypermobility"
    PREGNANCY = "pregnancy"


class DoseKind(StrEnum):
    HOLD = "hold"  # static stretch: hold for hold_s seconds
    REPS = "reps"  # mobilisation drill: slow repetitions with an end-range pause


class ExerciseKind(StrEnum):
    """What an exercise is for: easing a stiff region, or building strength (issue 16 §2)."""

    MOBILITY = "mobility"
    STRENGTH = "strength"


class BodyArea(StrEnum):
    """Where a strength exercise works; mobility exercises have a :class:`Region` instead."""

    TRUNK = "trunk"
    HIPS = "hips"
    LEGS = "legs"


class Sides(StrEnum):
    EACH = "each"  # done on the left, then on the right
    BOTH = "both"  # both sides at once, or alternating within one set


class Dosage(Strict):
    kind: DoseKind
    hold_s: int | None = Field(default=None, ge=5, le=120)
    reps: int | None = Field(default=None, ge=1, le=30)
    sets: int = Field(ge=1, le=5)
    sides: Sides
    rep_s: int = Field(default=6, ge=2, le=20, description="seconds one slow repetition takes")
    rest_s: int = Field(default=15, ge=0, le=120)
    tempo: Text
    days_per_week: tuple[int, int] = (5, 7)
    source: Source

    @model_validator(mode="after")
    def _matches_kind(self) -> Dosage:
        if self.kind is DoseKind.HOLD and self.hold_s is None:
            raise ValueError("a 'hold' dosage needs hold_s")
        if self.kind is DoseKind.REPS and self.reps is None:
            raise ValueError("a 'reps' dosage needs reps")
        return self


class Exercise(Strict):
    id: Slug
    name: Text
    aka: list[str] = []
    kind: ExerciseKind = ExerciseKind.MOBILITY
    region: Region | None = None  # the stiff region a mobility exercise eases
    works: list[BodyArea] = []  # the areas a strength exercise works
    target: Slug
    summary: Text
    equipment: list[Equipment] = []
    optional_equipment: list[Equipment] = []
    position: Position
    needs_floor: bool
    needs_kneeling: bool
    seed_named: bool = False
    steps: list[Text] = Field(min_length=2)
    cues: list[Text] = Field(min_length=1)
    mistakes: list[Text] = Field(min_length=1)
    cautions: list[Text] = Field(min_length=1)
    avoid_with: list[Condition] = []
    dosage: Dosage
    regression: Slug | None = None
    progression: Slug | None = None
    alternative: Slug | None = None
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _kind_fields(self) -> Exercise:
        if self.kind is ExerciseKind.MOBILITY and (self.region is None or self.works):
            raise ValueError("a mobility exercise needs a region and no 'works'")
        if self.kind is ExerciseKind.STRENGTH and (self.region is not None or not self.works):
            raise ValueError("a strength exercise names the areas it 'works' and has no region")
        return self

    @property
    def group(self) -> str:
        """The library's region filter value: the region, or 'strength'."""
        return self.region.value if self.region is not None else ExerciseKind.STRENGTH.value

    @property
    def area(self) -> str:
        """Where it works, in the words of its region or areas: 'hip', 'trunk and hips'."""
        if self.region is not None:
            return self.region.value
        return " and ".join(a.value for a in self.works)


class MeasureMethod(StrEnum):
    TAPE = "tape"
    PHONE = "phone"
    CAMERA = "camera"
    GONIOMETER = "goniometer"
    ESTIMATE = "estimate"
    OBSERVATION = "observation"


class Unit(StrEnum):
    CM = "cm"
    DEG = "deg"
    PASS_FAIL = "pass_fail"

    @property
    def label(self) -> str:
        return {"cm": "cm", "deg": "°", "pass_fail": "pass/fail"}[self.value]


class LevelRule(StrEnum):
    """How a number read off a phone level (a clinometer app, 0-90 degrees) becomes the test's value.
    Applied by ``supple.domain.inclinometer.level_value``."""

    AS_READ = "as_read"  # the reading is the value
    NINETY_MINUS = "ninety_minus"  # the level shows the tilt from flat; the value is from vertical
    PAST_VERTICAL = "past_vertical"  # past straight up the level counts down again: 180 - reading
    SIGNED = "signed"  # minus when the limb is below the reference (thigh below the bed)
    PAST_VERTICAL_PLUS = "past_vertical_plus"  # as past_vertical, plus another metric of the same side
    COMPASS_TURN = "compass_turn"  # two compass headings: the turn between them
    DIFFERENCE_CHANGE = "difference_change"  # (upper - lower) standing vs leaning back


class LevelExample(Strict):
    readings: list[float] = Field(min_length=1, max_length=4)
    past_vertical: bool = False
    below: bool = False
    plus: float = 0.0
    value: float


class PhoneLevel(Strict):
    """Typing a value read off a phone level: what it shows, what to enter, and a worked example."""

    rule: LevelRule
    reads: Text
    enter: Text
    example: LevelExample


class Metric(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    label: Text
    unit: Unit
    min: float
    max: float
    methods: list[MeasureMethod] = Field(min_length=1)
    targets: list[Slug] = Field(min_length=1, description="exercise targets that address this metric")
    hint: Text
    phone_level: PhoneLevel | None = None  # required when the metric can be measured by phone

    @model_validator(mode="after")
    def _range(self) -> Metric:
        if self.min >= self.max:
            raise ValueError("min must be below max")
        return self


class TestDefinition(Strict):
    id: Slug
    name: Text
    region: Region
    order: int = Field(ge=1, description="position in the test sequence")
    bilateral: bool
    needs_floor: bool
    needs_kneeling: bool
    needs_helper: bool = False
    equipment: list[Equipment] = []
    how_to: Text
    steps: list[Text] = Field(min_length=2)
    metrics: list[Metric] = Field(min_length=1)
    cautions: list[Text] = []
    sources: list[Source] = Field(min_length=1)


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class SameSide(Strict):
    """Another metric of the same test and side must be at most / at least a value."""

    metric: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    at_most: float | None = None
    at_least: float | None = None


class ThresholdCondition(Strict):
    """When the guide values apply. Every field is a rule kind that ``domain.assessment`` applies
    (``APPLIED_CONDITIONS`` there); outside it the result gets no level and ``otherwise`` is shown."""

    age_max: int | None = Field(default=None, ge=18, le=120)  # guide values only up to this age
    same_side: SameSide | None = None
    placement: Slug | None = None  # phone placement id the numbers belong to; another placement: no level
    protocol_step: Text | None = None  # a step the test must include (checked against the test's steps)
    otherwise: Text  # what the person sees when the condition is not met
    source: Source


class Threshold(Strict):
    """Cut-offs for one metric of one test. Numbers in the metric's unit."""

    test: Slug
    metric: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    scored: bool = True
    direction: Direction = Direction.HIGHER_IS_BETTER
    restricted: float | None = None  # restricted when worse than this
    borderline: float | None = None  # borderline when worse than this (and not restricted)
    spread: float = Field(default=1.0, gt=0, description="typical between-person SD, to rank severity")
    asymmetry_flag: float | None = None
    asymmetry_marked: float | None = None
    mdc: float | None = None
    condition: ThresholdCondition | None = None
    source: Source

    @model_validator(mode="after")
    def _ordered(self) -> Threshold:
        if self.scored and (self.restricted is None or self.borderline is None):
            raise ValueError("a scored threshold needs 'restricted' and 'borderline'")
        if self.restricted is not None and self.borderline is not None:
            worse_first = (
                self.restricted <= self.borderline
                if self.direction is Direction.HIGHER_IS_BETTER
                else self.restricted >= self.borderline
            )
            if not worse_first:
                raise ValueError("'restricted' must lie beyond 'borderline' in the bad direction")
        return self


Level = Literal["adequate", "borderline", "restricted"]


class EducationText(Strict):
    """A short piece of education in our own words, in two tones.

    ``reassuring`` is shown instead of ``standard`` when yellow flags are present
    (clinical-reference §4.3): more about pain not meaning harm, and graded exposure.
    """

    id: Slug
    title: Text
    standard: list[Annotated[str, Field(min_length=20, max_length=900)]] = Field(min_length=1)
    reassuring: list[Annotated[str, Field(min_length=20, max_length=900)]] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
