"""Synthetic walk recordings written as the files people bring (generic CSV, phyphox, Sensor Logger)."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import numpy.typing as npt

from supple.domain.gait import G
from supple.domain.gait_impact import synthetic_walk


def walk(
    seconds: float = 90, rate: float = 100, cadence: float = 110, seed: int = 1
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    return synthetic_walk(seconds, rate, cadence, seed=seed)


def true_steps(seconds: float = 90, cadence: float = 110, still_s: float = 5.0) -> int:
    return len(np.arange(still_s, seconds - still_s, 60.0 / cadence))


def generic_csv(
    t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64], unit: str = "g", header: str = "t,x,y,z"
) -> bytes:
    scale = 1 / G if unit == "g" else 1.0
    lines = [header] + [f"{a:.4f},{x:.5f},{y:.5f},{z:.5f}" for a, (x, y, z) in zip(t, acc * scale, strict=True)]
    return ("\n".join(lines) + "\n").encode()


def phyphox_csv(t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64], semicolon: bool = False) -> bytes:
    cols = ['"Time (s)"', '"Acceleration x (m/s^2)"', '"Acceleration y (m/s^2)"', '"Acceleration z (m/s^2)"']
    sep = ";" if semicolon else ","
    rows = [sep.join(cols)]
    for a, (x, y, z) in zip(t, acc, strict=True):
        cells = [f"{v:.6E}" for v in (a, x, y, z)]
        rows.append(sep.join(c.replace(".", ",") if semicolon else c for c in cells))
    return ("\n".join(rows) + "\n").encode()


def sensor_logger_csv(t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64]) -> str:
    rows = ["time,seconds_elapsed,z,y,x"]
    for a, (x, y, z) in zip(t, acc, strict=True):
        rows.append(f"{int(1.7e18 + a * 1e9)},{a:.4f},{z:.5f},{y:.5f},{x:.5f}")
    return "\n".join(rows) + "\n"


def sensor_logger_zip(t: npt.NDArray[np.float64], acc: npt.NDArray[np.float64], split_gravity: bool = True) -> bytes:
    """Accelerometer.csv without gravity plus Gravity.csv (or only TotalAcceleration.csv)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if split_gravity:
            gravity = np.tile(np.median(acc, axis=0), (len(t), 1))
            zf.writestr("Accelerometer.csv", sensor_logger_csv(t, acc - gravity))
            zf.writestr("Gravity.csv", sensor_logger_csv(t, gravity))
        else:
            zf.writestr("TotalAcceleration.csv", sensor_logger_csv(t, acc))
        zf.writestr("Metadata.csv", "version\n1\n")
    return buf.getvalue()
