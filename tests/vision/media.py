"""Test media: small third-party files kept in ``tests/data/pose`` (see its README for sources and
licences), and pictures built from them at run time. Nothing here needs the ``../shared`` folder."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "pose"
COCO_IMAGE = DATA / "coco-785.jpg"
COCO_LABELS = DATA / "coco-785-keypoints.json"
LUNGE_CLIP = DATA / "pose2sim-cam01.mp4"  # the Pose2Sim demo's cam01: a forward lunge of the left leg
POSE2SIM_CALIBRATION = DATA / "pose2sim-calib.qca.txt"


def read_frames(path: Path, indices: Iterable[int], width: int | None = None) -> list[NDArray[np.uint8]]:
    """The frames at ``indices`` (BGR), optionally scaled to ``width`` pixels wide."""
    wanted = sorted(set(indices))
    cap = cv2.VideoCapture(str(path))
    out: dict[int, NDArray[np.uint8]] = {}
    i = 0
    while wanted and i <= wanted[-1]:
        ok, frame = cap.read()
        if not ok:
            break
        if i in wanted:
            if width is not None:
                frame = cv2.resize(frame, (width, round(frame.shape[0] * width / frame.shape[1])))
            out[i] = np.asarray(frame, dtype=np.uint8)
        i += 1
    cap.release()
    return [out[k] for k in indices if k in out]


def write_video(path: Path, frames: list[NDArray[np.uint8]], fps: float) -> Path:
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (w, h))
    for f in frames:
        writer.write(f)
    writer.release()
    return path


def rotate_mp4(path: Path, degrees: int = 90) -> Path:
    """Set the track's display matrix as a phone does when filming upright (rotation metadata)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"tkhd")
    assert at > 0, "no track header"
    version = data[at + 4]
    matrix_at = at + 4 + 4 + (32 if version == 1 else 20) + 16
    one, minus = 0x00010000, 0xFFFF0000
    a, b, c, d = {90: (0, one, minus, 0), 180: (minus, 0, 0, minus), 270: (0, minus, one, 0)}[degrees]
    struct.pack_into(">9I", data, matrix_at, a, b, 0, c, d, 0, 0, 0, 0x40000000)
    path.write_bytes(bytes(data))
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims a huge size: the header is read, the pixels never need to be."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )
    return path


def lying_photo(folder: Path) -> Path:
    """The COCO skier turned a quarter turn, saved as a JPEG: the trunk lies level, so it passes the gates of a
    lying test (modified-thomas, left leg nearest). The shared data holds no real knee-to-wall lunge or
    bed-edge photo, and the skier is (rightly) refused as a knee-to-wall lunge; this stands in for an
    accepted photo in the flow tests (upload, result, confirm)."""
    from PIL import Image

    target = folder / "lying.jpg"
    Image.open(COCO_IMAGE).convert("RGB").rotate(90, expand=True).save(target, quality=92)
    return target
