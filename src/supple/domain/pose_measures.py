"""Which angle each camera-measured test reads from a pose, and which signal each counted exercise follows.

Pure: a test is a small spec (the landmarks it needs and how to turn them into the catalogue's metrics).
Only sagittal-plane tests with a two-point segment angle are offered; foot-point ankle angles and trunk
rotation are deliberately absent (their 2D errors are too large).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from supple.domain.pose_geometry import Pose, angle_to_horizontal, angle_to_vertical, elevation_towards, flexion


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Posture(StrEnum):
    UPRIGHT = "upright"  # standing or kneeling: the trunk points up
    LUNGE = "standing lunge"  # upright, the measured foot flat in front, the other leg behind
    LYING = "lying"  # on the back: the trunk is level


@dataclass(frozen=True)
class Segment:
    """A drawn segment, named without its side (``knee`` → ``left_knee``)."""

    start: str
    end: str
    metric: str | None = None  # the metric this segment's angle gives (labelled on the picture)
    reference: str | None = None  # "vertical" or "horizontal": the line the angle is measured from


@dataclass(frozen=True)
class CameraTest:
    test_id: str
    posture: Posture
    key_points: tuple[str, ...]  # without the side prefix
    primary: str  # the metric whose end range picks the frames of a video
    highest_is_end_range: bool
    segments: tuple[Segment, ...]
    read: Callable[[Pose, Side], dict[str, float]]
    what: str  # one line for the person: what is measured

    def points(self, side: Side) -> tuple[str, ...]:
        return tuple(f"{side.value}_{p}" for p in self.key_points)


def _knee_to_wall(pose: Pose, side: Side) -> dict[str, float]:
    s = side.value
    return {"tibia_angle_deg": angle_to_vertical(pose[f"{s}_ankle"], pose[f"{s}_knee"])}


def _thomas(pose: Pose, side: Side) -> dict[str, float]:
    s = side.value
    hip, knee, ankle = pose[f"{s}_hip"], pose[f"{s}_knee"], pose[f"{s}_ankle"]
    return {"thigh_angle_deg": angle_to_horizontal(hip, knee), "knee_flexion_deg": flexion(hip, knee, ankle)}


def _hip_flexion(pose: Pose, side: Side) -> dict[str, float]:
    s = side.value
    shoulder, hip, knee = pose[f"{s}_shoulder"], pose[f"{s}_hip"], pose[f"{s}_knee"]
    feet_towards = 1.0 if hip.x >= shoulder.x else -1.0
    return {"hip_flexion_deg": elevation_towards(hip, knee, feet_towards)}


CAMERA_TESTS: dict[str, CameraTest] = {
    t.test_id: t
    for t in (
        CameraTest(
            "knee-to-wall",
            Posture.LUNGE,
            ("knee", "ankle"),
            "tibia_angle_deg",
            True,
            (Segment("ankle", "knee", "tibia_angle_deg", "vertical"),),
            _knee_to_wall,
            "the shin's lean from vertical (ankle to knee)",
        ),
        CameraTest(
            "modified-thomas",
            Posture.LYING,
            ("hip", "knee", "ankle"),
            "thigh_angle_deg",
            False,
            (Segment("hip", "knee", "thigh_angle_deg", "horizontal"), Segment("knee", "ankle", "knee_flexion_deg")),
            _thomas,
            "the hanging thigh's angle to horizontal (hip to knee) and the knee bend",
        ),
        CameraTest(
            "supine-hip-flexion",
            Posture.LYING,
            ("shoulder", "hip", "knee"),
            "hip_flexion_deg",
            True,
            (Segment("hip", "knee", "hip_flexion_deg", "horizontal"),),
            _hip_flexion,
            "the raised thigh's angle from the bed (hip to knee)",
        ),
    )
}


@dataclass(frozen=True)
class RepExercise:
    exercise_id: str
    posture: Posture
    key_points: tuple[str, ...]
    signal: Callable[[Pose, Side], float]
    signal_name: str
    min_amplitude_deg: float  # a movement smaller than this is not a rep (design value, tag D)
    segments: tuple[Segment, ...]

    def points(self, side: Side) -> tuple[str, ...]:
        return tuple(f"{side.value}_{p}" for p in self.key_points)


def _hip_bend(pose: Pose, side: Side) -> float:
    s = side.value
    return flexion(pose[f"{s}_shoulder"], pose[f"{s}_hip"], pose[f"{s}_knee"])


def _shin_lean(pose: Pose, side: Side) -> float:
    s = side.value
    return angle_to_vertical(pose[f"{s}_ankle"], pose[f"{s}_knee"])


_ROCK_BACK = RepExercise(
    "quadruped-rock-back",
    Posture.LYING,  # on hands and knees: the trunk is roughly level
    ("shoulder", "hip", "knee"),
    _hip_bend,
    "hip bend",
    20.0,
    (Segment("shoulder", "hip"), Segment("hip", "knee")),
)


def _knee_to_wall_drill(exercise_id: str) -> RepExercise:
    return RepExercise(
        exercise_id,
        Posture.UPRIGHT,
        ("knee", "ankle"),
        _shin_lean,
        "shin lean",
        8.0,
        (Segment("ankle", "knee"),),
    )


REP_EXERCISES: dict[str, RepExercise] = {
    e.exercise_id: e
    for e in (
        _ROCK_BACK,
        _knee_to_wall_drill("half-kneeling-knee-to-wall"),
        _knee_to_wall_drill("standing-knee-to-wall"),
    )
}
