"""Read accelerometer files: phyphox CSV (or its zip), Sensor Logger zip/CSV (with or without gravity),
a generic ``t,x,y,z`` CSV in m/s² or g, and the browser walk test's own upload. Every refusal names the
field (``file``), what was found and what is allowed; nothing here writes anything.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from supple.domain import gait
from supple.domain.gait import FloatArray, unit_of
from supple.errors import InvalidInput, Problem

REFUSED = "The recording was not analysed"
MAX_ROWS = 4 * 3600 * 250  # hard stop while reading: 4 hours at 250 Hz


@dataclass(frozen=True)
class Recording:
    """Raw samples: t in s from the first sample, acc (N, 3) in m/s²."""

    t: FloatArray
    acc: FloatArray
    source: str  # phyphox | sensor-logger | csv | browser
    gravity: bool  # False when the file holds acceleration without gravity


def refuse(message: str, allowed: str | None = None, unit: str | None = None) -> InvalidInput:
    return InvalidInput([Problem("file", message, allowed=allowed, unit=unit)], REFUSED)


def _sniff_rows(text: str) -> list[list[str]]:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    for row in reader:
        if len(rows) > MAX_ROWS:
            raise refuse("the file is longer than 4 hours of samples", allowed="at most 4", unit="hours")
        if row and any(cell.strip() for cell in row):
            cells = [c.strip().strip('"') for c in row]
            rows.append([c.replace(",", ".") for c in cells] if delimiter == ";" else cells)
    return rows


def _numbers(rows: list[list[str]], cols: list[int], what: str) -> FloatArray:
    try:
        data = np.array([[float(r[c]) for c in cols] for r in rows], dtype=float)
    except (ValueError, IndexError):
        raise refuse(f"the {what} columns hold something that is not a number", allowed="numbers only") from None
    return data


def _find(header: list[str], patterns: list[str]) -> int | None:
    for i, name in enumerate(header):
        low = name.lower()
        if any(re.fullmatch(p, low) for p in patterns):
            return i
    return None


EXPECTED = (
    "a header with time and x, y, z (generic: t,x,y,z; phyphox: 'Time (s)', 'Acceleration x (m/s^2)'...; "
    "Sensor Logger: time, seconds_elapsed, z, y, x)"
)


def parse_csv(text: str, name: str = "") -> Recording:
    rows = _sniff_rows(text)
    if not rows:
        raise refuse("the file is empty", allowed=EXPECTED)
    header = [h.lower() for h in rows[0]]
    body = rows[1:]
    if not body:
        raise refuse("the file has a header but no samples", allowed=EXPECTED)
    source, gravity, unit = "csv", True, None
    if any("acceleration x" in h for h in header):  # phyphox
        source = "phyphox"
        t_col = _find(header, [r"time \(s\)"])
        cols = [_find(header, [rf"(linear )?acceleration {a}.*"]) for a in "xyz"]
        gravity = not any(h.startswith("linear") for h in header)
        unit = "m/s2"
    elif "seconds_elapsed" in header:  # Sensor Logger
        source = "sensor-logger"
        t_col = header.index("seconds_elapsed")
        cols = [_find(header, [a]) for a in "xyz"]
        gravity = "total" in name.lower() or "gravity" in name.lower()
        unit = "m/s2"
    else:
        t_col = _find(header, [r"t", r"time", r"t ?\(s\)", r"time ?\(s\)", r"timestamp", r"seconds"])
        cols = [_find(header, [rf"{a}", rf"{a} ?\(.*\)", rf"acc_?{a}", rf"a{a}"]) for a in "xyz"]
    if t_col is None or any(c is None for c in cols):
        found = ", ".join(rows[0][:8]) or "nothing"
        raise refuse(f"the columns are {found}", allowed=EXPECTED)
    data = _numbers(body, [t_col, *[c for c in cols if c is not None]], "time and x, y, z")
    t = data[:, 0]
    if source == "csv" and len(t) > 1:
        t = _seconds(t, rows[0][t_col])
    acc = data[:, 1:4]
    if unit is None:
        acc = to_ms2(acc)
    return Recording(t - t[0], acc, source, gravity)


def _seconds(t: FloatArray, name: str) -> FloatArray:
    """Times in s; a generic file may give ms (a 'ms' header, or 2-100 between samples) or ns."""
    step = float(np.median(np.diff(t)))
    if "ns" in name.lower() or step >= 1e5:
        return t / 1e9
    if "ms" in name.lower() or 2 <= step <= 100:
        return t / 1000.0
    return t


def to_ms2(acc: FloatArray) -> FloatArray:
    """Acceleration with gravity in g or m/s² (told apart by its typical size), in m/s²; else refused."""
    unit = unit_of(acc)
    if unit is None:
        mag = float(np.median(np.linalg.norm(acc, axis=1)))
        raise refuse(
            f"the typical size of the acceleration is {mag:.2f}, which is neither about 1 g nor about 9.8 m/s² "
            "(the file must include gravity)",
            allowed="0.8-1.25 g or 7.8-12 m/s²",
        )
    return gait.to_ms2(acc, unit)


def _read_zip(data: bytes) -> Recording:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise refuse("the zip file is damaged") from None
    names = {Path(n).name.lower(): n for n in zf.namelist()}

    def text(key: str) -> str:
        info = zf.getinfo(names[key])
        if info.file_size > 200 * 2**20:
            raise refuse("a file inside the zip is larger than 200 MB", allowed="at most 200", unit="MB")
        return zf.read(info).decode("utf-8-sig", errors="replace")

    if "raw data.csv" in names:  # phyphox export
        return parse_csv(text("raw data.csv"), "raw data.csv")
    if "totalacceleration.csv" in names:
        return parse_csv(text("totalacceleration.csv"), "totalacceleration.csv")
    if "accelerometer.csv" in names:
        user = parse_csv(text("accelerometer.csv"), "accelerometer.csv")
        if "gravity.csv" in names:
            grav = parse_csv(text("gravity.csv"), "gravity.csv")
            g = np.column_stack([np.interp(user.t, grav.t, grav.acc[:, k]) for k in range(3)])
            return Recording(user.t, user.acc + g, "sensor-logger", True)
        return user
    raise refuse(
        "the zip holds no accelerometer file",
        allowed="a phyphox 'Raw Data.csv' or a Sensor Logger 'TotalAcceleration.csv' / 'Accelerometer.csv'",
    )


def read_recording(data: bytes, name: str = "") -> Recording:
    """Any supported file, from its bytes."""
    if not data.strip():
        raise refuse("the file is empty", allowed=EXPECTED)
    if data[:2] == b"PK":
        rec = _read_zip(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise refuse("the file is not text (CSV) or a zip", allowed="CSV or zip") from None
        rec = parse_csv(text, name)
    if len(rec.t) < 2 or np.any(np.diff(rec.t) <= 0):
        raise refuse("the times do not go strictly upwards", allowed="increasing times", unit="s")
    if not np.all(np.isfinite(rec.acc)):
        raise refuse("some samples are missing or not numbers", allowed="numbers only")
    return rec
