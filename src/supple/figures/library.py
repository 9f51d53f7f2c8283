"""Read the figure files (``catalogue/data/figures``) once, validated, naming file and field on error."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

from supple.catalogue.figures import BodyRules, Figures, FigureSpec
from supple.catalogue.loader import _read
from supple.domain.figure_scene import Scene, build_scene
from supple.errors import CatalogueInvalid, NotFound

Kind = Literal["exercise", "test"]
FOLDERS: dict[Kind, str] = {"exercise": "exercises", "test": "tests"}


def _specs(root: Traversable, kind: Kind) -> dict[str, FigureSpec]:
    folder = FOLDERS[kind]
    specs: dict[str, FigureSpec] = {}
    for entry in sorted(root.joinpath(folder).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        label = f"figures/{folder}/{entry.name}"
        spec = _read(entry, FigureSpec, label)
        if spec.id != entry.name.removesuffix(".yaml"):
            raise CatalogueInvalid(f"{label}: field 'id' is '{spec.id}' but must match the file name")
        if spec.kind != kind:
            raise CatalogueInvalid(f"{label}: field 'kind' must be '{kind}'")
        specs[spec.id] = spec
    return specs


def load_figures(data_dir: Path | None = None) -> Figures:
    """Every figure file and the body rules. Raises CatalogueInvalid naming the file and the field."""
    root: Traversable = data_dir if data_dir is not None else resources.files("supple.catalogue") / "data" / "figures"
    return Figures(
        body=_read(root / "body.yaml", BodyRules, "figures/body.yaml"),
        exercises=_specs(root, "exercise"),
        tests=_specs(root, "test"),
    )


@lru_cache(maxsize=1)
def default_figures() -> Figures:
    return load_figures()


def _spec(kind: Kind, item_id: str) -> FigureSpec:
    figures = default_figures()
    spec = (figures.exercises if kind == "exercise" else figures.tests).get(item_id)
    if spec is None:
        raise NotFound(f"No figure for {kind} '{item_id}'.")
    return spec


def scene_for(kind: Kind, item_id: str, mirrored: bool = False) -> Scene:
    """The placed figure for one exercise or test; NotFound names what exists."""
    return build_scene(default_figures().body, _spec(kind, item_id), mirrored)


def scene_on_side(kind: Kind, item_id: str, side: str | None) -> Scene:
    """The figure working on ``side`` ('left' or 'right'; None: as drawn): its key poses are mirrored
    when the figure is drawn working the other side."""
    spec = _spec(kind, item_id)
    return build_scene(default_figures().body, spec, side is not None and spec.works.value not in ("both", side))
