"""Receiving an uploaded file, shared by the camera and the walk doors: the file is streamed to a private
folder of its own in the media folder (``uploads/``, shared with the job machines in a clinic), counted
against its limit as it arrives, refused past it (413, naming the limit in MB) and deleted on any refusal.

The body limits in front of the app (``web.limits``) stop a request that is larger than the route allows
before it is read; the count here names the file's own limit when a form's other fields fit besides it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from starlette.datastructures import UploadFile

from supple.errors import InvalidInput
from supple.jobs.kinds import UPLOADS
from supple.problems import Limits, Problem

MB = 1024 * 1024
CHUNK = MB
FILENAME_CHARS = 200


class TooLarge(InvalidInput):
    """A file past its size limit: refused with 413, nothing kept."""

    http_status = 413


def too_large(limit: int, title: str, what: str = "the file") -> TooLarge:
    """The refusal of a file past ``limit`` bytes, naming the limit in MB."""
    mb = limit / MB
    return TooLarge(
        [Problem.saying("file", f"{what} is larger than {mb:.0f} MB", limits=Limits(max=round(mb), unit="MB"))],
        title,
    )


@dataclass(frozen=True)
class Received:
    """An upload waiting in its own folder (``path`` None: no file was sent) and the form's other fields."""

    path: Path | None
    filename: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def discard(path: Path | None) -> None:
    """Delete an upload and its private folder."""
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)


async def _store(request: Request, chunks: AsyncIterator[bytes], limit: int, title: str, prefix: str) -> Path:
    uploads = request.app.state.supple.settings.data_dir / UPLOADS
    uploads.mkdir(parents=True, exist_ok=True)
    target = Path(tempfile.mkdtemp(prefix=prefix, dir=uploads)) / "upload"
    size = 0
    try:
        with open(target, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise too_large(limit, title)
                out.write(chunk)
    except BaseException:
        discard(target)
        raise
    return target


async def receive_body(request: Request, *, limit: int, title: str, prefix: str, filename: str) -> Received:
    """The request's body is the file (e.g. a CSV posted by a script or the walk recorder)."""
    return Received(await _store(request, request.stream(), limit, title, prefix), filename[:FILENAME_CHARS])


async def receive_form(
    request: Request, *, names: tuple[str, ...], limit: int, title: str, prefix: str, max_fields: int = 20
) -> Received:
    """A multipart form: the first file sent under one of ``names`` (e.g. the camera input or the file
    chooser, whichever was used) and the text fields, stripped."""
    form = await request.form(max_files=len(names), max_fields=max_fields)
    try:
        fields = {k: v.strip() for k, v in form.multi_items() if isinstance(v, str)}
        chosen = [v for k, v in form.multi_items() if k in names and isinstance(v, UploadFile) and v.filename]
        if not chosen:
            return Received(None, "", fields)
        upload = chosen[0]

        async def chunks() -> AsyncIterator[bytes]:
            while chunk := await upload.read(CHUNK):
                yield chunk

        path = await _store(request, chunks(), limit, title, prefix)
        return Received(path, (upload.filename or "")[:FILENAME_CHARS], fields)
    finally:
        await form.close()
