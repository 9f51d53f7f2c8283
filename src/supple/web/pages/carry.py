"""Carry a service's answer across a POST → 303 → GET redirect without storing anything.

The screen outcome and the check-in result are returned by the services but not readable again
later, so the page seals the returned texts into the redirect address: compressed JSON with an
HMAC made with a key that lives only in this process. A changed or foreign token is ignored, so
nobody can make a Supple page show words Supple did not say. After a restart old links simply
fall back to a plain "saved" message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import zlib
from functools import cache
from typing import Any

_MAC_BYTES = 16


@cache
def _key() -> bytes:
    return secrets.token_bytes(32)


def seal(data: dict[str, Any]) -> str:
    raw = zlib.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())
    mac = hmac.new(_key(), raw, hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(mac + raw).decode().rstrip("=")


def unseal(token: str | None) -> dict[str, Any] | None:
    if not token or len(token) > 12_000:
        return None
    try:
        blob = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, TypeError):
        return None
    mac, raw = blob[:_MAC_BYTES], blob[_MAC_BYTES:]
    if not hmac.compare_digest(mac, hmac.new(_key(), raw, hashlib.sha256).digest()[:_MAC_BYTES]):
        return None
    try:
        data = json.loads(zlib.decompress(raw))
    except (zlib.error, ValueError):
        return None
    return data if isinstance(data, dict) else None
