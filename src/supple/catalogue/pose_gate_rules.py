"""Validated shape of rules/pose_gates.yaml: the limits of the camera measurement's quality gates.

Split from :mod:`supple.catalogue.rules` (pure data shapes with no I/O, like it).
"""

from __future__ import annotations

from pydantic import model_validator

from supple.catalogue.schema import Source, Strict, Text


class GateNumber(Strict):
    value: float
    unit: Text
    source: Source


def _within(name: str, number: GateNumber, low: float, high: float) -> None:
    if not low <= number.value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} ({number.unit}); got {number.value:g}")


class PoseGateRules(Strict):
    """Limits of the camera measurement's quality gates (rules/pose_gates.yaml)."""

    min_visibility: GateNumber
    max_width_ratio: GateNumber
    min_extent: GateNumber
    max_tilt_deg: GateNumber
    nearer_margin: GateNumber
    max_trunk_off_deg: GateNumber
    max_spread_deg: GateNumber
    max_foot_tilt_deg: GateNumber
    max_rear_ahead: GateNumber
    max_feet_gap: GateNumber
    min_rear_behind: GateNumber
    frame_margin: GateNumber
    max_lying_thigh_deg: GateNumber
    person_min_points: GateNumber
    person_min_limb_ratio: GateNumber
    person_max_limb_ratio: GateNumber

    @model_validator(mode="after")
    def _in_range(self) -> PoseGateRules:
        _within("min_visibility", self.min_visibility, 0.0, 1.0)
        _within("max_width_ratio", self.max_width_ratio, 0.05, 2.0)
        _within("min_extent", self.min_extent, 0.0, 1.0)
        _within("max_tilt_deg", self.max_tilt_deg, 0.5, 45.0)
        _within("nearer_margin", self.nearer_margin, 0.0, 1.0)
        _within("max_trunk_off_deg", self.max_trunk_off_deg, 5.0, 90.0)
        _within("max_spread_deg", self.max_spread_deg, 0.5, 30.0)
        _within("max_foot_tilt_deg", self.max_foot_tilt_deg, 5.0, 60.0)
        _within("max_rear_ahead", self.max_rear_ahead, 0.0, 2.0)
        _within("max_feet_gap", self.max_feet_gap, 0.05, 2.0)
        _within("min_rear_behind", self.min_rear_behind, 0.0, 3.0)
        _within("frame_margin", self.frame_margin, 0.0, 0.2)
        _within("max_lying_thigh_deg", self.max_lying_thigh_deg, 5.0, 85.0)
        _within("person_min_points", self.person_min_points, 4, 33)
        _within("person_min_limb_ratio", self.person_min_limb_ratio, 0.0, 1.0)
        _within("person_max_limb_ratio", self.person_max_limb_ratio, 1.0, 5.0)
        return self
