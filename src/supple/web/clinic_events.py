"""Clinic mode: alerts follow events. After a client's record changes (any successful POST, PUT or PATCH
under ``/p/{name}/`` or ``/api/v1/profiles/{name}/``, but an export such as making the PDF report, which
changes nothing), an alert evaluation for that client is queued, so the clinician's dashboard is up to
date within seconds; workers also evaluate every clinic every 30 s.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from supple.clinic import care
from supple.jobs.kinds import ALERT_EVALUATION
from supple.jobs.queue import Jobs
from supple.web.clinic_access import EXPORT_SCOPE_KEY

_PROFILE = re.compile(r"^/(?:p|api/v1/profiles)/([^/]+)/")
_CHANGES = frozenset({"POST", "PUT", "PATCH"})
log = logging.getLogger(__name__)


class AlertsOnEvents:
    """Pure ASGI middleware; the queueing happens after the response is sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _PROFILE.match(str(scope.get("path", ""))) if scope["type"] == "http" else None
        if match is None or scope.get("method") not in _CHANGES:
            await self.app(scope, receive, send)
            return
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status < 400 and not scope.get(EXPORT_SCOPE_KEY):
            await run_in_threadpool(_queue, scope["app"], unquote(match[1]))


def _queue(api: object, profile: str) -> None:
    state = getattr(api, "state", None)
    jobs: Jobs | None = getattr(state, "jobs", None)
    if state is None or jobs is None:
        return
    try:
        facts = care.facts(state.supple, profile=profile)
        if facts is not None:
            client = facts.account_id
            jobs.submit(ALERT_EVALUATION, {"client_id": client}, owner=profile, once=f"alerts-{client}")
    except Exception:  # the change is stored; the next periodic evaluation catches up
        log.exception("could not queue the alert evaluation of a client")
