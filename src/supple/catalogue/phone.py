"""Where the phone goes for each test it can measure: ``data/phone/placements.yaml``, validated.

Every placement names a test and metric that exist and accept the method "phone", how the angle is
read (``supple.domain.inclinometer.Mode``) and what the phone is zeroed on. A bad file stops start-up
naming the file and the field, like the rest of the catalogue.
"""

from __future__ import annotations

from enum import StrEnum
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import Field, ValidationError

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.schema import MeasureMethod, Slug, Source, Strict, Text
from supple.domain.inclinometer import Mode
from supple.errors import CatalogueInvalid

FILE = "phone/placements.yaml"


class ZeroOn(StrEnum):
    WALL = "wall"
    FLOOR = "floor"
    BED = "bed"
    START = "start"  # the start position of the movement itself


class Capture(Strict):
    """When a reading counts as held still, and how many tries per side."""

    hold_s: Annotated[float, Field(gt=0, le=10)]
    band_deg: Annotated[float, Field(gt=0, le=5)]
    trials_per_side: Annotated[int, Field(ge=1, le=3)]
    source: Source


class Placement(Strict):
    id: Slug
    test: Slug
    metric: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    mode: Mode
    zero_on: ZeroOn
    sign: Literal["positive", "ask"] = "positive"  # "ask": the person says if the value is below zero
    plus_metric: str | None = None  # the value is the reading plus this metric of the same side (Thomas knee)
    picture: Literal["shin", "upper-back", "chest", "thigh", "thigh-flexed", "shin-hanging"]
    stored_as: Annotated[str, Field(min_length=5, max_length=200)]  # saved as the measurement's placement
    steps: list[Text] = Field(min_length=2)
    agreement: Text
    source: Source


class PhonePlacements(Strict):
    capture: Capture
    placements: list[Placement] = Field(min_length=1)

    def for_test(self, test_id: str) -> list[Placement]:
        return [p for p in self.placements if p.test == test_id]

    def cross_check(self, catalogue: Catalogue) -> list[str]:
        problems = []
        ids = [p.id for p in self.placements]
        problems += [f"{FILE}: placement id '{i}' is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
        by_id = {p.id: p for p in self.placements}
        for t in catalogue.thresholds.thresholds:
            wanted = t.condition.placement if t.condition else None
            if wanted and (wanted not in by_id or (by_id[wanted].test, by_id[wanted].metric) != (t.test, t.metric)):
                problems.append(
                    f"rules/thresholds.yaml: {t.test}.{t.metric} names placement '{wanted}', not one of its own"
                )
        for p in self.placements:
            metric = catalogue.metric(p.test, p.metric)
            if metric is None:
                problems.append(f"{FILE}: placement '{p.id}': test '{p.test}' has no metric '{p.metric}'")
            elif MeasureMethod.PHONE not in metric.methods:
                problems.append(f"{FILE}: placement '{p.id}': {p.test}.{p.metric} is not measured by phone")
            elif p.plus_metric and catalogue.metric(p.test, p.plus_metric) is None:
                problems.append(
                    f"{FILE}: placement '{p.id}': plus_metric '{p.plus_metric}' is not a metric of {p.test}"
                )
            elif p.sign == "positive" and metric.min < 0:
                problems.append(f"{FILE}: placement '{p.id}': {p.test}.{p.metric} can be negative; use sign: ask")
        return problems


def parse_placements(text: str, catalogue: Catalogue) -> PhonePlacements:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise CatalogueInvalid(f"{FILE}: not valid YAML ({err})") from err
    try:
        placements = PhonePlacements.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise CatalogueInvalid(f"{FILE}: field '{where}': {first['msg']}") from err
    problems = placements.cross_check(catalogue)
    if problems:
        raise CatalogueInvalid("The phone placements are inconsistent:\n  " + "\n  ".join(problems))
    return placements


def load_placements(catalogue: Catalogue) -> PhonePlacements:
    """The packaged placements, checked against ``catalogue``. The app reads them once (``App.placements``)."""
    text = (resources.files("supple.catalogue") / "data" / FILE).read_text(encoding="utf-8")
    return parse_placements(text, catalogue)
