"""Is this person's program stopped for safety? Asked through the screening service's own check."""

from __future__ import annotations

from supple.errors import SafetyStop, SafetyStopDetail
from supple.services import profiles
from supple.services.context import Context, transaction
from supple.services.screening import ensure_not_locked


def stop_detail_for(ctx: Context, name: str) -> SafetyStopDetail | None:
    """The stop message when the profile is locked or paused, else None (NotFound if no profile).

    Better as a service (e.g. ``screening.stop_status(ctx, name)``); see the report."""
    with transaction(ctx) as s:
        p = profiles.resolve(s, name)
        try:
            ensure_not_locked(ctx, s, p)
        except SafetyStop as stop:
            return stop.detail
    return None


def guard(ctx: Context, name: str) -> None:
    """Raise SafetyStop (rendered as the stop page, 403) when the profile is locked."""
    detail = stop_detail_for(ctx, name)
    if detail is not None:
        raise SafetyStop(detail)
