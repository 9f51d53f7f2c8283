"""Draw the skeleton, the measured segments and the angle with its value on the frame (Pillow)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from supple.domain.pose_geometry import Pose
from supple.domain.pose_measures import Segment, Side

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# BlazePose's body connections (face and hands left out: they are not measured).
_LIMBS = (
    ("shoulder", "elbow"),
    ("elbow", "wrist"),
    ("shoulder", "hip"),
    ("hip", "knee"),
    ("knee", "ankle"),
    ("ankle", "heel"),
    ("heel", "foot_index"),
    ("ankle", "foot_index"),
)
BONES: tuple[tuple[str, str], ...] = (
    *((f"{s}_{a}", f"{s}_{b}") for s in ("left", "right") for a, b in _LIMBS),
    ("left_shoulder", "right_shoulder"),
    ("left_hip", "right_hip"),
)

SKELETON = (255, 255, 255)
MEASURED = (255, 196, 0)
LABEL_BG = (20, 40, 60)
MAX_SIDE = 1280  # the stored still is scaled down to this long side
LABEL_SHARE = 0.055  # label text height as a share of the picture's width: about 18 px when shown 330 px wide
MIN_LABEL_PX = 16


def label_size(width: int, height: int) -> int:
    """The label font size in pixels for a picture this size: readable when the picture fills a phone's width."""
    return max(MIN_LABEL_PX, round(min(width, height * 1.5) * LABEL_SHARE))


@dataclass(frozen=True)
class _Pen:
    """What every drawing step shares: the canvas, the font and the sizes derived from the picture."""

    draw: Any  # PIL.ImageDraw.ImageDraw
    font: Any  # PIL.ImageFont.FreeTypeFont
    size: int  # label font size, pixels
    unit: int  # line width unit, pixels
    outline: int  # dark edge round the letters, pixels
    width: int
    height: int
    scale: float  # drawn picture / original picture


def annotate(
    rgb: NDArray[np.uint8],
    pose: Pose | None,
    side: Side,
    segments: Sequence[Segment],
    labels: Sequence[str],
    values: Mapping[str, str] | None = None,
    *,
    min_visibility: float = 0.5,
) -> bytes:
    """A JPEG of the frame: the skeleton, the measured segments thick, each label ("Shin from vertical: 28.7°")."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.fromarray(rgb)
    scale = min(1.0, MAX_SIDE / max(img.size))
    if scale < 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)))
    size = label_size(img.width, img.height)
    pen = _Pen(
        ImageDraw.Draw(img),
        ImageFont.load_default(size=size),
        size,
        max(2, round(max(img.size) / 300)),
        max(1, size // 12),  # a dark edge round the letters, over the dark box, so they stand out on any photo
        img.width,
        img.height,
        scale,
    )
    if pose is not None:
        _draw_pose(pen, pose, side, segments, values or {}, min_visibility)
    _draw_labels(pen, labels)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _draw_pose(
    pen: _Pen, pose: Pose, side: Side, segments: Sequence[Segment], values: Mapping[str, str], min_visibility: float
) -> None:
    draw, unit = pen.draw, pen.unit

    def xy(name: str) -> tuple[float, float]:
        p = pose[name]
        return p.x * pen.scale, p.y * pen.scale

    for a, b in BONES:
        if pose[a].visibility >= min_visibility and pose[b].visibility >= min_visibility:
            draw.line([xy(a), xy(b)], fill=SKELETON, width=unit)
    for seg in segments:
        a, b = f"{side.value}_{seg.start}", f"{side.value}_{seg.end}"
        draw.line([xy(a), xy(b)], fill=MEASURED, width=unit * 3)
        for name in (a, b):
            x, y = xy(name)
            r = unit * 3
            draw.ellipse([x - r, y - r, x + r, y + r], fill=MEASURED, outline=LABEL_BG)
        _draw_reference(pen, seg, xy(a), xy(b))
        text = values.get(seg.metric or "")
        if text:
            _draw_value(pen, text, xy(a), xy(b))


def _draw_reference(pen: _Pen, seg: Segment, start: tuple[float, float], end: tuple[float, float]) -> None:
    """The dashed line the angle is measured from (vertical or horizontal), as long as the segment."""
    if seg.reference is None:
        return
    (x0, y0), (x1, y1), unit = start, end, pen.unit
    length = max(30.0, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
    dx, dy = (0.0, -1.0) if seg.reference == "vertical" else (1.0 if x1 >= x0 else -1.0, 0.0)
    for i in range(0, int(length), unit * 6):
        pen.draw.line(
            [(x0 + dx * i, y0 + dy * i), (x0 + dx * (i + unit * 3), y0 + dy * (i + unit * 3))],
            fill=SKELETON,
            width=max(1, unit // 2),
        )


def _draw_value(pen: _Pen, text: str, start: tuple[float, float], end: tuple[float, float]) -> None:
    """The segment's angle beside it, in a dark box kept inside the picture."""
    draw, size, font, outline = pen.draw, pen.size, pen.font, pen.outline
    pad = size // 4
    tx, ty = (start[0] + end[0]) / 2 + pen.unit * 4, (start[1] + end[1]) / 2 - size / 2
    tw = draw.textlength(text, font=font)
    tx = min(tx, pen.width - tw - pad * 2) if tx + tw + pad * 2 > pen.width else tx
    tx, ty = max(pad, tx), max(pad, min(ty, pen.height - size - pad * 2))
    box = draw.textbbox((tx, ty), text, font=font, stroke_width=outline)
    draw.rectangle([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], fill=LABEL_BG)
    draw.text((tx, ty), text, fill=MEASURED, font=font, stroke_width=outline, stroke_fill=LABEL_BG)


def _draw_labels(pen: _Pen, labels: Sequence[str]) -> None:
    """The labels down the top left, each made smaller only if it would not fit across the picture."""
    from PIL import ImageFont

    draw, size, outline = pen.draw, pen.size, pen.outline
    pad = size // 3
    y = pad * 2
    for text in labels:
        room = pen.width - pad * 4
        width = draw.textlength(text, font=pen.font)
        use = pen.font
        if width > room and width != 0:
            use = ImageFont.load_default(size=max(MIN_LABEL_PX // 2, int(size * room / width)))
        box = draw.textbbox((pad * 2, y), text, font=use, stroke_width=outline)
        draw.rectangle([box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad], fill=LABEL_BG)
        draw.text((pad * 2, y), text, fill=MEASURED, font=use, stroke_width=outline, stroke_fill=LABEL_BG)
        y = box[3] + pad * 3
