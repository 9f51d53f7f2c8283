"""Read the figure files (``catalogue/data/figures``) once, validated, naming file and field on error.

:class:`FigureLibrary` is made by the composition root (``bootstrap.App.figures``) and handed to
whatever draws figures — the web routes, the report, the CLI — so the files are read once per app
(on first use, which keeps the CLI's start fast) and the drawn SVG / PNG are kept with it.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from threading import Lock
from typing import Literal

from supple.catalogue.figures import BodyRules, Figures, FigureSpec
from supple.catalogue.loader import _read
from supple.domain.figure_scene import Scene, build_scene
from supple.errors import CatalogueInvalid, NotFound

Kind = Literal["exercise", "test"]
FOLDERS: dict[Kind, str] = {"exercise": "exercises", "test": "tests"}
KINDS: dict[str, Kind] = {"exercises": "exercise", "tests": "test"}


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


class FigureLibrary:
    """The figures of one app: read on first use, then kept, with every drawing made from them."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self._data_dir = data_dir
        self._figures: Figures | None = None
        self._drawn: dict[tuple[object, ...], str | bytes] = {}
        self._lock = Lock()

    @property
    def figures(self) -> Figures:
        if self._figures is None:
            with self._lock:
                if self._figures is None:
                    self._figures = load_figures(self._data_dir)
        return self._figures

    def spec(self, kind: Kind, item_id: str) -> FigureSpec:
        figures = self.figures
        spec = (figures.exercises if kind == "exercise" else figures.tests).get(item_id)
        if spec is None:
            raise NotFound(f"No figure for {kind} '{item_id}'.")
        return spec

    def has(self, kind: Kind, item_id: str) -> bool:
        return item_id in (self.figures.exercises if kind == "exercise" else self.figures.tests)

    def scene(self, kind: Kind, item_id: str, mirrored: bool = False) -> Scene:
        """The placed figure for one exercise or test; NotFound names what exists."""
        return build_scene(self.figures.body, self.spec(kind, item_id), mirrored)

    def scene_on_side(self, kind: Kind, item_id: str, side: str | None) -> Scene:
        """The figure working on ``side`` ('left' or 'right'; None: as drawn): its key poses are mirrored
        when the figure is drawn working the other side."""
        spec = self.spec(kind, item_id)
        return build_scene(self.figures.body, spec, side is not None and spec.works.value not in ("both", side))

    def caption(self, folder: str, item_id: str) -> str:
        """What the figure shows, in words; '' when there is none."""
        kind = KINDS.get(folder)
        return self.spec(kind, item_id).caption if kind is not None and self.has(kind, item_id) else ""

    def svg(
        self, kind: Kind, item_id: str, still: bool = False, side: str | None = None, phone: str | None = None
    ) -> str:
        """The figure as SVG text (animated, or its end position when ``still``), drawn once and kept;
        ``phone`` draws the still figure with a phone on that body part (a phone picture's name)."""
        key = ("svg", kind, item_id, still or phone is not None, side, phone)
        if key not in self._drawn:
            from supple.figures.svg import render_svg

            scene = self.scene_on_side(kind, item_id, side)
            title = scene.spec.caption if phone is None else f"{scene.spec.caption} The phone lies on the {phone}."
            self._drawn[key] = render_svg(scene, title, still=still or phone is not None, phone=phone)
        text = self._drawn[key]
        assert isinstance(text, str)
        return text

    def png(self, kind: Kind, item_id: str, side: str | None = None) -> bytes:
        """The still figure as a PNG, drawn once and kept."""
        key = ("png", kind, item_id, side)
        if key not in self._drawn:
            from supple.figures.raster import render_png

            self._drawn[key] = render_png(self.scene_on_side(kind, item_id, side))
        data = self._drawn[key]
        assert isinstance(data, bytes)
        return data
