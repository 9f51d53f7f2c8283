"""Still PNG and animated GIF of a figure, drawn with Pillow (imported here only, so the CLI starts fast)."""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw

from supple.domain.figure import Vec
from supple.domain.figure_scene import Scene, frames
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

    def px(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] * scale, p[1] * scale)

    def dot(p: tuple[float, float], r: float, colour: tuple[int, int, int]) -> None:
        x, y = px(p)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    for shape in shapes:
        colour = _rgb(shape.colour)
        if shape.kind == "circle":
            dot(shape.points[0], shape.width * scale, _rgb(shape.fill or shape.colour))
            continue
        pts = [px(p) for p in shape.points]
        width = max(1, round(shape.width * scale))
        if shape.kind == "area":
            draw.polygon(pts, fill=_rgb(shape.fill or shape.colour))
            pts = [*pts, pts[0]]
        draw.line(pts, fill=colour, width=width, joint="curve")
        for p in shape.points:
            dot(p, width / 2, colour)
    return image.resize((round(size[0] / supersample), height_px), Image.Resampling.LANCZOS)


def _image(scene: Scene, points: dict[str, Vec], height_px: int, supersample: int = SUPERSAMPLE) -> Image.Image:
    return _draw(frame_shapes(scene, points, near_side(scene)), Canvas(scene), height_px, supersample)


def render_png(scene: Scene, height_px: int = 240) -> bytes:
    """The still pose (usually the end position) as a PNG."""
    out = BytesIO()
    _image(scene, scene.poses[scene.spec.still], height_px).save(out, format="PNG", optimize=True)
    return out.getvalue()


def render_gif(scene: Scene, height_px: int = 240) -> bytes:
    """The whole movement as a looping GIF."""
    images = [_image(scene, pts, height_px, supersample=2) for pts in frames(scene, GIF_FPS)]  # 2x: half the time
    palette = [im.convert("P", palette=Image.Palette.ADAPTIVE, colors=32) for im in images]
    out = BytesIO()
    palette[0].save(
        out, format="GIF", save_all=True, append_images=palette[1:], duration=round(1000 / GIF_FPS), loop=0, disposal=1
    )
    return out.getvalue()
