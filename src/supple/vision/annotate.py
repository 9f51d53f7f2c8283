"""Draw the skeleton, the measured segments and the angle with its value on the frame (Pillow)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

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
    """A JPEG of the frame with the skeleton, the measured segments thick, and each label (e.g. "Shin 32°")."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.fromarray(rgb)
    scale = min(1.0, MAX_SIDE / max(img.size))
    if scale < 1.0:
        img = img.resize((round(img.width * scale), round(img.height * scale)))
    draw = ImageDraw.Draw(img)
    values = values or {}
    unit = max(2, round(max(img.size) / 300))
    font = ImageFont.load_default(size=max(14, unit * 7))
    if pose is not None:

        def xy(name: str) -> tuple[float, float]:
            p = pose[name]
            return p.x * scale, p.y * scale

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
            x0, y0 = xy(a)
            x1, y1 = xy(b)
            length = max(30.0, ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)
            if seg.reference is not None:  # dashed line the angle is measured from
                dx, dy = (0.0, -1.0) if seg.reference == "vertical" else (1.0 if x1 >= x0 else -1.0, 0.0)
                for i in range(0, int(length), unit * 6):
                    draw.line(
                        [(x0 + dx * i, y0 + dy * i), (x0 + dx * (i + unit * 3), y0 + dy * (i + unit * 3))],
                        fill=SKELETON,
                        width=max(1, unit // 2),
                    )
            text = values.get(seg.metric or "")
            if text:
                tx, ty = (x0 + x1) / 2 + unit * 4, (y0 + y1) / 2
                box = draw.textbbox((tx, ty), text, font=font)
                draw.rectangle([box[0] - unit, box[1] - unit, box[2] + unit, box[3] + unit], fill=LABEL_BG)
                draw.text((tx, ty), text, fill=MEASURED, font=font)
    y = unit * 3
    for text in labels:
        box = draw.textbbox((unit * 3, y), text, font=font)
        draw.rectangle([box[0] - unit * 2, box[1] - unit * 2, box[2] + unit * 2, box[3] + unit * 2], fill=LABEL_BG)
        draw.text((unit * 3, y), text, fill=MEASURED, font=font)
        y = box[3] + unit * 5
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()
