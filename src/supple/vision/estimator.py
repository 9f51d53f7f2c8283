"""The one pose backend: MediaPipe BlazePose (full model, legacy ``solutions.pose``) on the CPU.

The model ships inside the ``mediapipe==0.10.21`` wheel; nothing is downloaded (docs/decisions/0009).
numpy, OpenCV and MediaPipe are imported only when an estimator is built, never at CLI start.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, Protocol

from supple.domain.landmarks import LANDMARK_NAMES
from supple.domain.pose_geometry import Landmark, Pose

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MODEL_COMPLEXITY = 1  # BlazePose "full": the only model in the wheel (0 and 2 would be downloaded)


class PoseEstimator(Protocol):
    """Anything that finds one person's 33 landmarks in an RGB image (pixel coordinates)."""

    def estimate(self, rgb: NDArray[np.uint8]) -> Pose | None: ...

    def close(self) -> None: ...


def _quiet_native_logs() -> None:
    """MediaPipe's C++ (glog/absl) and TFLite log to stderr at start; keep the terminal clean."""
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("GLOG_logtostderr", "0")


def _flush_c_stdio() -> None:
    import ctypes

    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).fflush(None)


_silence = {"depth": 0, "saved": -1}
_silence_lock = threading.Lock()


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null while MediaPipe runs: absl and TFLite write there directly,
    from worker threads and before absl logging is set up, so the GLOG/TF environment variables do not
    reach them. Nested and concurrent uses share one redirection (restored when the last one leaves).
    Python errors are still raised as exceptions; set SUPPLE_DEBUG=1 to see the native log."""
    if os.environ.get("SUPPLE_DEBUG"):
        yield
        return
    with _silence_lock:
        if _silence["depth"] == 0:
            with suppress(OSError, ValueError):  # stderr may be closed
                sys.stderr.flush()
            _silence["saved"] = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        _silence["depth"] += 1
    try:
        yield
    finally:
        with _silence_lock:
            _silence["depth"] -= 1
            if _silence["depth"] == 0:
                _flush_c_stdio()  # what the C++ side still holds in stdio buffers goes to /dev/null too
                os.dup2(_silence["saved"], 2)
                os.close(_silence["saved"])


def check_image(rgb: Any) -> None:
    import numpy as np

    if not isinstance(rgb, np.ndarray) or rgb.dtype != np.uint8 or rgb.ndim != 3 or rgb.shape[2] != 3:
        shape = getattr(rgb, "shape", None)
        dtype = getattr(rgb, "dtype", type(rgb).__name__)
        raise ValueError(f"expected an RGB image as a uint8 array of shape (H, W, 3), got {dtype} {shape}")
    if rgb.shape[0] < 16 or rgb.shape[1] < 16:
        raise ValueError(f"the image is too small to find a person: {rgb.shape[1]} × {rgb.shape[0]} pixels")


class BlazePose:
    """BlazePose full. ``video=True`` tracks a person from frame to frame (faster, steadier on a clip)."""

    def __init__(self, *, video: bool = False) -> None:
        _quiet_native_logs()
        with native_stderr_silenced():
            from mediapipe.python.solutions import pose as mp_pose

            self._pose = mp_pose.Pose(
                static_image_mode=not video,
                model_complexity=MODEL_COMPLEXITY,
                smooth_landmarks=video,
                enable_segmentation=False,
                min_detection_confidence=0.5,
                min_tracking_confidence=0.5,
            )
        self._lock = threading.Lock()  # one MediaPipe graph is not safe to run from two threads at once

    def estimate(self, rgb: NDArray[np.uint8]) -> Pose | None:
        import numpy as np

        check_image(rgb)
        rgb = np.ascontiguousarray(rgb)  # slices and views from other libraries are accepted too
        height, width = rgb.shape[:2]
        with self._lock, native_stderr_silenced():  # its calculators log their set-up lazily, from worker threads
            result = self._pose.process(rgb)
        if result.pose_landmarks is None:
            return None
        points = result.pose_landmarks.landmark
        if len(points) != len(LANDMARK_NAMES):  # pragma: no cover - the model always gives 33
            return None
        return Pose(tuple(Landmark(p.x * width, p.y * height, p.z * width, float(p.visibility)) for p in points))

    def close(self) -> None:
        with self._lock, native_stderr_silenced():
            self._pose.close()

    def __enter__(self) -> BlazePose:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class Estimators:
    """The pose estimators of one running app, made in the composition root (``supple.bootstrap``) and
    handed down: a photo-mode estimator built on first use and kept (building the graph costs about a
    quarter of a second), and a new tracking estimator for each video. Tests hand in fakes."""

    def __init__(
        self,
        photo: Callable[[], PoseEstimator] | None = None,
        video: Callable[[], PoseEstimator] | None = None,
    ) -> None:
        self._make_photo = photo or (lambda: BlazePose(video=False))
        self._make_video = video or (lambda: BlazePose(video=True))
        self._photo: PoseEstimator | None = None
        self._lock = threading.Lock()

    def photo(self) -> PoseEstimator:
        with self._lock:
            if self._photo is None:
                self._photo = self._make_photo()
                atexit.register(self.close)  # quietly, before the interpreter tears MediaPipe down
            return self._photo

    def video(self) -> PoseEstimator:
        return self._make_video()

    def close(self) -> None:
        with self._lock:
            if self._photo is not None:
                self._photo.close()
                self._photo = None


def estimate_landmarks(rgb: NDArray[np.uint8], estimator: PoseEstimator | None = None) -> Pose | None:
    """The 33 BlazePose landmarks of the person in an RGB photo, or None when nobody is found.

    ``rgb`` is a ``uint8`` array of shape (H, W, 3) in RGB order (not OpenCV's BGR). Each landmark has
    ``x`` and ``y`` in pixels of that image (y down), ``z`` (depth relative to the hips, in the same pixel
    scale, smaller = nearer the camera) and ``visibility`` (0-1). Look points up by name:
    ``pose["left_knee"]``, or ``pose.as_dict()``; names are ``supple.domain.landmarks.LANDMARK_NAMES``.

    Without ``estimator`` a photo-mode model is built for this call and closed after it (about a quarter
    of a second); for many photos build one yourself (``with BlazePose() as model: ...``) and pass it.
    Nothing is kept in the module between calls.
    """
    if estimator is not None:
        return estimator.estimate(rgb)
    with BlazePose(video=False) as model:
        return model.estimate(rgb)
