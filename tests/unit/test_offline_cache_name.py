"""The service worker (a classic script, which cannot import a module) and the pages' offline code
name the same cache: when one is renamed alone, the player's figures go to a cache nobody reads."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "src" / "supple" / "web" / "static"


def _cache_names(text: str) -> set[str]:
    return set(re.findall(r'const CACHE = "([^"]+)"', text))


def test_the_service_worker_and_the_pages_use_one_cache_name() -> None:
    worker = _cache_names((STATIC / "sw.js").read_text(encoding="utf-8"))
    pages = _cache_names((STATIC / "offline.js").read_text(encoding="utf-8"))
    assert len(worker) == 1
    assert worker == pages


def test_only_offline_js_names_the_cache_among_the_page_scripts() -> None:
    named = sorted(p.name for p in STATIC.glob("*.js") if p.name != "sw.js" and _cache_names(p.read_text("utf-8")))
    assert named == ["offline.js"]
