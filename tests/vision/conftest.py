from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from tests.vision.media import COCO_IMAGE, COCO_LABELS, LUNGE_CLIP, read_frames, write_video


@pytest.fixture(scope="session")
def coco_rgb() -> NDArray[np.uint8]:
    return np.asarray(Image.open(COCO_IMAGE).convert("RGB"))


@pytest.fixture(scope="session")
def coco_keypoints() -> list[tuple[float, float, int]]:
    """COCO-17 human labels of the one person in the COCO image: (x, y, visibility flag)."""
    kp = json.loads(COCO_LABELS.read_text())["annotations"][0]["keypoints"]
    return [(kp[i], kp[i + 1], kp[i + 2]) for i in range(0, len(kp), 3)]


@pytest.fixture(scope="session")
def lunge_loop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6 s session-like clip at 15 fps: the first 0.8 s of the Pose2Sim demo (cam01, a forward lunge
    of the left leg) played forwards and back three times, so it holds exactly three out-and-back
    movements of the left shin and hip."""
    frames = read_frames(LUNGE_CLIP, range(0, 48, 3), width=540)
    return write_video(tmp_path_factory.mktemp("clips") / "lunge-loop.mp4", (frames + frames[-2:0:-1]) * 3, 15)
