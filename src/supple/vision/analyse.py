"""The measuring pipeline: file → frames → BlazePose → quality gates → angle → annotated still.

Photos are read in the estimator's image mode. Videos are tracked frame by frame; the end range is the
steadiest stretch of frames at the peak (``supple.domain.reps.steadiest_peak``), averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from supple.domain import pose_quality
from supple.domain.formatting import plural
from supple.domain.pose_geometry import Pose
from supple.domain.pose_measures import CAMERA_TESTS, REP_EXERCISES, CameraTest, RepExercise, Side
from supple.domain.pose_quality import GateLimits, Issue
from supple.domain.reps import count_reps, steadiest_peak
from supple.vision.media import MediaKind, VideoInfo, check_file, frames, load_photo, not_a_video, probe_video

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from supple.vision.estimator import Estimators

Progress = Callable[[int, int], None]  # (frames done, frames in all)

MAX_ANALYSED_FPS = 30.0  # faster videos are sampled down to this many frames per second
END_RANGE_SECONDS = 0.5  # length of the steadiest stretch averaged at the end range


@dataclass(frozen=True)
class Analysis:
    kind: MediaKind
    test_id: str
    side: Side
    values: dict[str, float]  # metric id → degrees; empty when a quality gate failed
    confidence: float  # 0-1, mean visibility of the points used
    issues: list[Issue]
    annotated_jpeg: bytes
    width: int
    height: int
    frame: int | None = None  # the video frame shown (middle of the averaged stretch); None for a photo
    frames_averaged: tuple[int, int] | None = None  # first and last frame averaged
    time_s: float | None = None  # where that frame is in the video, seconds
    spread_deg: float | None = None  # standard deviation over the averaged frames
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues and bool(self.values)


@dataclass(frozen=True)
class RepResult:
    exercise_id: str
    side: Side
    count: int
    peak_times_s: tuple[float, ...]
    low_deg: float
    high_deg: float
    signal: str
    measured_share: float  # share of the analysed frames where the points were seen
    issues: list[Issue]
    annotated_jpeg: bytes
    width: int
    height: int


METRIC_LABELS = {
    "tibia_angle_deg": "Shin from vertical",
    "thigh_angle_deg": "Thigh to horizontal",
    "knee_flexion_deg": "Knee bend",
    "hip_flexion_deg": "Thigh from the bed",
}


def metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric)


def _label(metric: str, value: float) -> str:
    return f"{metric_label(metric)}: {value:.1f}°"  # the same rounding as the result page and the API


def count_people(rgb: NDArray[np.uint8], pose: Pose, limits: GateLimits, estimators: Estimators) -> int:
    """1 or 2. BlazePose finds one person, so the found person is blanked out and the rest of the picture
    searched again: whole, then (if nobody) each half along the longer side, where a smaller person in
    the background is large enough for the detector. Costs one to three more model runs."""
    import numpy as np

    h, w = rgb.shape[:2]
    xs = [p.x for p in pose.landmarks]
    ys = [p.y for p in pose.landmarks]
    pad_x, pad_y = 0.15 * (max(xs) - min(xs)) + 10, 0.15 * (max(ys) - min(ys)) + 10
    x0, x1 = int(max(0, min(xs) - pad_x)), int(min(w, max(xs) + pad_x))
    y0, y1 = int(max(0, min(ys) - pad_y)), int(min(h, max(ys) + pad_y))
    rest = rgb.copy()
    rest[y0:y1, x0:x1] = np.asarray(rgb.reshape(-1, 3).mean(axis=0), dtype=np.uint8)
    halves = (rest[: h // 2], rest[h // 2 :]) if h >= w else (rest[:, : w // 2], rest[:, w // 2 :])
    est = estimators.photo()
    for part in (rest, *halves):
        other = est.estimate(np.ascontiguousarray(part))
        if other is not None and pose_quality.plausible_body(other, part.shape[1], part.shape[0], limits):
            return 2
    return 1


def _gate_and_read(
    test: CameraTest,
    pose: Pose | None,
    rgb: NDArray[np.uint8],
    side: Side,
    level_deg: float | None,
    limits: GateLimits,
    estimators: Estimators,
) -> tuple[list[Issue], dict[str, float]]:
    h, w = rgb.shape[:2]
    people = count_people(rgb, pose, limits, estimators) if pose is not None else 0
    issues = pose_quality.check(
        pose,
        frame_w=w,
        frame_h=h,
        key_points=test.points(side),
        side=side,
        posture=test.posture,
        people=people,
        tilt_deg=level_deg,
        limits=limits,
    )
    if issues or pose is None:
        return issues, {}
    return [], test.read(pose, side)


def analyse_photo(
    path: Path, test: CameraTest, side: Side, level_deg: float | None, limits: GateLimits, estimators: Estimators
) -> Analysis:
    from supple.vision.annotate import annotate

    photo = load_photo(path)
    pose = estimators.photo().estimate(photo.rgb)
    issues, values = _gate_and_read(test, pose, photo.rgb, side, level_deg, limits, estimators)
    notes = [f"The photo was turned {photo.exif_rotation}° as the phone held it."] if photo.exif_rotation else []
    conf = pose_quality.confidence(pose, test.points(side)) if pose is not None else 0.0
    image = annotate(photo.rgb, pose, side, test.segments, [_label(m, v) for m, v in values.items()], _texts(values))
    return Analysis(
        MediaKind.PHOTO, test.test_id, side, values, conf, issues, image, photo.width, photo.height, notes=notes
    )


def _texts(values: dict[str, float]) -> dict[str, str]:
    return {m: f"{v:.1f}°" for m, v in values.items()}


def _sampled(path: Path, info: VideoInfo) -> tuple[int, Iterator[tuple[int, NDArray[np.uint8]]]]:
    step = max(1, round(info.fps / MAX_ANALYSED_FPS))

    def gen() -> Iterator[tuple[int, NDArray[np.uint8]]]:
        for i, frame in enumerate(frames(path, info)):
            if i % step == 0:
                yield i, frame

    return step, gen()


def _frame_at(path: Path, index: int) -> NDArray[np.uint8]:
    """One frame, upright, in RGB: seek (OpenCV decodes from the key frame before it), else read up to it."""
    import cv2

    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
    try:
        if cap.set(cv2.CAP_PROP_POS_FRAMES, index) and int(cap.get(cv2.CAP_PROP_POS_FRAMES)) == index:
            ok, frame = cap.read()
        else:
            cap.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = False, None
            for _ in range(index + 1):
                ok, frame = cap.read()
                if not ok:
                    break
    finally:
        cap.release()
    if not ok or frame is None:  # pragma: no cover - the frame was read once already
        raise IndexError(index)
    return cast("NDArray[np.uint8]", cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))


def track(
    path: Path, info: VideoInfo, estimators: Estimators, progress: Progress | None = None
) -> tuple[list[int], list[Pose | None]]:
    """Run the tracking estimator over the (sampled) frames: their indices and poses."""
    from supple.vision.estimator import native_stderr_silenced

    step, sampled = _sampled(path, info)
    total = (info.frames + step - 1) // step
    indices: list[int] = []
    poses: list[Pose | None] = []
    with native_stderr_silenced():  # MediaPipe logs from its own threads
        est = estimators.video()
        try:
            for n, (i, frame) in enumerate(sampled, start=1):
                indices.append(i)
                poses.append(est.estimate(frame))
                if progress is not None:
                    progress(n, total)
        finally:
            est.close()
    return indices, poses


def _seen(pose: Pose | None, points: Sequence[str], limits: GateLimits) -> bool:
    return pose is not None and all(pose[p].visibility >= limits.min_visibility for p in points)


def analyse_video(
    path: Path,
    test: CameraTest,
    side: Side,
    level_deg: float | None,
    limits: GateLimits,
    estimators: Estimators,
    progress: Progress | None = None,
) -> Analysis:
    from supple.vision.annotate import annotate

    info = probe_video(path)
    indices, poses = track(path, info, estimators, progress)
    points = test.points(side)
    primary = [test.read(p, side)[test.primary] if p is not None and _seen(p, points, limits) else None for p in poses]
    fps = info.fps / max(1, round(info.fps / MAX_ANALYSED_FPS))
    stretch = steadiest_peak(primary, max(3, round(END_RANGE_SECONDS * fps)), highest=test.highest_is_end_range)
    notes = [f"The video was turned {info.rotation}° as the phone recorded it."] if info.rotation else []
    if stretch is None:  # nobody, or never the needed points: gate the most telling frame
        best = max(range(len(poses)), key=lambda k: _score(poses[k], points), default=0)
        index = indices[best] if indices else 0
        frame = _frame_at(path, index)
        pose = poses[best] if poses else None
        issues, _ = _gate_and_read(test, pose, frame, side, level_deg, limits, estimators)
        issues = issues or [pose_quality.Issue(pose_quality.NOT_VISIBLE, pose_quality.ADVICE[pose_quality.NOT_VISIBLE])]
        conf = pose_quality.confidence(pose, points) if pose is not None else 0.0
        image = annotate(frame, pose, side, test.segments, [])
        return Analysis(
            MediaKind.VIDEO,
            test.test_id,
            side,
            {},
            conf,
            issues,
            image,
            info.width,
            info.height,
            frame=index,
            time_s=index / info.fps,
            notes=notes,
        )
    middle = stretch.middle
    frame = _frame_at(path, indices[middle])
    pose = poses[middle]
    issues, _ = _gate_and_read(test, pose, frame, side, level_deg, limits, estimators)
    unsteady = pose_quality.check_steadiness(stretch.spread, limits)
    if unsteady is not None:
        issues.append(unsteady)
    chosen = [
        p for k, p in enumerate(poses) if stretch.start <= k < stretch.end and p is not None and primary[k] is not None
    ]
    readings = [test.read(p, side) for p in chosen]
    values = {m: sum(r[m] for r in readings) / len(readings) for m in readings[0]} if not issues else {}
    conf = sum(pose_quality.confidence(p, points) for p in chosen) / len(chosen)
    image = annotate(frame, pose, side, test.segments, [_label(m, v) for m, v in values.items()], _texts(values))
    return Analysis(
        MediaKind.VIDEO,
        test.test_id,
        side,
        values,
        conf,
        issues,
        image,
        info.width,
        info.height,
        frame=indices[middle],
        frames_averaged=(indices[stretch.start], indices[stretch.end - 1]),
        time_s=indices[middle] / info.fps,
        spread_deg=stretch.spread,
        notes=notes,
    )


def _score(pose: Pose | None, points: Sequence[str]) -> float:
    return -1.0 if pose is None else sum(pose[p].visibility for p in points)


def analyse(
    path: Path,
    test_id: str,
    side: Side,
    *,
    limits: GateLimits,
    estimators: Estimators,
    level_deg: float | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Measure one test on one side from a photo or a video file (checks the file first)."""
    test = CAMERA_TESTS[test_id]
    kind = check_file(path)
    if kind is MediaKind.PHOTO:
        return analyse_photo(path, test, side, level_deg, limits, estimators)
    return analyse_video(path, test, side, level_deg, limits, estimators, progress)


def reps(
    path: Path,
    exercise_id: str,
    side: Side,
    *,
    limits: GateLimits,
    estimators: Estimators,
    progress: Progress | None = None,
) -> RepResult:
    """Count the reps of one exercise in a session video."""
    from supple.vision.annotate import annotate

    ex: RepExercise = REP_EXERCISES[exercise_id]
    lim = limits
    kind = check_file(path)
    if kind is not MediaKind.VIDEO:
        raise not_a_video()
    info = probe_video(path)
    indices, poses = track(path, info, estimators, progress)
    points = ex.points(side)
    signal = [ex.signal(p, side) if p is not None and _seen(p, points, lim) else None for p in poses]
    fps = info.fps / max(1, round(info.fps / MAX_ANALYSED_FPS))
    result = count_reps(signal, min_amplitude=ex.min_amplitude_deg, fps=fps)
    measured = sum(v is not None for v in signal) / max(1, len(signal))
    issues: list[Issue] = []
    if all(p is None for p in poses):
        issues.append(Issue(pose_quality.NO_PERSON, pose_quality.ADVICE[pose_quality.NO_PERSON]))
    elif measured < 0.5:
        issues.append(
            Issue(
                pose_quality.NOT_VISIBLE,
                f"The {ex.signal_name} could be read in only {measured:.0%} of the video. "
                + pose_quality.ADVICE[pose_quality.NOT_VISIBLE],
            )
        )
    show = (
        result.peaks[0] if result.peaks else max(range(len(poses)), key=lambda k: _score(poses[k], points), default=0)
    )
    index = indices[show] if indices else 0
    frame = _frame_at(path, index)
    label = (
        [f"{plural(result.count, 'rep')} ({ex.signal_name} {result.low:.0f}° to {result.high:.0f}°)"]
        if not issues
        else []
    )
    image = annotate(frame, poses[show] if poses else None, side, ex.segments, label)
    return RepResult(
        exercise_id,
        side,
        result.count if not issues else 0,
        tuple(indices[k] / info.fps for k in result.peaks),
        result.low,
        result.high,
        ex.signal_name,
        measured,
        issues,
        image,
        info.width,
        info.height,
    )
