"""A small in-process cache for read views, keyed by (view, profile id, profile revision, time).

The profile's revision changes with every write (see supple.db.revisions), so an entry can only be
reused while the data it was built from is unchanged. Concurrent requests for a missing entry wait
for one builder instead of all building it at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class ViewCache:
    def __init__(self, size: int = 512) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            return self._items.get(key)

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
            builder = self._building.setdefault(key, threading.Lock())
        with builder:  # one builder per key; the others wait and then read its result
            with self._lock:
                if key in self._items:
                    return self._items[key]  # type: ignore[return-value]
            try:
                value = build()
            finally:
                with self._lock:
                    self._building.pop(key, None)
            with self._lock:
                self._items[key] = value
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
