"""The drawn figure: an SVG animated with SMIL only (no script, no style), a still version, PNG and GIF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from io import BytesIO

from PIL import Image

from supple.domain.figure_scene import frames
from supple.figures.library import FigureLibrary
from supple.figures.raster import GIF_FPS, render_gif, render_png
from supple.figures.shapes import FAR, NEAR
from supple.figures.svg import render_svg

LIBRARY = FigureLibrary()
scene_for = LIBRARY.scene

SVG = "{http://www.w3.org/2000/svg}"


def test_the_svg_is_well_formed_animates_with_smil_and_has_no_script_or_style() -> None:
    scene = scene_for("exercise", "couch-stretch")
    text = render_svg(scene, scene.spec.caption)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    title = root.find(f"{SVG}title")
    assert title is not None
    assert "wall" in (title.text or "")
    animations = root.findall(f".//{SVG}animate")
    assert len(animations) >= 8
    assert {a.get("dur") for a in animations} == {"9s"}  # hold 1 s, rise 3 s, hold 3 s, back 2 s
    assert root.findall(f".//{SVG}script") == []
    assert root.findall(f".//{SVG}style") == []
    assert "style=" not in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")


def test_the_still_svg_draws_the_end_position_without_animation() -> None:
    scene = scene_for("test", "knee-to-wall")
    root = ET.fromstring(render_svg(scene, "Knee to wall", still=True))
    assert root.findall(f".//{SVG}animate") == []
    assert len(root.findall(f".//{SVG}path")) > 8


def test_near_limbs_are_darker_than_far_limbs_and_mirroring_swaps_the_side() -> None:
    right = render_svg(scene_for("exercise", "couch-stretch"), "x", still=True)
    left = render_svg(scene_for("exercise", "couch-stretch", mirrored=True), "x", still=True)
    assert NEAR in right
    assert FAR in right
    assert right != left
    assert scene_for("exercise", "couch-stretch", mirrored=True).camera.value == "left"


def test_the_png_is_the_requested_height_and_the_gif_lasts_one_loop_of_the_timeline() -> None:
    scene = scene_for("exercise", "standing-knee-to-wall")
    png = Image.open(BytesIO(render_png(scene, height_px=120)))
    assert png.format == "PNG"
    assert png.height == 120
    assert len(png.convert("RGB").getcolors(maxcolors=100_000) or []) > 4  # a drawing, not a blank panel
    gif = Image.open(BytesIO(render_gif(scene, height_px=120)))
    assert gif.format == "GIF"
    assert gif.height == 120
    total_ms = 0
    n_frames: int = getattr(gif, "n_frames", 1)  # only multi-frame image files have it
    for i in range(n_frames):  # Pillow merges the still frames of a hold into one longer frame
        gif.seek(i)
        total_ms += gif.info["duration"]
    assert total_ms == len(frames(scene, GIF_FPS)) * 1000 / GIF_FPS == scene.spec.duration_s * 1000
    assert n_frames > 10
    assert gif.info.get("loop") == 0
