"""For figure authors: ``python -m supple.figures.sheet OUT.png [ID ...]`` draws every key pose of every
figure (or the named ones) on one contact sheet and prints each contact, range, slide or frame problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from supple.domain.figure_checks import held_contact_problems, placement_problems, slide_problems, volume_problems
from supple.domain.figure_scene import build_scene, contact_problems, frames, outside_frame, range_problems
from supple.figures.library import load_figures
from supple.figures.raster import _image

CELL = 200


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m supple.figures.sheet", description=__doc__)
    parser.add_argument("out", type=Path, help="the PNG file to write")
    parser.add_argument("ids", nargs="*", help="only these exercises or tests (default: all)")
    args = parser.parse_args(argv)
    if args.out.suffix.lower() != ".png":
        parser.error(f"the sheet is a PNG file: '{args.out}' should end in .png")
    out, wanted = args.out, set(args.ids)
    figures = load_figures()
    rows = []
    problems: list[str] = []
    for spec in [*figures.exercises.values(), *figures.tests.values()]:
        if wanted and spec.id not in wanted:
            continue
        scene = build_scene(figures.body, spec)
        problems += contact_problems(scene) + range_problems(figures.body, spec) + placement_problems(scene)
        all_frames = frames(scene, 4)
        problems += held_contact_problems(scene, all_frames)[:3] + slide_problems(scene, all_frames)
        for i, pts in enumerate(all_frames):
            if bad := outside_frame(scene, pts):
                problems.append(f"{spec.id} frame {i}: outside the frame: {', '.join(bad)}")
                break
        for i, pts in enumerate(all_frames):
            if bad_volume := volume_problems(scene, pts, f" frame {i}"):
                problems += bad_volume[:3]
                break
        cells = [_image(scene, scene.poses[name], CELL) for name in spec.poses]
        rows.append((spec.id, cells))
    width = max(sum(c.width for c in cells) for _, cells in rows) + 10
    sheet = Image.new("RGB", (width, len(rows) * (CELL + 16)), "white")
    draw = ImageDraw.Draw(sheet)
    for r, (name, cells) in enumerate(rows):
        x = 0
        draw.text((2, r * (CELL + 16)), name, fill="black")
        for c in cells:
            sheet.paste(c, (x, r * (CELL + 16) + 14))
            x += c.width + 4
    sheet.save(out)
    print("\n".join(problems) or "no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
