"""The clinic's clock: UTC without a zone and without microseconds, as every clinic table stores it."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
