"""Is this person's program stopped for safety? Asked through the screening service's own check."""

from __future__ import annotations

from supple.errors import SafetyStopDetail
from supple.services.context import Context
from supple.services.screening import stop_status


def stop_detail_for(ctx: Context, name: str) -> SafetyStopDetail | None:
    """The stop message when the profile is locked or paused, else None (NotFound if no profile)."""
    return stop_status(ctx, name)
