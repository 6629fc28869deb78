"""Helpers for tests/hostile/test_site.py: repositories that misbehave on purpose (a search that blocks while
holding a connection, one that runs a slow statement, a listing that raises), a real uvicorn server on a
loopback port, a small PostgreSQL-backed site, and statements that run for minutes unless stopped."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from quickread.store.paging import Page
from quickread.store.repository import IncomingArticle, StoryAssignment, StoryListing
from quickread.store.search import StoryHit, statement_deadline
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

# Statements that run for minutes unless the deadline stops them.
SLOW_STATEMENTS = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT count(*) FROM (SELECT i FROM n LIMIT 1000000000)",
    "postgresql": "SELECT pg_sleep(600)",
}
SECURITY_HEADERS = {
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
}


class BlockingSearch(SqlRepository):
    """Every story search takes a pooled connection and holds it until ``release`` is set: a search that
    runs as long as an attacker likes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()
        self.running = 0
        self._lock = threading.Lock()

    def search_story_page(self, query: str, offset: int = 0, limit: int = 20) -> Page[StoryHit]:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            with self._lock:
                self.running += 1
            try:
                self.release.wait(30)
            finally:
                with self._lock:
                    self.running -= 1
        return super().search_story_page(query, offset, limit)


class SlowSearch(SqlRepository):
    """Every story search runs a statement that takes minutes, under the real statement deadline."""

    deadline_s = 0.2

    def search_story_page(self, query: str, offset: int = 0, limit: int = 20) -> Page[StoryHit]:
        with self.engine.connect() as connection, statement_deadline(connection, self.deadline_s):
            connection.execute(text(SLOW_STATEMENTS[connection.dialect.name])).all()
        return Page((), 0, offset, limit)


class BrokenListing(SqlRepository):
    """Ranking raises, as a bug would: the routes that list stories meet an unhandled exception."""

    def ranked_stories(self, **kwargs: Any) -> StoryListing:
        raise RuntimeError("ranking broke")


class CountingListing(SqlRepository):
    """Counts ranking runs; ``revision`` moves the listing revision as new stories would."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rankings = 0
        self.revision = 0

    def ranked_stories(self, **kwargs: Any) -> StoryListing:
        self.rankings += 1
        return super().ranked_stories(**kwargs)

    def listing_revision(self) -> str:
        return f"{super().listing_revision()}:{self.revision}"


def fill_small_site(repository: SqlRepository) -> None:
    """Two articles in one story ("s1"), no digest yet: enough for the search and the story routes."""
    first = build_article(
        id="a1",
        raw_text="Troops left the base on Monday. The parliament voted to expel them.",
        title="Troops leave the base",
        source="Wire",
        url="https://wire.example/a1",
        date=dt.date(2020, 1, 5),
    )
    second = build_article(
        id="a2",
        raw_text="Floods hit the valley on Tuesday. Thousands of people were moved to shelters.",
        title="Valley floods",
        source="Herald",
        url="https://herald.example/a2",
        date=dt.date(2020, 1, 6),
    )
    repository.add_articles([IncomingArticle(first), IncomingArticle(second)])
    repository.save_assignment(
        StoryAssignment(
            story_of={"a1": "s1", "a2": "s2"},
            headlines={"s1": "Troops leave the base", "s2": "Valley floods"},
            index_name="tests",
            index_state="{}",
        )
    )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
