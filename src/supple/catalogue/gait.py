"""The walking-analysis rules (rules/gait.yaml): validated, cited, turned into the domain's rule objects."""

from __future__ import annotations

from importlib import resources

from pydantic import Field

from supple.catalogue.loader import _read
from supple.catalogue.schema import Source, Strict
from supple.domain.gait import DetectionRules
from supple.domain.gait_impact import ImpactRules
from supple.domain.walking import WalkingRules

FILE = "rules/gait.yaml"


class DetectionSpec(Strict):
    step_band_hz: tuple[float, float]
    min_peak_ms2: float = Field(gt=0)
    min_step_s: float = Field(gt=0)
    max_step_s: float = Field(gt=0)
    regularity: float = Field(gt=0)
    min_steps: int = Field(ge=2)
    source: Source


class PocketSpec(Strict):
    min_peak_ms2: float = Field(gt=0)
    regularity: float = Field(gt=0)
    source: Source


class ImpactSpec(Strict):
    min_rate_hz: float = Field(gt=0)
    window_s: float = Field(gt=0, le=0.5)
    source: Source


class CadenceMatching(Strict):
    per_10_spm: float = Field(ge=0, le=0.5)
    reference_cadence: float = Field(gt=40, lt=200)
    source: Source


class Repeatability(Strict):
    mdc_g: float = Field(gt=0)
    source: Source


class Limits(Strict):
    min_seconds: float = Field(gt=0)
    max_seconds: float = Field(gt=0)
    max_bytes: int = Field(gt=0)
    source: Source


class GaitRules(Strict):
    detection: DetectionSpec
    pocket: PocketSpec
    impact: ImpactSpec
    cadence_matching: CadenceMatching
    repeatability: Repeatability
    limits: Limits

    def detection_rules(self, placement: str = "lower-back") -> DetectionRules:
        d = self.detection
        base = DetectionRules(d.step_band_hz, d.min_peak_ms2, d.min_step_s, d.max_step_s, d.regularity, d.min_steps)
        if placement != "pocket":
            return base
        p = self.pocket
        return DetectionRules(
            d.step_band_hz, p.min_peak_ms2, d.min_step_s, d.max_step_s, p.regularity, d.min_steps, use_magnitude=True
        )

    def impact_rules(self) -> ImpactRules:
        c = self.cadence_matching
        return ImpactRules(
            self.impact.min_rate_hz, self.impact.window_s, c.per_10_spm, c.reference_cadence, self.repeatability.mdc_g
        )


def gait_rules() -> GaitRules:
    """Read and check rules/gait.yaml (a few milliseconds; nothing is kept between calls)."""
    return _read(resources.files("supple.catalogue") / "data" / FILE, GaitRules, FILE)


# --- graded walking (rules/walking.yaml) -------------------------------------------------------------

WALKING_FILE = "rules/walking.yaml"


class WalkingStart(Strict):
    fraction: float = Field(gt=0, le=1)
    min_minutes: int = Field(ge=1)
    max_minutes: int = Field(ge=1, le=600)
    min_days: int = Field(ge=1, le=7)
    source: Source


class WalkingProgress(Strict):
    greens_to_progress: int = Field(ge=1)
    step_fraction: float = Field(gt=0, lt=1)
    min_step_minutes: int = Field(ge=1)
    step_back_fraction: float = Field(gt=0, lt=1)
    source: Source


class WalkingGoal(Strict):
    minutes: int = Field(ge=1)
    days_per_week: int = Field(ge=1, le=7)
    max_minutes: int = Field(ge=1, le=600)
    source: Source


class WalkingRuleFile(Strict):
    start: WalkingStart
    progress: WalkingProgress
    goal: WalkingGoal

    def rules(self) -> WalkingRules:
        s, p, g = self.start, self.progress, self.goal
        return WalkingRules(
            s.fraction, s.min_minutes, g.max_minutes, s.min_days, p.greens_to_progress, p.step_fraction,
            p.min_step_minutes, p.step_back_fraction, g.minutes, g.days_per_week,
        )  # fmt: skip


def walking_rules() -> WalkingRuleFile:
    """Read and check rules/walking.yaml (under a millisecond; nothing is kept between calls)."""
    return _read(resources.files("supple.catalogue") / "data" / WALKING_FILE, WalkingRuleFile, WALKING_FILE)
