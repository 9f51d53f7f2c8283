"""A stand-in pose estimator for tests where the model itself is not under test (job runner, uploads).

It answers with a hand-built side-on lunge fitted into the picture, and lets the test decide when each
frame is done: ``allow(n)`` lets n more frames through, so a test can stop a job part-way without timing.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from supple.domain.pose_geometry import Landmark, Pose
from supple.vision.estimator import Estimators
from tests.pose_fixtures import FRAME_H, FRAME_W, standing_lunge

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


class FakeEstimator:
    def __init__(self, frames: threading.Semaphore | None = None) -> None:
        self.frames = frames
        self.calls = 0
        self.closed = False

    def estimate(self, rgb: NDArray[np.uint8]) -> Pose | None:
        if self.frames is not None and not self.frames.acquire(timeout=120):
            raise AssertionError("the test never let this frame through")
        self.calls += 1
        h, w = rgb.shape[:2]
        pose = standing_lunge(25, rear_step=180)
        return Pose(tuple(Landmark(p.x * w / FRAME_W, p.y * h / FRAME_H, p.z, p.visibility) for p in pose.landmarks))

    def close(self) -> None:
        self.closed = True


class PacedEstimators(Estimators):
    """Estimators whose every frame waits for the test's go-ahead (``allow``)."""

    def __init__(self) -> None:
        self.gate = threading.Semaphore(0)
        self.made: list[FakeEstimator] = []
        super().__init__(photo=self._make, video=self._make)

    def _make(self) -> FakeEstimator:
        est = FakeEstimator(self.gate)
        self.made.append(est)
        return est

    def allow(self, frames: int) -> None:
        for _ in range(frames):
            self.gate.release()
