"""How long drawing the figures takes and how big the files are (every exercise and test).

Loads the figure files, then renders each figure as an animated SVG, a still SVG, a PNG and a GIF.
Wall-clock time and CPU time are both printed: on a machine shared with other work the CPU time is
the steadier figure to compare two versions with.
Run: .venv/bin/python benchmarks/figures.py
"""

from __future__ import annotations

import statistics
import time

from supple.figures.library import FigureLibrary, load_figures
from supple.figures.raster import render_gif, render_png
from supple.figures.svg import render_svg


def _timed(fn: object, *args: object, **kwargs: object) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)  # type: ignore[operator]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, len(out.encode() if isinstance(out, str) else out)


def main() -> None:
    start = time.perf_counter()
    load_figures()
    print(f"load and validate the 37 figure files: {(time.perf_counter() - start) * 1000:.0f} ms")
    library = FigureLibrary()
    figures = library.figures
    rows: dict[str, list[tuple[float, float, int]]] = {"svg": [], "still svg": [], "png 240 px": [], "gif 240 px": []}
    for kind, specs in (("exercise", figures.exercises), ("test", figures.tests)):
        for item_id in specs:
            scene = library.scene(kind, item_id)  # type: ignore[arg-type]
            rows["svg"].append(_timed(render_svg, scene, "x"))
            rows["still svg"].append(_timed(render_svg, scene, "x", still=True))
            rows["png 240 px"].append(_timed(render_png, scene))
            rows["gif 240 px"].append(_timed(render_gif, scene))
    for name, values in rows.items():
        times = [t * 1000 for t, _, _ in values]
        cpu = [c * 1000 for _, c, _ in values]
        sizes = [b / 1024 for _, _, b in values]
        print(
            f"{name:11} median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms "
            f"(CPU median {statistics.median(cpu):6.1f} ms, max {max(cpu):6.1f} ms); "
            f"size median {statistics.median(sizes):5.1f} KB, max {max(sizes):5.1f} KB"
        )


if __name__ == "__main__":
    main()
