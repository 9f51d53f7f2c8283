"""The annotated picture: its angle label is large enough to read on a phone and rounded like the page."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from supple.domain.pose_measures import CAMERA_TESTS, Side
from supple.vision.analyse import _label, _texts
from supple.vision.annotate import LABEL_BG, annotate, label_size
from tests.pose_fixtures import standing_lunge


def _label_box_height(jpeg: bytes) -> int:
    """Rows near the top filled with the label's dark box (JPEG-tolerant)."""
    img = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB")).astype(int)
    img = img[: img.shape[0] // 4]  # the top label only (the value on the shin is lower down)
    near = (np.abs(img - np.array(LABEL_BG)).sum(axis=2) < 60).mean(axis=1) > 0.2
    rows = np.flatnonzero(near)
    return int(rows.max() - rows.min() + 1) if rows.size else 0


@pytest.mark.parametrize(("width", "height"), [(1000, 1000), (400, 400)])
def test_the_label_grows_with_the_picture_to_stay_readable_at_phone_width(width: int, height: int) -> None:
    pose = standing_lunge(28.7)
    scale = width / 1000
    rgb = np.full((height, width, 3), 200, dtype=np.uint8)
    from supple.domain.pose_geometry import Landmark, Pose

    scaled = Pose.from_mapping(
        {n: Landmark(p.x * scale, p.y * scale, p.z, p.visibility) for n, p in pose.as_dict().items()}
    )
    test = CAMERA_TESTS["knee-to-wall"]
    jpeg = annotate(rgb, scaled, Side.LEFT, test.segments, ["Shin from vertical: 28.7°"], {"tibia_angle_deg": "28.7°"})
    box = _label_box_height(jpeg)
    # shown 330 px wide on a 360 px phone, the label box is at least about 16 px tall
    assert box * 330 / width >= 16, box
    assert label_size(width, height) >= 0.05 * width


def test_the_picture_shows_the_same_rounding_as_the_page() -> None:
    assert _label("tibia_angle_deg", 28.66) == "Shin from vertical: 28.7°"
    assert _texts({"tibia_angle_deg": 28.66}) == {"tibia_angle_deg": "28.7°"}
