"""Write a figure as a GIF (the whole movement) or PNG (the end position) for the terminal or print."""

from __future__ import annotations

from pathlib import Path

from supple.figures.library import FigureLibrary, Kind


def write_figure_files(
    kind: Kind,
    item_id: str,
    *,
    gif: Path | None,
    png: Path | None,
    side: str | None,
    height_px: int = 240,
    figures: FigureLibrary | None = None,
) -> list[str]:
    """Render and write the requested files; returns one line per file for the user."""
    from supple.cli.output_files import write_output
    from supple.figures.raster import render_gif, render_png

    scene = (figures or FigureLibrary()).scene_on_side(kind, item_id, side)
    lines = []
    for path, render, option in ((gif, render_gif, "--gif"), (png, render_png, "--png")):
        if path is None:
            continue
        data = render(scene, height_px)
        write_output(path, data, option)
        lines.append(f"Wrote {path} ({len(data) // 1024 + 1} KB): {scene.spec.caption}")
    return lines
