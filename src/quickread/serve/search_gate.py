"""Searches under load: each query is checked before it runs (the store's length and word caps), at most a
few run at once, and each statement stops at the store's timeout. Every way a search is refused becomes one
``SearchRefused`` (an HTTP error with the message for the person who asked), shared by the API, the search
page and the feeds.

Why a gate: a search holds a worker thread and a database connection for as long as it runs. Without a bound,
20 slow searches took every pooled connection, and the front page, which needs one to check its cache, waited
30 s for the pool and answered 500. Searches beyond the gate are refused at once, before they take a thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from quickread.store.search import SearchQuery, SearchQueryError, SearchTimeout, parse_query

# Seconds a refused client is asked to wait: a search statement stops at the store's 2 s timeout and the
# search page runs at most three statements, so by then a slot has been free at least once.
RETRY_AFTER_S = 5

Result = TypeVar("Result")


class SearchRefused(HTTPException):
    """A search not answered: 422 for a query over the caps, 503 when too many searches run or the
    statement timeout stopped it (the first with Retry-After)."""


def query_text(parsed: SearchQuery) -> str:
    """The query the store is asked: the distinct words only, so repeats cost nothing."""
    return " ".join(parsed.terms)


class SearchGate:
    """At most ``capacity`` searches at once in this app; the others are refused, never queued."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"search_concurrency must be at least 1, not {capacity}")
        self.capacity = capacity
        self._slots = threading.BoundedSemaphore(capacity)

    async def run(self, query: str, search: Callable[[SearchQuery], Result]) -> Result:
        """``search(parsed)`` in a worker thread, once a slot is free. Raises SearchRefused."""
        try:
            parsed = parse_query(query)
        except SearchQueryError as error:
            raise SearchRefused(422, str(error)) from error
        # Non-blocking: a refused search costs the event loop a few microseconds and holds nothing.
        if not self._slots.acquire(blocking=False):
            raise SearchRefused(
                503,
                f"{self.capacity} searches are already running; try again in {RETRY_AFTER_S} seconds",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        try:
            return await run_in_threadpool(search, parsed)
        except SearchQueryError as error:
            raise SearchRefused(422, str(error)) from error
        except SearchTimeout as error:
            raise SearchRefused(503, str(error)) from error
        finally:
            self._slots.release()
