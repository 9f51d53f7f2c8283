"""Still PNG and animated GIF of a figure, drawn with Pillow (imported here only, so the CLI starts fast).

The same shaded pieces as the SVG (``figures/shapes.py``), drawn at twice or three times the size and
scaled down for smooth edges. Frames that repeat (the holds) are drawn once.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw

from supple.domain.figure import Vec
from supple.domain.figure_scene import Scene, frames
from supple.figures.phone import phone_pieces
from supple.figures.shapes import BACKGROUND, Canvas, Shape, frame_shapes, near_side

GIF_FPS = 10.0
SUPERSAMPLE = 3


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16))


def _draw(shapes: list[Shape], canvas: Canvas, height_px: int, supersample: int = SUPERSAMPLE) -> Image.Image:
    scale = height_px * supersample / canvas.height
    size = (round(canvas.width * scale), round(canvas.height * scale))
    image = Image.new("RGB", size, _rgb(BACKGROUND))
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        colour = _rgb(shape.colour)
        pts = [((x + shape.dx) * scale, (y + shape.dy) * scale) for x, y in shape.points]
        width = shape.width * scale
        r = width / 2
        # straight strokes with a round dot on every corner: the same as round joins and caps, and
        # cheaper than Pillow's curved joints
        if shape.kind == "area":
            draw.polygon(pts, fill=_rgb(shape.fill or shape.colour))
            if width >= 1:
                draw.line([*pts, pts[0]], fill=colour, width=round(width))
        elif len(pts) > 1:
            draw.line(pts, fill=colour, width=round(width))
        if shape.kind == "line" or width >= 2:
            for x, y in pts:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    if image.height == height_px * supersample:
        return image.reduce(supersample)  # a box filter over each block: smooth edges, fast
    return image.resize((round(size[0] / supersample), height_px), Image.Resampling.LANCZOS)


def _image(
    scene: Scene, points: dict[str, Vec], height_px: int, supersample: int = SUPERSAMPLE, phone: str | None = None
) -> Image.Image:
    shapes = frame_shapes(scene, points, near_side(scene))
    if phone is not None:
        shapes += [s for piece in phone_pieces(scene, points, phone) for s in piece.shapes()]
    return _draw(shapes, Canvas(scene), height_px, supersample)


def render_png(scene: Scene, height_px: int = 240, phone: str | None = None) -> bytes:
    """The still pose (usually the end position) as a PNG; ``phone`` lays a phone on that body part."""
    out = BytesIO()
    _image(scene, scene.poses[scene.spec.still], height_px, phone=phone).save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_gif(scene: Scene, height_px: int = 240) -> bytes:
    """The whole movement as a looping GIF (one palette for every frame)."""
    drawn: dict[tuple[tuple[float, float, float], ...], Image.Image] = {}
    images = []
    for pts in frames(scene, GIF_FPS):
        key = tuple(pts[name] for name in sorted(pts))
        if key not in drawn:
            drawn[key] = _image(scene, pts, height_px, supersample=2)  # 2x: half the time
        images.append(drawn[key])
    palette = images[len(images) // 2].quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    quantized: dict[int, Image.Image] = {}  # a hold repeats one drawn frame: map it to the palette once
    for im in images:
        if id(im) not in quantized:
            quantized[id(im)] = im.quantize(palette=palette, dither=Image.Dither.NONE)
    frames_p = [quantized[id(im)] for im in images]
    out = BytesIO()
    frames_p[0].save(
        out, format="GIF", save_all=True, append_images=frames_p[1:], duration=round(1000 / GIF_FPS), loop=0, disposal=1
    )
    return out.getvalue()
