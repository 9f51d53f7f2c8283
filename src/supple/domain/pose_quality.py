"""Quality gates: decide whether a pose can be measured, and if not, say how to retake the picture.

Every failed gate gives a specific instruction; a number is never returned silently from a pose that
failed one. The limits are design values (evidence tag D) informed by what was measured on this
project's test data (docs/pose.md); they are read from ``rules/pose_gates.yaml`` and passed in as
``GateLimits``, so a study can change them without touching code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from supple.domain.pose_geometry import Landmark, Pose, distance, midpoint
from supple.domain.pose_measures import Posture, Side


@dataclass(frozen=True)
class GateLimits:
    """The gates' limits, read from the rules file ``rules/pose_gates.yaml`` (each with its source)."""

    min_visibility: float  # BlazePose visibility below which a point is treated as not seen
    max_width_ratio: float  # shoulder or hip width / trunk length above which the view is not side-on
    min_extent: float  # the person's larger extent as a share of the frame's same dimension
    max_tilt_deg: float  # a phone level reading beyond this is a tilted camera
    nearer_margin: float  # depth difference (share of trunk length) that tells the nearer leg
    max_trunk_off_deg: float  # trunk angle from vertical (upright) or horizontal (lying) allowed
    max_spread_deg: float  # a video's end-range frames must agree within this (standard deviation)
    max_foot_tilt_deg: float  # lunge: the measured foot's heel-to-toe line from horizontal (flat on the floor)
    max_rear_ahead: float  # lunge: how far (share of shin length) the other ankle may be ahead of the measured one
    max_feet_gap: float  # lunge: the two ankles' height difference (share of shin length): both on one floor
    min_rear_behind: float  # lunge: how far (share of shin length) the other ankle must be behind the measured one
    frame_margin: float  # a key point must lie at least this share of the frame inside its edges
    max_lying_thigh_deg: float  # lying: at least one thigh lies within this angle of level (along the bed)
    person_min_points: int  # a second person: at least this many of the 33 points seen
    person_limb_ratio: tuple[float, float]  # a second person: each seen limb segment / trunk length in this range


@dataclass(frozen=True)
class Issue:
    code: str
    advice: str


NO_PERSON = "no-person"
MORE_THAN_ONE = "more-than-one-person"
NOT_SIDE_VIEW = "not-side-view"
FAR_LEG = "measured-leg-not-nearest"
NOT_VISIBLE = "key-points-not-visible"
TOO_SMALL = "person-too-small"
TILTED = "camera-tilted"
WRONG_POSTURE = "position-not-recognised"
NOT_STEADY = "end-position-not-held"
NOT_LUNGE = "not-a-knee-to-wall-lunge"
OUT_OF_FRAME = "key-points-outside-frame"

ADVICE = {
    NO_PERSON: (
        "No person was found. Prop the phone at hip height about 2 to 3 metres away, side-on to you, "
        "with your whole body in the picture and good light in front of you (not behind)."
    ),
    MORE_THAN_ONE: (
        "More than one person is in the picture. Ask anyone else to step out of the frame (a helper can "
        "stand behind the phone) and take it again."
    ),
    NOT_SIDE_VIEW: (
        "The camera is not side-on to you. Turn so the phone sees you exactly from the side: your two "
        "shoulders and your two hips should line up, one behind the other."
    ),
    NOT_VISIBLE: (
        "Some points needed for this test could not be seen. Wear shorts or fitted clothes, clear "
        "anything between the phone and the leg, make sure the whole leg is in the frame, and take it again."
    ),
    TOO_SMALL: (
        "You are too small in the picture. Move the phone closer (or zoom in) until your body fills "
        "most of the frame, keeping your whole body in view."
    ),
    TILTED: (
        "The phone was tilted. Stand it upright against something steady (use the phone's level if it "
        "has one) so the edges of the picture are straight, and take it again."
    ),
    OUT_OF_FRAME: (
        "Part of the leg this test measures is at the edge of the picture or outside it. Move the phone back "
        "or aim it lower so your whole body, feet included, is in the frame with some room around it."
    ),
    NOT_STEADY: (
        "The end position was not held still long enough to read. Move into the position, then hold it "
        "without moving for two or three seconds while the video runs."
    ),
    NOT_LUNGE: (
        "This does not look like the knee-to-wall position. Stand with the measured foot flat in front, near "
        "the wall, the other foot a step behind on the same floor, body upright, and push the front knee "
        "forward over the toes. The measured leg should be the one nearest the camera."
    ),
    WRONG_POSTURE: (
        "The position does not look like this test's, or the picture is turned on its side. Check the "
        "test's steps, and hold the phone the same way as when you took it (or rotate the file) before retaking."
    ),
}


def _issue(code: str, detail: str = "") -> Issue:
    return Issue(code, f"{detail} {ADVICE[code]}".strip())


def far_leg_advice(side: Side) -> str:
    return (
        f"The {side.value} leg is the one farther from the camera, so it is partly hidden. Put the phone on "
        f"your {side.value} side (or turn round) so the {side.value} leg is nearest the camera, then retake."
    )


def trunk_angle_from_vertical(pose: Pose) -> float:
    hips = midpoint([pose["left_hip"], pose["right_hip"]])
    shoulders = midpoint([pose["left_shoulder"], pose["right_shoulder"]])
    dx, dy = shoulders.x - hips.x, hips.y - shoulders.y
    return math.degrees(math.atan2(abs(dx), dy))


def person_extent(pose: Pose, frame_w: int, frame_h: int, min_visibility: float) -> float:
    """The person's larger extent as a share of the frame (0-1), from the points BlazePose saw."""
    seen = [p for p in pose.landmarks if p.visibility >= min_visibility] or list(pose.landmarks)
    width = (max(p.x for p in seen) - min(p.x for p in seen)) / frame_w
    height = (max(p.y for p in seen) - min(p.y for p in seen)) / frame_h
    return max(width, height)


def side_view_ratio(pose: Pose) -> float:
    """Shoulder or hip width (the larger) over trunk length: small side-on, about 0.7-1 facing the camera."""
    shoulders = midpoint([pose["left_shoulder"], pose["right_shoulder"]])
    hips = midpoint([pose["left_hip"], pose["right_hip"]])
    trunk = distance(shoulders, hips)
    widest = max(distance(pose["left_shoulder"], pose["right_shoulder"]), distance(pose["left_hip"], pose["right_hip"]))
    return widest / trunk if trunk > 0 else math.inf


def _depth(points: Sequence[Landmark]) -> float:
    return sum(p.z for p in points) / len(points)


def check(
    pose: Pose | None,
    *,
    frame_w: int,
    frame_h: int,
    key_points: Sequence[str],
    side: Side,
    posture: Posture,
    people: int = 1,
    tilt_deg: float | None = None,
    limits: GateLimits,
) -> list[Issue]:
    """Every reason this pose should not be measured, each with retake advice (empty = measurable)."""
    lim = limits
    issues: list[Issue] = []
    if tilt_deg is not None and abs(tilt_deg) > lim.max_tilt_deg:
        issues.append(_issue(TILTED, f"The phone's level read {abs(tilt_deg):.0f}° (at most {lim.max_tilt_deg:.0f}°)."))
    if pose is None:
        return [_issue(NO_PERSON), *issues]
    if people > 1:
        issues.append(_issue(MORE_THAN_ONE))
    issues += _point_issues(pose, frame_w, frame_h, key_points, lim)
    issues += _posture_issues(pose, side, posture, lim)
    issues += _view_issues(pose, side, lim)
    return issues


def _point_issues(pose: Pose, frame_w: int, frame_h: int, key_points: Sequence[str], lim: GateLimits) -> list[Issue]:
    """The test's points: each seen, each inside the frame; the person large enough in it."""
    issues: list[Issue] = []
    hidden = [n for n in key_points if pose[n].visibility < lim.min_visibility]
    if hidden:
        names = ", ".join(n.replace("_", " ") for n in hidden)
        issues.append(_issue(NOT_VISIBLE, f"Not clearly seen: {names}."))
    outside = [n for n in key_points if n not in hidden and not inside_frame(pose[n], frame_w, frame_h, lim)]
    if outside:
        names = ", ".join(n.replace("_", " ") for n in outside)
        issues.append(_issue(OUT_OF_FRAME, f"At or past the edge of the picture: {names}."))
    if person_extent(pose, frame_w, frame_h, lim.min_visibility) < lim.min_extent:
        issues.append(_issue(TOO_SMALL))
    return issues


def _posture_issues(pose: Pose, side: Side, posture: Posture, lim: GateLimits) -> list[Issue]:
    """The trunk as the test's position has it, the lunge's shape, one thigh along the bed when lying."""
    issues: list[Issue] = []
    trunk = trunk_angle_from_vertical(pose)
    off = abs(90.0 - trunk) if posture is Posture.LYING else trunk
    if off > lim.max_trunk_off_deg:
        issues.append(
            _issue(WRONG_POSTURE, f"Your trunk is {off:.0f}° away from the expected {posture.value} position.")
        )
    elif posture is Posture.LYING and (thigh := level_thigh_deg(pose)) > lim.max_lying_thigh_deg:
        detail = (
            f"Neither thigh lies along the bed: the nearest to level is {thigh:.0f}° from it "
            f"(at most {lim.max_lying_thigh_deg:.0f}°)."
        )
        issues.append(_issue(WRONG_POSTURE, detail))
    if posture is Posture.LUNGE and (faults := lunge_faults(pose, side, lim)):
        issues.append(_issue(NOT_LUNGE, " ".join(faults)))
    return issues


def _view_issues(pose: Pose, side: Side, lim: GateLimits) -> list[Issue]:
    """Side-on, with the measured leg the nearer one."""
    if side_view_ratio(pose) > lim.max_width_ratio:
        return [_issue(NOT_SIDE_VIEW)]
    shoulders = midpoint([pose["left_shoulder"], pose["right_shoulder"]])
    trunk_len = distance(shoulders, midpoint([pose["left_hip"], pose["right_hip"]])) or 1.0
    own = [pose[f"{side.value}_{p}"] for p in ("hip", "knee", "ankle")]
    other = [pose[f"{side.other.value}_{p}"] for p in ("hip", "knee", "ankle")]
    if (_depth(own) - _depth(other)) / trunk_len > lim.nearer_margin:
        return [Issue(FAR_LEG, far_leg_advice(side))]
    return []


def lunge_faults(pose: Pose, side: Side, limits: GateLimits) -> list[str]:
    """What, seen from the side, is not a standing knee-to-wall lunge on the measured leg (empty = it is).

    Forward is where the measured foot's toes point. Checked: the foot is flat, the knee is over or past
    the ankle, the hips are above the knees, the other foot is not ahead of the measured one, and both
    ankles are at about one floor level (the back heel may lift a little). 2D image checks only.
    """
    s, o = side.value, side.other.value
    heel, toe, ankle, knee = (pose[f"{s}_{p}"] for p in ("heel", "foot_index", "ankle", "knee"))
    shin = distance(ankle, knee) or 1.0
    forward = 1.0 if toe.x >= heel.x else -1.0
    faults: list[str] = []
    foot_tilt = math.degrees(math.atan2(abs(toe.y - heel.y), abs(toe.x - heel.x) or 1e-9))
    if foot_tilt > limits.max_foot_tilt_deg:
        faults.append(f"The {s} foot is tilted {foot_tilt:.0f}° (flat is at most {limits.max_foot_tilt_deg:.0f}°).")
    if (knee.x - ankle.x) * forward < 0:
        faults.append(f"The {s} knee is behind the ankle instead of over the toes.")
    hips_y = (pose["left_hip"].y + pose["right_hip"].y) / 2
    if hips_y >= min(pose["left_knee"].y, pose["right_knee"].y):
        faults.append("The hips are not above the knees.")
    ahead = (pose[f"{o}_ankle"].x - ankle.x) * forward / shin
    if ahead > limits.max_rear_ahead:
        faults.append(f"The {o} foot is in front of the {s} foot instead of behind it.")
    elif -ahead < limits.min_rear_behind:
        faults.append(f"The {o} foot is beside the {s} foot instead of a step behind it.")
    gap = abs(pose[f"{o}_ankle"].y - ankle.y) / shin
    if gap > limits.max_feet_gap:
        faults.append("The two feet are not on the same floor.")
    return faults


def inside_frame(point: Landmark, frame_w: int, frame_h: int, limits: GateLimits) -> bool:
    """Whether a point lies inside the picture with the margin to spare (BlazePose guesses points past the
    edge, and a point on the edge may belong to a limb that is cut off)."""
    mx, my = limits.frame_margin * frame_w, limits.frame_margin * frame_h
    return mx <= point.x <= frame_w - mx and my <= point.y <= frame_h - my


def level_thigh_deg(pose: Pose) -> float:
    """The angle from level (image horizontal) of the more level thigh, hip to knee, 0-90°."""

    def from_level(side: str) -> float:
        hip, knee = pose[f"{side}_hip"], pose[f"{side}_knee"]
        return math.degrees(math.atan2(abs(knee.y - hip.y), abs(knee.x - hip.x) or 1e-9))

    return min(from_level("left"), from_level("right"))


LIMBS = (
    ("left_shoulder", "left_elbow"),
    ("right_shoulder", "right_elbow"),
    ("left_hip", "left_knee"),
    ("right_hip", "right_knee"),
    ("left_knee", "left_ankle"),
    ("right_knee", "right_ankle"),
)


def plausible_body(pose: Pose, frame_w: int, frame_h: int, limits: GateLimits) -> bool:
    """Whether a pose found in what is left of the picture is a person, not a pattern the model fits a body to:
    enough points seen, a seen trunk of some size, and each seen upper-arm, thigh and shin no shorter or
    longer than a human's next to that trunk (in 2D a segment may look shorter, never much longer)."""
    seen = [p for p in pose.landmarks if p.visibility >= limits.min_visibility]
    if len(seen) < limits.person_min_points:
        return False
    trunk_points = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if any(pose[n].visibility < limits.min_visibility for n in trunk_points):
        return False
    shoulders = midpoint([pose["left_shoulder"], pose["right_shoulder"]])
    trunk = distance(shoulders, midpoint([pose["left_hip"], pose["right_hip"]]))
    if trunk <= 0 or person_extent(pose, frame_w, frame_h, limits.min_visibility) < 0.15:
        return False
    low, high = limits.person_limb_ratio
    limbs = [(a, b) for a, b in LIMBS if min(pose[a].visibility, pose[b].visibility) >= limits.min_visibility]
    return len(limbs) >= 2 and all(low <= distance(pose[a], pose[b]) / trunk <= high for a, b in limbs)


def check_steadiness(spread_deg: float, limits: GateLimits) -> Issue | None:
    """A video's end-range reading is refused when its averaged frames disagree by more than the limit."""
    lim = limits
    if spread_deg <= lim.max_spread_deg:
        return None
    return _issue(
        NOT_STEADY, f"The angle varied by ±{spread_deg:.0f}° at the end position (at most ±{lim.max_spread_deg:.0f}°)."
    )


def confidence(pose: Pose, key_points: Sequence[str]) -> float:
    """0-1: the mean visibility BlazePose gave the points this test uses."""
    return sum(pose[n].visibility for n in key_points) / len(key_points)
