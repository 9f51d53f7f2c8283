"""Receiving a photo or video for a camera measurement, shared by the pages and the JSON API: the upload is
streamed to a private folder of its own in the media folder (``uploads/``, shared with the job machines in
a clinic) with a size limit, checked (type, size, duration, readable) before a job is submitted through the
app's job interface, and deleted on any refusal."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import Request

from supple.bootstrap import App
from supple.errors import InvalidInput
from supple.problems import Code, Limits, Problem
from supple.services import measure
from supple.web import upload_files
from supple.web.camera import measuring

SUFFIXES = {"photo": ".img", "video": ".video"}


TooLarge = upload_files.TooLarge


async def receive_upload(request: Request) -> tuple[Path | None, dict[str, str]]:
    """Stream the posted file to a private temp folder (refusing it past the size limit) and read the fields
    ("capture" is the phone-camera input, "file" the file chooser; whichever was used)."""
    from supple.vision.media import MAX_BYTES

    got = await upload_files.receive_form(
        request, names=("capture", "file"), limit=MAX_BYTES, title="The file was not measured", prefix="upload-"
    )
    return got.path, got.fields


def chosen_file(path: Path | None) -> Path:
    if path is None:
        raise InvalidInput([Problem.saying("file", "choose a photo or a video to upload")], "The file was not measured")
    return path


def _level(fields: dict[str, str]) -> float | None:
    raw = fields.get("level", "").replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(
            [Problem.of(("level",), Code.NOT_A_NUMBER, raw, Limits(-90, 90, "degrees"))],
            "The file was not measured",
        ) from None


def start_job(request: Request, app: App, profile: str, test_id: str, path: Path, fields: dict[str, str]) -> str:
    """Check the request and the file (fast), then queue the analysis; its job's key. Deletes the file on
    any refusal."""
    from supple.vision.media import MediaKind, check_file, load_photo_header, probe_video

    try:
        level = _level(fields)
        measure.check_request(app, test_id, fields.get("side", ""), level)
        kind = check_file(path)
        if kind is MediaKind.VIDEO:
            probe_video(path)
        else:
            load_photo_header(path)
        final = path.with_suffix(SUFFIXES[kind.value])
        path.rename(final)
    except BaseException:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    return measuring.submit(
        request,
        app,
        profile,
        test_id,
        fields["side"],
        final,
        level_deg=level,
        keep_media=fields.get("keep_media") in ("1", "on", "yes"),
    )
