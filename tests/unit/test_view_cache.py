"""The view cache: one build per key even under concurrency, bounded size."""

from __future__ import annotations

import threading
import time

import pytest

from supple.services.cache import ViewCache


def test_concurrent_requests_for_a_missing_entry_build_it_once() -> None:
    cache = ViewCache()
    builds = []

    def build() -> str:
        builds.append(1)
        time.sleep(0.05)
        return "view"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_build("k", build))) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["view"] * 20
    assert len(builds) == 1


def test_the_cache_keeps_only_the_newest_entries() -> None:
    cache = ViewCache(size=2)
    for key in ("a", "b", "c"):
        cache.get_or_build(key, key.upper)
    assert cache.get("a") is None
    assert cache.get("c") == "C"


def test_a_failed_build_is_not_cached() -> None:
    cache = ViewCache()

    def fail() -> str:
        raise ValueError("locked")

    for _ in range(2):
        with pytest.raises(ValueError, match="locked"):
            cache.get_or_build("k", fail)
    assert cache.get("k") is None
    assert cache.get_or_build("k", lambda: "ok") == "ok"
