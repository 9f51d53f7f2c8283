"""The public estimator API with the real BlazePose model, on a human-labelled COCO photo."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from supple.domain.landmarks import LANDMARK_NAMES
from supple.domain.pose_geometry import Landmark, angle_to_vertical
from supple.vision import estimate_landmarks

COCO_LEGS = {13: "left_knee", 14: "right_knee", 15: "left_ankle", 16: "right_ankle", 11: "left_hip", 12: "right_hip"}


def test_the_public_api_gives_33_named_landmarks_in_pixels_near_the_human_labels(
    coco_rgb: NDArray[np.uint8], coco_keypoints: list[tuple[float, float, int]]
) -> None:
    pose = estimate_landmarks(coco_rgb)
    assert pose is not None
    assert list(pose.as_dict()) == list(LANDMARK_NAMES)
    height = coco_rgb.shape[0]
    for coco_index, name in COCO_LEGS.items():
        x, y, flag = coco_keypoints[coco_index]
        assert flag > 0
        found = pose[name]
        assert 0.0 <= found.visibility <= 1.0
        # BlazePose's hips sit higher than COCO's labelled hips: allow 8 % of the image height there, 4 % elsewhere
        limit = (0.08 if "hip" in name else 0.04) * height
        assert math.hypot(found.x - x, found.y - y) < limit, (name, found, (x, y))
    labelled = angle_to_vertical(Landmark(*coco_keypoints[15][:2]), Landmark(*coco_keypoints[13][:2]))
    assert abs(angle_to_vertical(pose["left_ankle"], pose["left_knee"]) - labelled) < 5.0


def test_an_empty_scene_gives_none() -> None:
    assert estimate_landmarks(np.full((480, 640, 3), 200, dtype=np.uint8)) is None


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((100, 100), dtype=np.uint8),
        np.zeros((100, 100, 3), dtype=np.float32),
        np.zeros((8, 8, 3), dtype=np.uint8),
    ],
)
def test_anything_but_an_rgb_uint8_image_is_refused_with_a_message(bad: NDArray[np.generic]) -> None:
    with pytest.raises(ValueError, match=r"RGB image|too small"):
        estimate_landmarks(bad)  # type: ignore[arg-type]


def test_a_cropped_view_of_an_array_is_measured_in_its_own_pixels(coco_rgb: NDArray[np.uint8]) -> None:
    whole = estimate_landmarks(coco_rgb)
    cropped = estimate_landmarks(coco_rgb[:, 100:])  # a non-contiguous view
    assert whole is not None
    assert cropped is not None
    assert abs((whole["left_knee"].x - 100) - cropped["left_knee"].x) < 5
