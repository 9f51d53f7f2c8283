"""Receiving a photo or video for a camera measurement, shared by the pages and the JSON API: the upload is
streamed to a private folder of its own in the media folder (``uploads/``, shared with the job machines in
a clinic) with a size limit, checked (type, size, duration, readable) before a job is submitted through the
app's job interface, and deleted on any refusal."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import Request
from starlette.datastructures import UploadFile

from supple.bootstrap import App
from supple.errors import InvalidInput
from supple.jobs.kinds import UPLOADS
from supple.problems import Code, Limits, Problem
from supple.services import measure
from supple.web.camera import measuring

CHUNK = 1024 * 1024


SUFFIXES = {"photo": ".img", "video": ".video"}


class TooLarge(InvalidInput):
    http_status = 413


async def receive_upload(request: Request) -> tuple[Path | None, dict[str, str]]:
    """Stream the posted file to a private temp folder (refusing it past the size limit) and read the fields."""
    from supple.vision.media import MAX_BYTES

    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_BYTES + CHUNK:
        raise TooLarge(
            [
                Problem.saying(
                    "file", f"the upload is {int(length) / 2**20:.0f} MB, too large", limits=Limits(max=200, unit="MB")
                )
            ],
            "The file was not measured",
        )
    form = await request.form(max_files=2, max_fields=20)
    fields = {k: v.strip() for k, v in form.multi_items() if isinstance(v, str)}
    # "capture" is the phone-camera input, "file" the file chooser; whichever was used
    chosen = [v for k, v in form.multi_items() if k in ("capture", "file") and isinstance(v, UploadFile) and v.filename]
    upload = chosen[0] if chosen else None
    if upload is None:
        await form.close()
        return None, fields
    uploads = request.app.state.supple.settings.data_dir / UPLOADS
    uploads.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=uploads))
    target = folder / "upload"
    size = 0
    try:
        with open(target, "wb") as out:
            while chunk := await upload.read(CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise TooLarge(
                        [Problem.saying("file", "the file is larger than 200 MB", limits=Limits(max=200, unit="MB"))],
                        "The file was not measured",
                    )
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        await form.close()
    return target, fields


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
