"""`supple exercises [ID]`: the exercise library."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from supple.cli.state import friendly

if TYPE_CHECKING:
    from supple.catalogue.catalogue import Catalogue
    from supple.catalogue.schema import Exercise
    from supple.figures.library import Kind


@click.command()
@click.argument("exercise_id", required=False)
@click.option(
    "--region", type=click.Choice(["thoracic", "ankle", "hip", "strength"]), help="Only this region, or strength."
)
@click.option("--no-floor", is_flag=True, help="Only exercises that do not need the floor.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option(
    "--gif",
    "gif_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="With ID (an exercise or a test): write its moving figure to this .gif file.",
)
@click.option(
    "--png",
    "png_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="With ID (an exercise or a test): write the figure's end position to this .png file.",
)
@click.option(
    "--side", type=click.Choice(["left", "right"]), help="With --gif/--png: the side that works (default: as drawn)."
)
@friendly
def exercises(
    exercise_id: str | None,
    region: str | None,
    no_floor: bool,
    as_json: bool,
    gif_path: Path | None,
    png_path: Path | None,
    side: str | None,
) -> None:
    """List the exercises, or show one in full with steps, cues, cautions, dose and sources.

    \b
    With an ID, --gif PATH writes its moving figure (and --png PATH the end position).
    --gif/--png also take a home test's ID (listed by `supple assess --template`):
      supple exercises knee-to-wall --gif knee-to-wall.gif"""
    from supple.catalogue.loader import default_catalogue

    cat = default_catalogue()
    if exercise_id and (gif_path or png_path):
        _write_figures(exercise_id, gif_path, png_path, side)
    elif exercise_id:
        _show_one(cat, exercise_id, as_json)
    elif gif_path or png_path:
        raise click.UsageError(
            "--gif and --png need an exercise ID, e.g. supple exercises couch-stretch --gif couch.gif"
        )
    else:
        _list(cat, region, no_floor, as_json)


def _find(cat: Catalogue, exercise_id: str) -> Exercise:
    from supple.errors import NotFound

    ex = cat.exercises.get(exercise_id)
    if ex is not None:
        return ex
    if exercise_id in cat.tests:
        raise NotFound(
            f"'{exercise_id}' is a home test, not an exercise (see supple assess --template). "
            f"To draw it: supple exercises {exercise_id} --gif FILE.gif or --png FILE.png"
        )
    close = [e for e in cat.exercises if exercise_id.split("-", maxsplit=1)[0] in e]
    hint = f" Did you mean: {', '.join(close[:5])}?" if close else " See: supple exercises"
    raise NotFound(f"No exercise '{exercise_id}'.{hint}")


def _show_one(cat: Catalogue, exercise_id: str, as_json: bool) -> None:
    from supple.cli.render import console, print_json
    from supple.domain.dosing import base_dose

    ex = _find(cat, exercise_id)
    if as_json:
        print_json(ex)
        return
    console.print(f"[bold]{ex.name}[/bold]  [dim]{ex.id} · {ex.area} · {ex.target} · {ex.position.value}[/dim]")
    console.print(ex.summary)
    console.print(f"Dose: {base_dose(ex.dosage).label()} — {ex.dosage.tempo}")
    if ex.equipment:
        console.print(f"You need: {', '.join(e.value.replace('_', ' ') for e in ex.equipment)}")
    for title, lines in (
        ("Steps", ex.steps),
        ("Cues", ex.cues),
        ("Common mistakes", ex.mistakes),
        ("Take care", ex.cautions),
    ):
        console.print(f"\n[bold]{title}[/bold]")
        for i, line in enumerate(lines, start=1):
            console.print(f"  {i}. {line}" if title == "Steps" else f"  • {line}")
    links = [
        f"{k}: {v}"
        for k, v in (("easier", ex.regression), ("harder", ex.progression), ("off the floor", ex.alternative))
        if v
    ]
    if links:
        console.print("\n" + " · ".join(links))
    console.print("\n[dim]Sources: " + "; ".join(f"{s.ref} [{s.tag.value}]" for s in ex.sources) + "[/dim]")


def _list(cat: Catalogue, region: str | None, no_floor: bool, as_json: bool) -> None:
    from supple.cli.render import console, print_json

    chosen = [
        e for e in cat.exercises.values() if (not region or e.group == region) and not (no_floor and e.needs_floor)
    ]
    if as_json:
        print_json(chosen)
        return
    for e in chosen:
        floor = "floor" if e.needs_floor else "no floor"
        console.print(f"{e.id:36} {e.name}  [dim]({e.area}, {e.target}, {floor})[/dim]")


def _write_figures(item_id: str, gif: Path | None, png: Path | None, side: str | None) -> None:
    """Write the figure of an exercise or, failing that, of a test; paths are checked before drawing."""
    from supple.catalogue.loader import default_catalogue
    from supple.cli.figure_files import write_figure_files
    from supple.cli.output_files import writable_output
    from supple.cli.render import console
    from supple.errors import NotFound

    cat = default_catalogue()
    if item_id in cat.exercises:
        kind: Kind = "exercise"
    elif item_id in cat.tests:
        kind = "test"
    else:
        known = [*cat.exercises, *cat.tests]
        close = [k for k in known if item_id.split("-", maxsplit=1)[0] in k]
        see = " See: supple exercises, supple assess --template"
        hint = f" Did you mean: {', '.join(close[:5])}?" if close else see
        raise NotFound(f"No exercise or test '{item_id}'.{hint}")
    if gif is not None:
        writable_output(gif, "--gif", (".gif",))
    if png is not None:
        writable_output(png, "--png", (".png",))
    for line in write_figure_files(kind, item_id, gif=gif, png=png, side=side):
        console.print(line)


COMMANDS = [exercises]
