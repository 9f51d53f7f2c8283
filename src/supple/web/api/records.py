"""The person's records: export and import, the FHIR Bundle, the calendar and the printable report."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import Response
from pydantic import BaseModel

from supple.errors import InvalidInput
from supple.problems import Limits, Problem
from supple.services import calendar, export, fhir
from supple.services.export_format import ExportDocument, json_schema
from supple.services.import_ import MAX_BYTES, import_profile
from supple.web.api.common import PROBLEMS
from supple.web.deps import AppDep

router = APIRouter(tags=["records"], responses=PROBLEMS)
IMPORT_TYPES = ("application/json", "application/zip", "application/x-zip-compressed")


class UnsupportedType(InvalidInput):
    http_status = 415


TimeOfDay = Annotated[
    str | None, Query(description="time of day for the sessions, HH:MM (default 18:00)", max_length=5)
]


def attachment(content: bytes, media_type: str, filename: str, unicode_name: str | None = None) -> Response:
    """A download. ``filename`` is plain ASCII for old clients; ``unicode_name`` (RFC 6266 / 5987
    ``filename*``) keeps a name in any script, which browsers prefer."""
    disposition = f'attachment; filename="{filename}"'
    if unicode_name is not None and not unicode_name.isascii():
        disposition += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def unicode_stem(name: str) -> str:
    """The same name in its own script: 'supple-Zoë-Ōkubo' (for filename*)."""
    return "supple-" + "-".join("".join(c if c.isalnum() else " " for c in name).split())


class ImportOut(BaseModel):
    name: str
    records: dict[str, int]


class FeedOut(BaseModel):
    profile: str
    path: str  # the subscription address on this server, with the secret token


@router.get(
    "/profiles/{name}/export",
    summary="Every record of a profile as versioned JSON (see /api/v1/export-schema)",
    response_model=None,
    responses={200: {"model": ExportDocument, "description": "the export document"}},
)
def export_json(app: AppDep, name: str) -> Response:
    doc = export.document(app, name)
    return attachment(
        export.to_json(doc), "application/json", f"{export.file_stem(name)}.json", f"{unicode_stem(name)}.json"
    )


@router.get(
    "/profiles/{name}/export.zip",
    summary="The JSON export, its schema and CSV tables of measurements, sessions and pain, in a zip",
    response_model=None,
    response_class=Response,  # a file, not JSON: only its own media type in the docs
    responses={200: {"content": {"application/zip": {}}, "description": "a zip file"}},
)
def export_zip(app: AppDep, name: str) -> Response:
    zipped = export.to_zip(export.document(app, name))
    return attachment(zipped, "application/zip", f"{export.file_stem(name)}.zip", f"{unicode_stem(name)}.zip")


@router.get("/export-schema", summary="The JSON Schema of the export document")
def export_schema() -> dict[str, Any]:
    return json_schema()


@router.post(
    "/imports",
    response_model=ImportOut,
    status_code=status.HTTP_201_CREATED,
    summary="Import an export (JSON or zip) as a new profile; all or nothing",
    description="The body is the export file itself: the JSON (`application/json`), or the zip from /export.zip "
    "(`application/zip`); any other content type is refused (415), so a form on another website cannot send one. "
    "A file from a newer Supple, a damaged or cut-short file and a name that already exists are refused "
    "(422 / 409) and nothing is written.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
async def import_file(
    request: Request,
    app: AppDep,
    name: Annotated[str | None, Query(description="import under this name instead", max_length=80)] = None,
) -> ImportOut:
    from starlette.concurrency import run_in_threadpool

    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if kind not in IMPORT_TYPES:
        raise UnsupportedType(
            [
                Problem.saying(
                    "content-type",
                    f"{kind[:60] or 'none'} is not an export file's type",
                    limits=Limits(text=", ".join(IMPORT_TYPES)),
                )
            ],
            "Send the export file as application/json (or the zip as application/zip)",
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():  # the body limit (web/limits.py) stops it at MAX_BYTES
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:
            break
    raw = b"".join(chunks)
    result = await run_in_threadpool(import_profile, app, raw, name)
    return ImportOut(name=result.name, records=result.records)


@router.get(
    "/profiles/{name}/fhir",
    summary="A FHIR R4 Bundle: Patient (pseudonym), pain and range-of-motion Observations, QuestionnaireResponses",
    response_model=None,
    response_class=Response,  # a file, not JSON: only its own media type in the docs
    responses={200: {"content": {"application/fhir+json": {}}, "description": "a Bundle of type collection"}},
)
def fhir_bundle(app: AppDep, name: str) -> Response:
    body = fhir.to_json(fhir.bundle(app, name))
    return attachment(
        body, "application/fhir+json", f"{export.file_stem(name)}-fhir.json", f"{unicode_stem(name)}-fhir.json"
    )


@router.get(
    "/profiles/{name}/calendar.ics",
    summary="The routine's schedule as an iCalendar file with reminders",
    response_model=None,
    response_class=Response,  # a file, not JSON: only its own media type in the docs
    responses={200: {"content": {"text/calendar": {}}, "description": "an iCalendar file"}},
)
def calendar_file(app: AppDep, name: str, at: TimeOfDay = None) -> Response:
    body = calendar.ics(app, name, calendar.parse_time(at))
    return attachment(
        body, "text/calendar; charset=utf-8", f"{export.file_stem(name)}.ics", f"{unicode_stem(name)}.ics"
    )


@router.post(
    "/profiles/{name}/calendar-feed",
    response_model=FeedOut,
    summary="Make (or replace) the secret calendar subscription address; an old one stops working",
)
def new_feed(app: AppDep, name: str) -> FeedOut:
    feed = calendar.rotate_token(app, name)
    return FeedOut(profile=feed.profile, path=calendar.FEED_PATH.format(token=feed.token))


@router.get(
    "/calendar/{token}.ics",
    summary="The calendar subscription: always today's schedule; a wrong or replaced token is refused (404)",
    response_model=None,
    response_class=Response,  # a file, not JSON: only its own media type in the docs
    responses={200: {"content": {"text/calendar": {}}, "description": "an iCalendar file"}},
)
def calendar_feed(app: AppDep, token: str, at: TimeOfDay = None) -> Response:
    when = calendar.parse_time(at)
    name = calendar.profile_for_token(app, token)
    return Response(calendar.ics(app, name, when, feed=True), media_type="text/calendar; charset=utf-8")


@router.get(
    "/profiles/{name}/report.pdf",
    summary="The progress report as PDF",
    response_model=None,
    response_class=Response,  # a file, not JSON: only its own media type in the docs
    responses={200: {"content": {"application/pdf": {}}, "description": "a PDF file"}},
)
def report_pdf(app: AppDep, name: str) -> Response:
    from supple.report.document import render_pdf

    pdf = render_pdf(app, name)
    return attachment(
        pdf, "application/pdf", f"{export.file_stem(name)}-report.pdf", f"{unicode_stem(name)}-report.pdf"
    )
