"""Read the packaged data files into a :class:`Catalogue`, naming file and field on any error."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.rules import (
    OutcomeRules,
    PlannerRules,
    PoseGateRules,
    ProgressionRules,
    SafetyRules,
    ThresholdRules,
    YellowFlagRules,
)
from supple.catalogue.schema import EducationText, Exercise, TestDefinition
from supple.errors import CatalogueInvalid

M = TypeVar("M", bound=BaseModel)

# libyaml's safe loader when PyYAML was built with it (about 8x faster), else the pure-Python one.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Traversable, model: type[M], label: str) -> M:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # _Loader is a safe loader
    except yaml.YAMLError as err:
        raise CatalogueInvalid(f"{label}: not valid YAML ({err})") from err
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise CatalogueInvalid(f"{label}: field '{where}': {first['msg']}") from err


def _folder(root: Traversable, name: str, model: type[M]) -> dict[str, M]:
    items: dict[str, M] = {}
    for entry in sorted(root.joinpath(name).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        label = f"{name}/{entry.name}"
        item = _read(entry, model, label)
        slug = str(item.__dict__["id"])
        if slug != entry.name.removesuffix(".yaml"):
            raise CatalogueInvalid(f"{label}: field 'id' is '{slug}' but must match the file name")
        items[slug] = item
    return items


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """Load and cross-check every data file. Raises CatalogueInvalid naming the file and field."""
    root: Traversable = data_dir if data_dir is not None else resources.files("supple.catalogue") / "data"
    rules = root / "rules"
    catalogue = Catalogue(
        exercises=_folder(root, "exercises", Exercise),
        tests=dict(sorted(_folder(root, "tests", TestDefinition).items(), key=lambda kv: kv[1].order)),
        thresholds=_read(rules / "thresholds.yaml", ThresholdRules, "rules/thresholds.yaml"),
        outcomes=_read(rules / "outcomes.yaml", OutcomeRules, "rules/outcomes.yaml"),
        progression=_read(rules / "progression.yaml", ProgressionRules, "rules/progression.yaml"),
        planner=_read(rules / "planner.yaml", PlannerRules, "rules/planner.yaml"),
        safety=_read(rules / "safety.yaml", SafetyRules, "rules/safety.yaml"),
        yellow_flags=_read(rules / "yellow_flags.yaml", YellowFlagRules, "rules/yellow_flags.yaml"),
        education=_folder(root, "education", EducationText),
        pose_gates=_read(rules / "pose_gates.yaml", PoseGateRules, "rules/pose_gates.yaml"),
    )
    problems = catalogue.cross_check()
    if problems:
        raise CatalogueInvalid("The catalogue is inconsistent:\n  " + "\n  ".join(problems))
    return catalogue


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The packaged catalogue, loaded once per process."""
    return load_catalogue()
