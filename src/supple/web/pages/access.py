"""Is this person's program stopped for safety? Asked through the screening service's own check."""

from __future__ import annotations

from supple.errors import SafetyStop, SafetyStopDetail
from supple.services.context import Context
from supple.services.screening import stop_status


def stop_detail_for(ctx: Context, name: str) -> SafetyStopDetail | None:
    """The stop message when the profile is locked or paused, else None (NotFound if no profile)."""
    return stop_status(ctx, name)


def guard(ctx: Context, name: str) -> None:
    """Raise SafetyStop (rendered as the stop page, 403) when the profile is locked."""
    detail = stop_detail_for(ctx, name)
    if detail is not None:
        raise SafetyStop(detail)
