"""Accuracy of the camera angles: tibia to vertical and thigh to horizontal, from BlazePose 2D landmarks.

Two references (third-party data in ../shared/data/pose, see its README for sources and licences):

1. COCO: the human-labelled keypoints of the person in COCO val2017 image 785 (one image, two legs).
2. Pose2Sim demo: four synchronised, calibrated cameras (Qualisys calibration ``Calib.qca.txt``).
   BlazePose's 2D points from the four views are triangulated by DLT into 3D; the 3D segment angles
   to the calibration frame's vertical axis (+Z) are the reference, and each single camera's 2D
   angle is compared with it, per camera and overall, for all frames and for the frames that pass
   the app's quality gates (points visible, side-on view). (a) compares with the 3D angle to true
   vertical/horizontal (what a person filmed by that camera would get, view error included); (b) with
   the reference segment projected into that camera (the estimator's own 2D error, view error excluded).

Reported: mean absolute error (MAE), bias (mean of 2D minus reference) and 95 % limits of agreement
(bias ± 1.96 SD), in degrees. Goal: MAE <= 5 degrees for both angles.

Run: .venv/bin/python benchmarks/pose_accuracy.py [--frames 100] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from supple.catalogue.loader import default_catalogue  # noqa: E402
from supple.domain import pose_quality  # noqa: E402
from supple.domain.pose_geometry import Landmark, Pose, angle_to_horizontal, angle_to_vertical  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "pose"
CAMS = ("cam01", "cam02", "cam03", "cam04")
SIDES = ("left", "right")
COCO = {"left_hip": 11, "right_hip": 12, "left_knee": 13, "right_knee": 14, "left_ankle": 15, "right_ankle": 16}
MIN_VIS = 0.5
KEYS = ("tibia", "thigh", "tibia_level", "thigh_level", "tibia_gated", "thigh_gated", "tibia_image", "thigh_image")
MAX_REPROJECTION_PX = 40.0  # about 2 % of the 1920-px frame height: beyond it a view is treated as wrong


@dataclass
class Agreement:
    n: int
    mae: float
    bias: float
    loa_low: float
    loa_high: float

    def row(self, label: str) -> str:
        if self.n == 0:
            return f"{label:<34} n=0"
        return (
            f"{label:<34} n={self.n:<5} MAE {self.mae:5.1f}°  bias {self.bias:+5.1f}°  "
            f"95% LoA {self.loa_low:+6.1f}° to {self.loa_high:+6.1f}°"
        )


def agreement(diffs: list[float]) -> Agreement:
    if not diffs:
        return Agreement(0, math.nan, math.nan, math.nan, math.nan)
    bias = statistics.fmean(diffs)
    sd = statistics.stdev(diffs) if len(diffs) > 1 else 0.0
    return Agreement(len(diffs), statistics.fmean(abs(d) for d in diffs), bias, bias - 1.96 * sd, bias + 1.96 * sd)


def angles_2d(p: dict[str, Landmark], side: str) -> tuple[float, float]:
    return (
        angle_to_vertical(p[f"{side}_ankle"], p[f"{side}_knee"]),
        angle_to_horizontal(p[f"{side}_hip"], p[f"{side}_knee"]),
    )


# --- COCO ------------------------------------------------------------------------------------------


def coco() -> dict[str, list[float]]:
    from PIL import Image

    from supple.vision import estimate_landmarks

    image = np.asarray(Image.open(SHARED / "coco" / "000000000785.jpg").convert("RGB"))
    kp = json.loads((SHARED / "coco" / "person_keypoints_785.json").read_text())["annotations"][0]["keypoints"]
    labels = {name: Landmark(kp[3 * i], kp[3 * i + 1], 0.0, 1.0) for name, i in COCO.items()}
    pose = estimate_landmarks(image)
    out: dict[str, list[float]] = {"tibia": [], "thigh": []}
    if pose is None:
        return out
    found = pose.as_dict()
    for side in SIDES:
        (t2, h2), (tr, hr) = angles_2d(found, side), angles_2d(labels, side)
        out["tibia"].append(t2 - tr)
        out["thigh"].append(h2 - hr)
    return out


# --- Pose2Sim: calibration, triangulation ----------------------------------------------------------


@dataclass(frozen=True)
class Camera:
    name: str
    k_mat: NDArray[np.float64]
    dist: NDArray[np.float64]
    rot: NDArray[np.float64]  # world to camera (OpenCV convention)
    t: NDArray[np.float64]

    @property
    def proj(self) -> NDArray[np.float64]:
        return self.k_mat @ np.hstack([self.rot, self.t.reshape(3, 1)])


def read_qca(path: Path) -> dict[str, Camera]:
    """Qualisys .qca calibration → OpenCV cameras (as Pose2Sim's own converter does: sensor units are
    1/64 pixel; the transform is the camera's pose in the world in mm; Qualisys cameras look along -Z)."""
    cams: dict[str, Camera] = {}
    flip = np.diag([1.0, -1.0, -1.0])  # Qualisys camera axes → OpenCV (rotate 180° about x)
    for cam in ET.parse(path).getroot().iter("camera"):
        fov, intr, tr = cam.find("fov_video"), cam.find("intrinsic"), cam.find("transform")
        assert fov is not None
        assert intr is not None
        assert tr is not None
        fu, fv = float(intr.get("focalLengthU", 0)) / 64, float(intr.get("focalLengthV", 0)) / 64
        cu = float(intr.get("centerPointU", 0)) / 64 - float(fov.get("left", 0))
        cv = float(intr.get("centerPointV", 0)) / 64 - float(fov.get("top", 0))
        k_mat = np.array([[fu, 0.0, cu], [0.0, fv, cv], [0.0, 0.0, 1.0]])
        dist = np.array(
            [
                float(intr.get(k, 0)) / 64  # Pose2Sim's converter scales these by 1/64 too
                for k in ("radialDistortion1", "radialDistortion2", "tangentalDistortion1", "tangentalDistortion2")
            ]
        )
        # r11..r33 rotate world axes into the (Qualisys) camera axes; x, y, z is the camera centre in mm.
        # Checked against Pose2Sim's calib_qca_to_toml (read by column, transposed back, translation
        # -R.C, 180 deg about x; focal, centre and distortion in 1/64 pixel; fov_video 1088x1920 portrait,
        # like the videos): identical. Time offsets between the videos and lens distortion change the
        # reprojection error by under 2 px; what remains is BlazePose disagreeing with itself across views.
        r_world_to_cam = np.array([[float(tr.get(f"r{i}{j}", 0)) for j in (1, 2, 3)] for i in (1, 2, 3)])
        centre = np.array([float(tr.get(k, 0)) for k in ("x", "y", "z")]) / 1000.0
        rot = flip @ r_world_to_cam
        cams[str(cam.get("serial"))] = Camera(str(cam.get("serial")), k_mat, dist, rot, -rot @ centre)
    return cams


def undistort(cam: Camera, xy: NDArray[np.float64], use_distortion: bool) -> NDArray[np.float64]:
    if not use_distortion:
        return xy
    import cv2

    pts = cv2.undistortPoints(xy.reshape(-1, 1, 2), cam.k_mat, cam.dist, P=cam.k_mat)
    return np.asarray(pts.reshape(-1, 2), dtype=np.float64)


def triangulate(projections: list[NDArray[np.float64]], points: list[NDArray[np.float64]]) -> NDArray[np.float64]:
    rows = []
    for proj, (x, y) in zip(projections, points, strict=True):
        rows.append(x * proj[2] - proj[0])
        rows.append(y * proj[2] - proj[1])
    _, _, vt = np.linalg.svd(np.asarray(rows))
    point = vt[-1]
    return np.asarray(point[:3] / point[3], dtype=np.float64)


def reproject(proj: NDArray[np.float64], point: NDArray[np.float64]) -> NDArray[np.float64]:
    h = proj @ np.append(point, 1.0)
    return np.asarray(h[:2] / h[2], dtype=np.float64)


def robust_point(cams: list[Camera], obs: list[NDArray[np.float64]]) -> tuple[NDArray[np.float64] | None, float]:
    """DLT from every view that saw the point; drop the worst view while the reprojection error is large."""
    views = list(range(len(cams)))
    while len(views) >= 2:
        point = triangulate([cams[v].proj for v in views], [obs[v] for v in views])
        errors = [float(np.linalg.norm(reproject(cams[v].proj, point) - obs[v])) for v in views]
        worst = int(np.argmax(errors))
        if errors[worst] <= MAX_REPROJECTION_PX:
            return point, float(statistics.median(errors))
        if len(views) == 2:
            return None, errors[worst]
        views.pop(worst)
    return None, math.inf


def track_camera(path: Path, frames: int) -> list[Pose | None]:
    import cv2

    from supple.vision.estimator import BlazePose

    cap = cv2.VideoCapture(str(path))
    poses: list[Pose | None] = []
    with BlazePose(video=True) as est:
        for _ in range(frames):
            ok, frame = cap.read()
            if not ok:
                break
            poses.append(est.estimate(np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB), dtype=np.uint8)))
    cap.release()
    return poses


def levelled_angles(cam: Camera, knee: NDArray[np.float64], p: dict[str, Landmark], side: str) -> tuple[float, float]:
    """The 2D angles measured from the image direction of true vertical at the knee (what a phone's level
    reading allows: the camera's roll and downward tilt taken out, foreshortening left in)."""
    a, b = reproject(cam.proj, knee), reproject(cam.proj, knee + np.array([0.0, 0.0, 0.3]))
    up = (float(b[0] - a[0]), float(a[1] - b[1]))  # image y points down
    norm = math.hypot(*up)

    def from_up(start: Landmark, end: Landmark) -> float:
        v = (end.x - start.x, start.y - end.y)
        cos = (v[0] * up[0] + v[1] * up[1]) / (math.hypot(*v) * norm)
        return math.degrees(math.acos(max(-1.0, min(1.0, cos))))

    tibia = from_up(p[f"{side}_ankle"], p[f"{side}_knee"])
    thigh = 90.0 - from_up(p[f"{side}_hip"], p[f"{side}_knee"])
    return tibia, thigh


def projected_angles(cam: Camera, world: dict[str, NDArray[np.float64]], side: str) -> tuple[float, float]:
    """The reference 3D segments drawn into this camera's image, read like the 2D pose (image axes)."""
    p = {}
    for name in ("hip", "knee", "ankle"):
        x, y = (float(v) for v in reproject(cam.proj, world[f"{side}_{name}"]))
        p[name] = Landmark(x, y, 0.0, 1.0)
    return (
        angle_to_vertical(p["ankle"], p["knee"]),
        angle_to_horizontal(p["hip"], p["knee"]),
    )


def pose2sim(frames: int, use_distortion: bool) -> tuple[dict[str, dict[str, list[float]]], dict[str, float]]:
    """Per camera: 2D-minus-3D differences of tibia and thigh angles, all and gated; and triangulation stats."""
    cams = read_qca(SHARED / "pose2sim-demo" / "calibration" / "Calib.qca.txt")
    tracked = {c: track_camera(SHARED / "pose2sim-demo" / "videos" / f"{c}.mp4", frames) for c in CAMS}
    n = min(len(v) for v in tracked.values())
    diffs: dict[str, dict[str, list[float]]] = {c: {k: [] for k in KEYS} for c in CAMS}
    errors: list[float] = []
    for i in range(n):
        for side in SIDES:
            names = [f"{side}_hip", f"{side}_knee", f"{side}_ankle"]
            world: dict[str, NDArray[np.float64]] = {}
            for name in names:
                seen = [c for c in CAMS if (p := tracked[c][i]) is not None and p[name].visibility >= MIN_VIS]
                if len(seen) < 2:
                    break
                obs = []
                for c in seen:
                    p = tracked[c][i]
                    assert p is not None
                    obs.append(undistort(cams[c], np.array([[p[name].x, p[name].y]]), use_distortion)[0])
                point, err = robust_point([cams[c] for c in seen], obs)
                if point is None:
                    break
                errors.append(err)
                world[name] = point
            if len(world) < 3:
                continue
            hip, knee, ankle = (world[n_] for n_ in names)
            shin, thigh = knee - ankle, knee - hip
            tibia_ref = math.degrees(math.acos(shin[2] / np.linalg.norm(shin)))
            thigh_ref = math.degrees(math.asin(thigh[2] / np.linalg.norm(thigh)))
            for c in CAMS:
                pose = tracked[c][i]
                if pose is None:
                    continue
                found = pose.as_dict()
                t2, h2 = angles_2d(found, side)
                diffs[c]["tibia"].append(t2 - tibia_ref)
                diffs[c]["thigh"].append(h2 - thigh_ref)
                tl, hl = levelled_angles(cams[c], knee, found, side)
                diffs[c]["tibia_level"].append(tl - tibia_ref)
                diffs[c]["thigh_level"].append(hl - thigh_ref)
                ti, hi = projected_angles(cams[c], world, side)
                diffs[c]["tibia_image"].append(t2 - ti)
                diffs[c]["thigh_image"].append(h2 - hi)
                visible = all(found[nm].visibility >= MIN_VIS for nm in names)
                side_on = pose_quality.side_view_ratio(pose) <= default_catalogue().gate_limits().max_width_ratio
                if visible and side_on:
                    diffs[c]["tibia_gated"].append(t2 - tibia_ref)
                    diffs[c]["thigh_gated"].append(h2 - thigh_ref)
    stats = {
        "frames": float(n),
        "reprojection_median_px": statistics.median(errors) if errors else math.nan,
        "reprojection_p95_px": sorted(errors)[int(0.95 * (len(errors) - 1))] if errors else math.nan,
    }
    return diffs, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=100, help="frames per Pose2Sim camera (at most 100)")
    parser.add_argument("--no-distortion", action="store_true", help="ignore lens distortion in triangulation")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not SHARED.exists():
        print(f"shared pose data not found at {SHARED}; nothing to measure", file=sys.stderr)
        sys.exit(1)
    report: dict[str, object] = {}
    c = coco()
    print("Pose accuracy, BlazePose full (mediapipe 0.10.21), 2D segment angles, degrees")
    print("\nCOCO val2017 image 785 vs human labels (2 legs):")
    for metric in ("tibia", "thigh"):
        a = agreement(c[metric])
        report[f"coco_{metric}"] = a.__dict__
        print("  " + a.row(f"{metric} ({'to vertical' if metric == 'tibia' else 'to horizontal'})"))

    diffs, stats = pose2sim(args.frames, not args.no_distortion)
    report["pose2sim_triangulation"] = stats
    print(
        f"\nPose2Sim demo vs 4-camera DLT triangulation ({stats['frames']:.0f} frames per camera; reprojection "
        f"error median {stats['reprojection_median_px']:.1f} px, 95th pct {stats['reprojection_p95_px']:.1f} px):"
    )
    for key, title in (("tibia", "tibia to vertical"), ("thigh", "thigh to horizontal")):
        for suffix, what in (
            ("", "(a) all frames, 2D angle vs 3D reference to true vertical/horizontal (view error included)"),
            ("_image", "(b) all frames, 2D angle vs reference segment projected into the view (estimator's own error)"),
            ("_level", "all frames, measured from true vertical (as with a phone's level)"),
            ("_gated", "frames passing the quality gates (points seen, side-on), image axes"),
        ):
            k = key + suffix
            print(f"  {title}, {what}:")
            pooled: list[float] = []
            for cam in CAMS:
                a = agreement(diffs[cam][k])
                pooled += diffs[cam][k]
                report[f"pose2sim_{cam}_{k}"] = a.__dict__
                print("    " + a.row(cam))
            a = agreement(pooled)
            report[f"pose2sim_overall_{k}"] = a.__dict__
            print("    " + a.row("overall"))
    if args.json:
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
