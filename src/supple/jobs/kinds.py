"""What each kind of job does, given the app and its JSON payload; and ``run_job``, the one way every
runner (home thread or Procrastinate worker) runs a job: start, progress, result stored once.

Files a job makes live in the media folder (``data_dir``, shared by web and job machines), named by
the job's key: the annotated camera picture ``camera/jobs/<key>.jpg``, the PDF ``reports/<key>.pdf``.
The result row names them (``job_files``), so erasing a person's jobs erases their files too."""

from __future__ import annotations

import contextlib
import importlib
import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from supple.bootstrap import App, store_error_type
from supple.db.job_models import job_files
from supple.errors import InvalidInput, SuppleError
from supple.jobs.store import JobStore
from supple.problems import message

Progress = Callable[[int, int], None]
Handler = Callable[[App, dict[str, Any], Progress], dict[str, Any]]

CAMERA_ANALYSIS = "camera-analysis"
WALK_ANALYSIS = "walk-analysis"
ALERT_EVALUATION = "alert-evaluation"
REPORT_PDF = "report-pdf"

UPLOADS = "uploads"  # the media folder's sub-folder where uploads wait for their job
STOPPED = "the server stopped before this was finished; please try again"


class Stopped(Exception):
    """Raised from a progress report when the runner is stopping (home mode's server shutting down)."""


log = logging.getLogger(__name__)


def camera_analysis(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Measure one test from a photo or video in the (shared) media folder; the upload is kept until
    the result is stored, so a retried job finds it again. The annotated picture goes to the media
    folder (``camera/jobs/<key>.jpg``); the result holds everything else the page and the API show."""
    from supple.services import measure

    media = Path(payload["media"])
    found = measure.analyse(
        app, media, payload["test_id"], payload["side"], level_deg=payload.get("level_deg"), progress=progress
    )
    data_dir = app.settings.data_dir
    image = Path("camera") / "jobs" / f"{payload['job']}.jpg"
    (data_dir / image).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / image).write_bytes(found.annotated_jpeg)
    kept = None
    if payload.get("keep_media") and found.ok:  # a copy: the upload itself goes once the result is stored
        kept = Path("camera") / "media" / f"{time.strftime('%Y%m%d-%H%M%S')}-{found.test_id}-{found.side.value}"
        kept = kept.with_suffix(media.suffix)
        (data_dir / kept).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(media, data_dir / kept)
    return {
        "kind": found.kind.value,
        "test_id": found.test_id,
        "side": found.side.value,
        "values": found.values,
        "confidence": found.confidence,
        "issues": [{"code": i.code, "advice": i.advice} for i in found.issues],
        "image": image.as_posix(),
        "width": found.width,
        "height": found.height,
        "frame": found.frame,
        "frames_averaged": list(found.frames_averaged) if found.frames_averaged else None,
        "time_s": found.time_s,
        "spread_deg": found.spread_deg,
        "notes": list(found.notes),
        "kept_media": kept.as_posix() if kept else None,
    }


def walk_analysis(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Read and analyse a walk recording (nothing is recorded until the person confirms it)."""
    from supple.services import walks

    data = Path(payload["file"]).read_bytes()

    def stage(_what: str, fraction: float) -> None:  # the analysis reports its stages as fractions
        progress(round(fraction * 100), 100)

    progress(0, 100)
    analysed = walks.analyse_bytes(data, payload["filename"], payload["placement"], stage)
    if payload.get("source"):  # e.g. "browser": the walk test page's own recorder
        from dataclasses import replace

        analysed = replace(analysed, source=payload["source"])
    return walks.preview(app, analysed, payload["placement"]).as_dict()


def alert_evaluation(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Evaluate a clinic's (or one client's) alerts; idempotent: it replaces the alerts that hold now."""
    alerts: Any = importlib.import_module("supple.clinic.alert_service")  # the clinical features (issue 17)
    progress(0, 1)
    changed = alerts.evaluate_alerts(app, clinic_id=payload.get("clinic_id"), client_id=payload.get("client_id"))
    progress(1, 1)
    return {"alerts": int(changed)}


def report_pdf(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """The progress report as PDF, written to the media folder (``reports/<key>.pdf``)."""
    from supple.report.document import render_pdf

    progress(0, 1)
    pdf = render_pdf(app, payload["profile"])
    target = Path("reports") / f"{payload['job']}.pdf"
    (app.settings.data_dir / target).parent.mkdir(parents=True, exist_ok=True)
    (app.settings.data_dir / target).write_bytes(pdf)
    progress(1, 1)
    return {"pdf": target.as_posix(), "bytes": len(pdf), "profile": payload["profile"]}


HANDLERS: dict[str, Handler] = {
    CAMERA_ANALYSIS: camera_analysis,
    WALK_ANALYSIS: walk_analysis,
    ALERT_EVALUATION: alert_evaluation,
    REPORT_PDF: report_pdf,
}


def remove_files(data_dir: Path, result: dict[str, Any] | None, *, keep_kept_media: bool = True) -> None:
    """Delete a job's files (an upload the person asked to keep stays, unless told otherwise)."""
    kept = (result or {}).get("kept_media") if keep_kept_media else None
    for path in job_files(data_dir, result):
        if kept is None or path != data_dir / kept:
            path.unlink(missing_ok=True)


def run_job(
    app: App,
    store: JobStore,
    key: str,
    kind: str,
    payload: dict[str, Any],
    *,
    stopping: threading.Event | None = None,
) -> None:
    """Run one job unless its result is stored already. A failure the person can act on is a stored
    'failed' result with plain problems; a store failure propagates, so the queue retries the job.
    With ``stopping`` (the home runner), the job stops at its next progress report once it is set."""
    if not store.start(key):
        log.info("job %s has its result already; not run again", key)
        return
    handler = HANDLERS[kind]

    def progress(done: int, total: int) -> None:
        if stopping is not None and stopping.is_set():
            raise Stopped
        store.progress(key, done, total)

    outcome: tuple[str, dict[str, Any]]
    try:
        if stopping is not None and stopping.is_set():
            raise Stopped
        outcome = ("done", handler(app, {**payload, "job": key}, progress))
    except store_error_type():
        raise
    except Stopped:
        outcome = ("failed", {"problems": [STOPPED]})
    except InvalidInput as err:
        allowed = [p.allowed or "" for p in err.problems]  # what is allowed, beside each problem
        outcome = ("failed", {"problems": [message(p) for p in err.problems], "allowed": allowed})
    except SuppleError as err:
        outcome = ("failed", {"problems": [err.message]})
    except Exception:  # a bug or a decoder crash: the worker stays up, the person gets a plain message
        log.exception("job %s (%s) failed", key, kind)
        outcome = ("failed", {"problems": ["the job could not be done; please try again"]})
    if not store.finish(key, *outcome) and store.get(key) is None:  # discarded meanwhile: no orphan files
        remove_files(app.settings.data_dir, outcome[1], keep_kept_media=False)
    cleanup(kind, payload)


def cleanup(kind: str, payload: dict[str, Any]) -> None:
    """The upload goes once the result is stored (not before: a retry would need it), with the
    upload's own folder when it has one in the media folder."""
    upload = payload.get("media") or payload.get("file")
    if kind in (CAMERA_ANALYSIS, WALK_ANALYSIS) and upload:
        path = Path(upload)
        path.unlink(missing_ok=True)
        if path.parent.parent.name == UPLOADS:
            with contextlib.suppress(OSError):
                path.parent.rmdir()
