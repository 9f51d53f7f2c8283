"""What each kind of job does, given the app and its JSON payload; and ``run_job``, the one way every
runner (home thread or Procrastinate worker) runs a job: start, progress, result stored once."""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from supple.bootstrap import App, store_error_type
from supple.errors import InvalidInput, SuppleError
from supple.jobs.store import JobStore
from supple.problems import message

Progress = Callable[[int, int], None]
Handler = Callable[[App, dict[str, Any], Progress], dict[str, Any]]

CAMERA_ANALYSIS = "camera-analysis"
WALK_ANALYSIS = "walk-analysis"
ALERT_EVALUATION = "alert-evaluation"

log = logging.getLogger(__name__)


def camera_analysis(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Measure one test from a photo or video in the (shared) media folder; the upload is kept until
    the result is stored, so a retried job finds it again."""
    from supple.services import measure

    found = measure.analyse(
        app,
        Path(payload["media"]),
        payload["test_id"],
        payload["side"],
        level_deg=payload.get("level_deg"),
        progress=progress,
    )
    out = asdict(found)
    out["annotated_jpeg"] = base64.b64encode(found.annotated_jpeg).decode("ascii")
    out["issues"] = [getattr(i, "code", str(i)) for i in found.issues]
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in out.items()}


def walk_analysis(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Read and analyse a walk recording (nothing is recorded until the person confirms it)."""
    from supple.services import walks

    data = Path(payload["file"]).read_bytes()
    analysed = walks.analyse_bytes(data, payload["filename"], payload["placement"], progress)
    return walks.preview(app, analysed, payload["placement"]).as_dict()


def alert_evaluation(app: App, payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Evaluate a clinic's (or one client's) alerts; idempotent: it replaces the alerts that hold now."""
    alerts: Any = importlib.import_module("supple.clinic.alert_service")  # the clinical features (issue 17)
    progress(0, 1)
    changed = alerts.evaluate_alerts(app, clinic_id=payload.get("clinic_id"), client_id=payload.get("client_id"))
    progress(1, 1)
    return {"alerts": int(changed)}


HANDLERS: dict[str, Handler] = {
    CAMERA_ANALYSIS: camera_analysis,
    WALK_ANALYSIS: walk_analysis,
    ALERT_EVALUATION: alert_evaluation,
}


def run_job(app: App, store: JobStore, key: str, kind: str, payload: dict[str, Any]) -> None:
    """Run one job unless its result is stored already. A failure the person can act on is a stored
    'failed' result with plain problems; a store failure propagates, so the queue retries the job."""
    if not store.start(key):
        log.info("job %s has its result already; not run again", key)
        return
    handler = HANDLERS[kind]
    try:
        result = handler(app, payload, lambda done, total: store.progress(key, done, total))
    except store_error_type():
        raise
    except InvalidInput as err:
        store.finish(key, "failed", {"problems": [message(p) for p in err.problems]})
    except SuppleError as err:
        store.finish(key, "failed", {"problems": [err.message]})
    except Exception:  # a bug or a decoder crash: the worker stays up, the person gets a plain message
        log.exception("job %s (%s) failed", key, kind)
        store.finish(key, "failed", {"problems": ["the job could not be done; please try again"]})
    else:
        store.finish(key, "done", result)
    _cleanup(kind, payload)


def _cleanup(kind: str, payload: dict[str, Any]) -> None:
    """The upload goes once the result is stored (not before: a retry would need it)."""
    upload = payload.get("media") or payload.get("file")
    if kind in (CAMERA_ANALYSIS, WALK_ANALYSIS) and upload and not payload.get("keep_media"):
        Path(upload).unlink(missing_ok=True)
