"""Read the packaged data files into a :class:`Catalogue`, naming file and field on any error."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from supple.catalogue.catalogue import Catalogue
from supple.catalogue.pose_gate_rules import PoseGateRules
from supple.catalogue.rules import (
    OutcomeRules,
    PlannerRules,
    ProgressionRules,
    SafetyRules,
    ThresholdRules,
    YellowFlagRules,
)
from supple.catalogue.schema import EducationText, Exercise, TestDefinition
from supple.errors import CatalogueInvalid

M = TypeVar("M", bound=BaseModel)

CACHE_FORMAT = 1  # bump when the cached object's shape changes without a data file changing


def _read(path: Traversable, model: type[M], label: str) -> M:
    import yaml

    # libyaml's safe loader when PyYAML was built with it (about 8x faster), else the pure-Python one.
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader either way
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


def data_hash(root: Traversable) -> str:
    """A SHA-256 over every data file's path and bytes, the modules that define the catalogue's classes,
    and the Python and pydantic versions: any change to what the pickle holds gives a new hash."""
    from pydantic import VERSION

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}|{VERSION}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = f"{prefix}/{entry.name}"
            if entry.is_dir():
                walk(entry, name)
            elif entry.name.endswith(".yaml"):
                body = entry.read_bytes()
                digest.update(f"{name}|{len(body)}|".encode())
                digest.update(body)

    walk(root, "")
    return digest.hexdigest()


def packaged_hash() -> str:
    """``data_hash`` of the packaged data files (about 4 ms; nothing kept in the module)."""
    return data_hash(resources.files("supple.catalogue") / "data")


def cache_dir() -> Path:
    """Where the validated catalogue is kept between runs: SUPPLE_CACHE_DIR, else the user's cache folder."""
    if env := os.environ.get("SUPPLE_CACHE_DIR"):
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("supple", appauthor=False))


def _cached(target: Path, kind: type, build: Callable[[], object]) -> object:
    """The object pickled at ``target`` when it is there, sound and a ``kind``; else ``build()``, written
    atomically for next time. Any trouble with the file (damaged, foreign) means it is rebuilt, never trusted;
    a read-only cache folder still works, only slower."""
    try:
        cached = pickle.loads(target.read_bytes())  # our own file, in the user's own cache folder
        if isinstance(cached, kind):
            return cached
    except Exception:  # a damaged or foreign cache file is rebuilt, never trusted
        pass
    built = build()
    import tempfile  # only when writing: a run served from the cache never needs it

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.stem}-", delete=False) as tmp:
            tmp.write(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp.name, target)
    except OSError:  # a read-only home still works, only slower
        pass
    return built


def cached_catalogue(data_dir: Path | None = None, folder: Path | None = None) -> Catalogue:
    """The catalogue, validated once per change of its data files: a run reads the pickled result of the
    last validation when the files' hash matches (docs/decisions/0016). Any trouble with the cache file
    (missing, unreadable, stale, from another version) falls back to loading and checking the YAML."""
    digest = data_hash(data_dir) if data_dir is not None else packaged_hash()
    target = (folder or cache_dir()) / f"catalogue-{digest[:32]}.pickle"
    found = _cached(target, Catalogue, lambda: load_catalogue(data_dir))
    assert isinstance(found, Catalogue)
    return found


def cached_placement_texts(catalogue: Catalogue, folder: Path | None = None) -> dict[str, str]:
    """Phone placement id -> the text stored with a measurement taken that way, as plain data cached like
    the catalogue (the light read path of `supple plan` and `progress` scores with it; decision 0016).
    The placements file is validated and checked against ``catalogue`` whenever the hash changes."""
    target = (folder or cache_dir()) / f"placements-{packaged_hash()[:32]}.pickle"

    def build() -> dict[str, str]:
        from supple.catalogue.phone import load_placements

        return {pl.id: pl.stored_as for pl in load_placements(catalogue).placements}

    found = _cached(target, dict, build)
    assert isinstance(found, dict)
    return found


def default_catalogue() -> Catalogue:
    """The packaged catalogue, from the validated cache when it is current (about 20 ms), else read and
    checked. Nothing is kept in the module: the composition root loads it once per app and hands it down."""
    return cached_catalogue()
