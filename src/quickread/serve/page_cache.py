"""Rendered pages kept in memory, keyed by what they were rendered from.

A digest version never changes once written, so a story page is keyed by (story, version); the front page,
the story list (``/api/stories``) and a story's API document are keyed by the repository's listing revision,
which moves whenever a story or digest changes. A new version
or revision is simply a new key: the cache never needs invalidating and never serves an outdated page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class PageCache:
    """A bounded least-recently-used map; the server's worker threads share it, hence the lock."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: Hashable, page: str) -> None:
        if self.capacity <= 0:
            return
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.capacity:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)
