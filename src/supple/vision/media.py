"""Reading photos and videos safely: type sniffing, size and duration limits, EXIF and rotation metadata.

Every failure becomes ``InvalidInput`` naming the file, what was wrong and what is allowed, so each door
can show a plain message (CLI exit code 2, API 422, a page with retake advice).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from supple.errors import InvalidInput
from supple.problems import Limits, Problem

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MAX_BYTES = 200 * 1024 * 1024  # 200 MB
MAX_SECONDS = 60.0  # a test position or a set of reps fits in a minute
MAX_PHOTO_PIXELS = 60_000_000  # 60 MP: larger photos are refused rather than risk running out of memory
MAX_VIDEO_SIDE = 4096  # up to 4K video
MIN_SIDE = 32  # a photo or video narrower or shorter than this cannot show a person to measure (pixels)
DECODE_LONG_SIDE = 2048  # big JPEGs are decoded at a reduced scale (cheap) to at most about this size


if not os.environ.get("SUPPLE_DEBUG"):
    # FFmpeg's own lines for a damaged video ("[mov,mp4,...] partial file") would reach the terminal; the
    # plain message says it instead. OpenCV reads this once, when its FFmpeg backend first starts (the
    # first video opened or written), so it is set when this module is imported. SUPPLE_DEBUG=1 keeps it.
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"


FIELD = "file"
VIDEO_FORMATS = "MP4, MOV, WebM, AVI"  # what sniff() and OpenCV's FFmpeg really read (the upload page agrees)
SUPPORTED = f"a photo (JPEG, PNG, WebP) or a video ({VIDEO_FORMATS})"


def _bad(message: str, allowed: str | None = None, unit: str | None = None) -> InvalidInput:
    return InvalidInput(
        [Problem.saying(FIELD, message, limits=Limits(text=allowed, unit=unit))], "The file cannot be measured"
    )


def not_a_video() -> InvalidInput:
    return _bad("counting reps needs a video, not a photo", allowed=f"a video ({VIDEO_FORMATS})")


def sniff(head: bytes) -> MediaKind | None:
    """Tell a photo from a video by the first bytes (the file name is not trusted)."""
    if head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n"):
        return MediaKind.PHOTO
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return MediaKind.PHOTO
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return MediaKind.VIDEO
    if head[:4] == b"\x1a\x45\xdf\xa3":  # WebM / Matroska
        return MediaKind.VIDEO
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
            return None  # HEIC/AVIF stills: see check_file's message
        return MediaKind.VIDEO
    return None


def check_file(path: Path) -> MediaKind:
    """Size and type checks that need only the first bytes; raises InvalidInput with a plain reason."""
    try:
        size = os.stat(path).st_size
    except OSError:
        raise _bad(f"the file '{path.name}' cannot be read") from None
    if size == 0:
        raise _bad("the file is empty (0 bytes)", allowed=SUPPORTED)
    if size > MAX_BYTES:
        raise _bad(f"the file is {size / 1024 / 1024:.0f} MB, too large", allowed="at most 200", unit="MB")
    with open(path, "rb") as f:
        head = f.read(16)
    kind = sniff(head)
    if kind is None:
        if head[4:8] == b"ftyp":
            raise _bad(
                "HEIC/AVIF photos cannot be read here; set the phone camera to 'Most compatible' (JPEG) "
                "or send a video",
                allowed=SUPPORTED,
            )
        raise _bad("this is not a photo or a video this program can read", allowed=SUPPORTED)
    return kind


@dataclass(frozen=True)
class Photo:
    rgb: NDArray[np.uint8]
    width: int
    height: int
    exif_rotation: int  # degrees the photo was turned to stand as the camera held it (0 = none)
    scale: float  # decoded size / stored size (1 = full size)


_EXIF_ROTATION = {3: 180, 6: 270, 8: 90, 2: 0, 4: 180, 5: 270, 7: 90}


def load_photo_header(path: Path) -> tuple[int, int]:
    """Width and height from the photo's header, refusing unreadable or oversized photos (no decoding)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked just below
            with Image.open(path) as img:
                w, h = img.size
    except Image.DecompressionBombError:  # over twice Pillow's own limit: refused while opening
        raise _too_big() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _bad("the photo is damaged or cut short", allowed=SUPPORTED) from None
    if w * h > MAX_PHOTO_PIXELS:
        raise _too_big(w, h)
    if min(w, h) < MIN_SIDE:
        raise _too_small("photo", w, h)
    return w, h


def _too_small(what: str, w: int, h: int) -> InvalidInput:
    return _bad(
        f"the {what} is {w} × {h} pixels, too small to show a person",
        allowed=f"at least {MIN_SIDE}",
        unit="pixels per side",
    )


def _too_big(w: int | None = None, h: int | None = None) -> InvalidInput:
    size = f" ({w} × {h} pixels, {w * h / 1e6:.0f} megapixels)" if w and h else ""
    return _bad(
        f"the photo is too large{size}: take it at a lower resolution",
        allowed=f"at most {MAX_PHOTO_PIXELS // 1_000_000}",
        unit="megapixels",
    )


def _load_whole(img: Any) -> None:
    """Decode every byte, refusing a cut-short file. WeasyPrint (the PDF report) switches Pillow's
    process-wide LOAD_TRUNCATED_IMAGES on when imported, which would pad a cut photo with grey."""
    from PIL import ImageFile

    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        img.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def load_photo(path: Path) -> Photo:
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked just below
            with Image.open(path) as img:
                w, h = img.size
                if w * h > MAX_PHOTO_PIXELS:
                    raise _too_big(w, h)
                if min(w, h) < MIN_SIDE:
                    raise _too_small("photo", w, h)
                orientation = img.getexif().get(0x0112, 1)
                if max(w, h) > DECODE_LONG_SIDE and img.format == "JPEG":
                    long = max(w, h)  # JPEG decodes at 1/2, 1/4 or 1/8 scale almost for free
                    img.draft("RGB", (max(1, w * DECODE_LONG_SIDE // long), max(1, h * DECODE_LONG_SIDE // long)))
                _load_whole(img)
                upright = ImageOps.exif_transpose(img).convert("RGB")
                scale = img.size[0] / w
    except Image.DecompressionBombError:  # over twice Pillow's own limit: refused while opening
        raise _too_big() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _bad("the photo is damaged or cut short", allowed=SUPPORTED) from None
    rgb = np.ascontiguousarray(np.asarray(upright, dtype=np.uint8))
    return Photo(rgb, rgb.shape[1], rgb.shape[0], _EXIF_ROTATION.get(int(orientation), 0), scale)


@dataclass(frozen=True)
class VideoInfo:
    width: int  # as displayed, after the phone's rotation metadata is applied
    height: int
    fps: float
    frames: int
    rotation: int  # degrees of rotation metadata that were applied (0, 90, 180, 270)

    @property
    def seconds(self) -> float:
        return self.frames / self.fps if self.fps > 0 else 0.0


def _quiet_decoder_logs(cv2: Any) -> None:
    """OpenCV prints its own "[ WARN:0 ...]" lines for a damaged video; the plain message says it instead."""
    if not os.environ.get("SUPPLE_DEBUG"):
        cv2.setLogLevel(0)  # LOG_LEVEL_SILENT


def _open(path: Path) -> Any:  # an OpenCV VideoCapture (OpenCV ships no types)
    import cv2

    _quiet_decoder_logs(cv2)
    cap = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    if not cap.isOpened():
        cap.release()
        raise _bad(
            "the video cannot be opened: it is damaged, cut short or in a format this program cannot read",
            allowed=SUPPORTED,
        )
    cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)  # turn phone videos the way they were filmed
    return cap


def probe_video(path: Path) -> VideoInfo:
    """Open the video, check its metadata and that its first frame decodes."""
    import cv2

    cap = _open(path)
    try:
        fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        frames = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        rotation = int(cap.get(cv2.CAP_PROP_ORIENTATION_META) or 0) % 360
        ok, frame = cap.read()
    finally:
        cap.release()
    if not ok or frame is None:
        raise _bad("no picture could be read from the video: it is damaged, cut short or empty", allowed=SUPPORTED)
    if fps <= 0 or fps > 240:
        raise _bad(f"the video's frame rate ({fps:g}) cannot be used", allowed="1 to 240", unit="frames per second")
    height, width = frame.shape[:2]
    if max(width, height) > MAX_VIDEO_SIDE:
        raise _bad(
            f"the video is {width} × {height} pixels, too large",
            allowed=f"at most {MAX_VIDEO_SIDE}",
            unit="pixels per side",
        )
    if min(width, height) < MIN_SIDE:
        raise _too_small("video", width, height)
    info = VideoInfo(width, height, fps, max(frames, 1), rotation)
    if info.seconds > MAX_SECONDS:
        raise _bad(
            f"the video lasts {info.seconds:.0f} s, too long", allowed=f"at most {MAX_SECONDS:.0f}", unit="seconds"
        )
    return info


def frames(path: Path, info: VideoInfo) -> Iterator[NDArray[np.uint8]]:
    """The video's frames as upright RGB arrays. Raises InvalidInput if it stops well short of its length."""
    import cv2

    cap = _open(path)
    read = 0
    try:
        while read < info.frames:
            ok, frame = cap.read()
            if not ok or frame is None:
                break
            read += 1
            yield cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    finally:
        cap.release()
    if read < max(1, int(info.frames * 0.9)):
        raise _bad(
            f"the video stops after {read} of its {info.frames} frames: it is cut short or damaged; "
            "send the whole file again",
            allowed=SUPPORTED,
        )
