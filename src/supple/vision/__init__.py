"""Pose estimation from photos and videos: an adapter around MediaPipe BlazePose, run on this machine.

Public API (heavy libraries load on first use, not on import)::

    from supple.vision import estimate_landmarks
    pose = estimate_landmarks(rgb)          # rgb: numpy uint8 array (H, W, 3); None if nobody is found
    pose["left_knee"].x, pose["left_knee"].y, pose["left_knee"].visibility
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supple.domain.landmarks import LANDMARK_NAMES
from supple.domain.pose_geometry import Landmark, Pose

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from supple.vision.estimator import PoseEstimator

__all__ = ["LANDMARK_NAMES", "Landmark", "Pose", "estimate_landmarks"]


def estimate_landmarks(rgb: NDArray[np.uint8], estimator: PoseEstimator | None = None) -> Pose | None:
    """The 33 BlazePose landmarks of the person in an RGB image, in pixels with visibility; None if nobody.

    See ``supple.vision.estimator.estimate_landmarks`` for the details of the coordinates and of ``estimator``.
    """
    from supple.vision.estimator import estimate_landmarks as _estimate

    return _estimate(rgb, estimator)


def __getattr__(name: str) -> Any:  # pragma: no cover - convenience for researchers
    if name in ("BlazePose", "PoseEstimator"):
        from supple.vision import estimator

        return getattr(estimator, name)
    raise AttributeError(name)
