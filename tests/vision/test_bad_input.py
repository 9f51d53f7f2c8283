"""Every class of bad file gets a plain message naming the file field, what is allowed, and the unit."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from supple.bootstrap import App
from supple.errors import InvalidInput
from supple.services import measure
from supple.vision.media import MAX_BYTES, MediaKind, check_file, load_photo, probe_video
from tests.vision.media import COCO_IMAGE, png_header_only, rotate_mp4, write_video


def refused(app: App, path: Path) -> str:
    with pytest.raises(InvalidInput) as err:
        measure.analyse(app, path, "knee-to-wall", "left")
    [problem] = err.value.problems
    assert problem.field == "file"
    return str(problem)


def tiny_video(path: Path, frames: int, fps: float = 10.0, size: tuple[int, int] = (64, 48)) -> Path:
    rng = np.random.default_rng(5)
    pictures = [rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8) for _ in range(frames)]
    return write_video(path, pictures, fps)


def test_a_file_that_is_not_a_picture_is_refused(app: App, tmp_path: Path) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("these are my notes, not a photo")
    message = refused(app, text)
    assert "not a photo or a video" in message
    assert "JPEG" in message
    assert "MP4" in message


def test_an_empty_file_is_refused(app: App, tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.touch()
    assert "empty (0 bytes)" in refused(app, empty)


def test_a_file_over_200_mb_is_refused_before_it_is_read(app: App, tmp_path: Path) -> None:
    big = tmp_path / "big.mp4"
    with open(big, "wb") as fh:  # sparse: takes no disk space
        fh.truncate(MAX_BYTES + 1)
    message = refused(app, big)
    assert "too large" in message
    assert "at most 200 MB" in message


def test_a_truncated_video_is_refused_without_the_decoders_own_log(
    app: App, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUPPLE_DEBUG", raising=False)
    whole = tiny_video(tmp_path / "whole.mp4", 30)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    capfd.readouterr()
    message = refused(app, cut)
    assert "damaged" in message or "cut short" in message
    assert "MP4, MOV, WebM, AVI" in message
    native = capfd.readouterr().err
    assert "[mov," not in native  # FFmpeg's "[mov,mp4,...] moov atom not found / partial file"
    assert "WARN" not in native  # OpenCV's "[ WARN:0 ...] can't be used to capture by name"


def test_a_corrupt_video_is_refused(app: App, tmp_path: Path) -> None:
    whole = tiny_video(tmp_path / "whole.mp4", 10).read_bytes()
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(whole[:32] + os.urandom(len(whole) - 32))
    assert "video" in refused(app, bad)


def test_a_video_over_the_duration_limit_is_refused(app: App, tmp_path: Path) -> None:
    long = tiny_video(tmp_path / "long.mp4", 62, fps=1.0)
    message = refused(app, long)
    assert "lasts 62 s" in message
    assert "at most 60 seconds" in message


def test_a_huge_photo_is_refused_from_its_header(app: App, tmp_path: Path) -> None:
    message = refused(app, png_header_only(tmp_path / "huge.png", 12_000, 9_000))
    assert "the photo is too large (12000 × 9000 pixels, 108 megapixels)" in message
    assert "at most 60 megapixels" in message
    bomb = refused(app, png_header_only(tmp_path / "bomb.png", 20_000, 20_000))  # refused by Pillow while opening
    assert "the photo is too large: take it at a lower resolution" in bomb
    assert "too many pixels, too large" not in bomb


def test_a_truncated_photo_is_refused(app: App, tmp_path: Path) -> None:
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(COCO_IMAGE.read_bytes()[:4000])
    assert "damaged or cut short" in refused(app, cut)


def test_a_truncated_photo_is_refused_even_after_the_pdf_report_was_made(app: App, tmp_path: Path) -> None:
    import weasyprint  # noqa: F401  (importing it lets Pillow pad cut-short images process-wide)

    cut = tmp_path / "cut.jpg"
    cut.write_bytes(COCO_IMAGE.read_bytes()[:4000])
    assert "damaged or cut short" in refused(app, cut)


def test_heic_photos_get_advice_to_use_jpeg(tmp_path: Path) -> None:
    heic = tmp_path / "photo.heic"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64)
    with pytest.raises(InvalidInput, match="Most compatible"):
        check_file(heic)


def test_rotated_phone_video_metadata_is_applied(tmp_path: Path) -> None:
    video = rotate_mp4(tiny_video(tmp_path / "phone.mp4", 5, size=(64, 48)), 90)
    info = probe_video(video)
    assert info.rotation in (90, 270)
    assert (info.width, info.height) == (48, 64)  # displayed upright, as the phone filmed it


def test_a_photo_turned_by_exif_is_stood_upright_and_a_big_jpeg_is_decoded_at_reduced_size(tmp_path: Path) -> None:
    img = Image.new("RGB", (4800, 3200), (120, 130, 140))
    exif = Image.Exif()
    exif[0x0112] = 6  # the phone was held upright: turn 90 degrees
    path = tmp_path / "phone.jpg"
    img.save(path, exif=exif, quality=70)
    photo = load_photo(path)
    assert photo.exif_rotation == 270
    assert photo.width < photo.height  # upright now
    assert photo.scale == 0.5
    assert max(photo.width, photo.height) == 2400


def test_the_type_is_told_by_content_not_by_name(tmp_path: Path) -> None:
    renamed = Path(shutil.copy(COCO_IMAGE, tmp_path / "clip.mp4"))
    assert check_file(renamed) is MediaKind.PHOTO
    video = tiny_video(tmp_path / "x.mp4", 3).rename(tmp_path / "x.jpg")
    assert check_file(video) is MediaKind.VIDEO
    assert probe_video(video).frames == 3
