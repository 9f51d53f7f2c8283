"""Hand-built landmark fixtures: a person seen side-on, with known segment angles (pixel units, y down)."""

from __future__ import annotations

import math

from supple.domain.pose_geometry import Landmark, Pose

FRAME_W, FRAME_H = 1000, 1000


def _at(x: float, y: float, z: float = 0.0, vis: float = 0.95) -> Landmark:
    return Landmark(x, y, z, vis)


def standing_lunge(
    tibia_deg: float,
    *,
    near: str = "left",
    shin: float = 200.0,
    depth_gap: float = 60.0,
    shoulder_gap: float = 10.0,
    visibility: float = 0.95,
    rear_step: float = 0.0,
) -> Pose:
    """Upright, facing +x, both shins leaning ``tibia_deg`` forward; ``near`` leg nearest the camera (smaller z).
    ``rear_step`` moves the other leg that far back (pixels; minus = in front), as in a true lunge."""
    far = "right" if near == "left" else "left"
    pts: dict[str, Landmark] = {}
    ankle_x, ankle_y = 500.0, 900.0
    for side, z in ((near, -depth_gap / 2), (far, depth_gap / 2)):
        knee = (ankle_x + shin * math.sin(math.radians(tibia_deg)), ankle_y - shin * math.cos(math.radians(tibia_deg)))
        dx = 0.0 if side == near else 3.0
        leg = dx - (rear_step if side == far else 0.0)  # the hips and shoulders stay in line (side-on)
        pts[f"{side}_ankle"] = _at(ankle_x + leg, ankle_y, z, visibility)
        pts[f"{side}_heel"] = _at(ankle_x - 30 + leg, ankle_y + 10, z, visibility)
        pts[f"{side}_foot_index"] = _at(ankle_x + 80 + leg, ankle_y + 15, z, visibility)
        pts[f"{side}_knee"] = _at(knee[0] + leg, knee[1], z, visibility)
        pts[f"{side}_hip"] = _at(knee[0] - 40 + dx, knee[1] - 220, z, visibility)
        pts[f"{side}_shoulder"] = _at(
            knee[0] - 40 + dx + (shoulder_gap if side == far else 0), knee[1] - 520, z, visibility
        )
        pts[f"{side}_elbow"] = _at(knee[0] - 20, knee[1] - 380, z, visibility)
        pts[f"{side}_wrist"] = _at(knee[0] + 40, knee[1] - 300, z, visibility)
    pts["nose"] = _at(pts["left_shoulder"].x + 40, pts["left_shoulder"].y - 120)
    return Pose.from_mapping(pts, Landmark(pts["nose"].x, pts["nose"].y, 0.0, 0.9))


def lying(
    thigh_deg: float,
    *,
    knee_bend: float = 90.0,
    side: str = "left",
    depth_gap: float = 60.0,
    feet_towards: int = 1,
) -> Pose:
    """On the back, head at the other end from ``feet_towards`` (±x); the measured thigh raised ``thigh_deg``
    above the bed towards the feet (minus = hanging below), shin bent ``knee_bend`` from the thigh's line."""
    other = "right" if side == "left" else "left"
    s = feet_towards
    pts: dict[str, Landmark] = {}
    hip = (500.0, 600.0)
    for name, z in ((side, -depth_gap / 2), (other, depth_gap / 2)):
        pts[f"{name}_hip"] = _at(hip[0], hip[1], z)
        pts[f"{name}_shoulder"] = _at(hip[0] - s * 300, hip[1], z)
        pts[f"{name}_elbow"] = _at(hip[0] - s * 200, hip[1] + 20, z)
        pts[f"{name}_wrist"] = _at(hip[0] - s * 100, hip[1] + 20, z)
    t = math.radians(thigh_deg)
    knee = (hip[0] + s * 220 * math.cos(t), hip[1] - 220 * math.sin(t))
    shin_dir = t - math.radians(knee_bend)  # the shin turns down from the thigh's line
    ankle = (knee[0] + s * 200 * math.cos(shin_dir), knee[1] - 200 * math.sin(shin_dir))
    pts[f"{side}_knee"] = _at(*knee, -depth_gap / 2)
    pts[f"{side}_ankle"] = _at(*ankle, -depth_gap / 2)
    pts[f"{other}_knee"] = _at(hip[0] + s * 220, hip[1], depth_gap / 2)
    pts[f"{other}_ankle"] = _at(hip[0] + s * 420, hip[1], depth_gap / 2)
    pts["nose"] = _at(hip[0] - s * 420, hip[1] - 20)
    return Pose.from_mapping(pts, Landmark(pts["nose"].x, pts["nose"].y, 0.0, 0.9))


def facing_camera(pose: Pose) -> Pose:
    """The same pose with the shoulders and hips spread apart as if the person faced the camera."""
    d = pose.as_dict()
    for part, half in (("shoulder", 120.0), ("hip", 90.0)):
        left, right = d[f"left_{part}"], d[f"right_{part}"]
        d[f"left_{part}"] = Landmark(left.x + half, left.y, left.z, left.visibility)
        d[f"right_{part}"] = Landmark(right.x - half, right.y, right.z, right.visibility)
    return Pose.from_mapping(d)
