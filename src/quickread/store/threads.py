"""Threads in the SQL repository: reading the stories to link, storing their links, reading a story's thread.

Each function runs in the caller's connection or transaction (``SqlRepository`` opens them). A link joins two
story rows (``schema.story_links``); a merged story keeps its row, so every read keeps live stories only and
every write drops the links of merged ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, distinct, func, or_, select
from sqlalchemy.engine import Connection

from quickread.store.codec import article_from_row
from quickread.store.repository import StoryLink, StoryThread, ThreadCandidate, ThreadEntry
from quickread.store.rows import article_select, as_date
from quickread.store.schema import articles, stories, story_articles, story_links
from quickread.store.writes import CHUNK


def _first_dates() -> Any:
    """Each story's first publication date (stories with no dated article have none)."""
    return (
        select(story_articles.c.story_id, func.min(articles.c.published).label("first_date"))
        .join(articles, articles.c.id == story_articles.c.article_id)
        .group_by(story_articles.c.story_id)
        .subquery()
    )


def story_first_dates(connection: Connection, keys: Sequence[str]) -> dict[str, dt.date]:
    first = _first_dates()
    found: dict[str, dt.date] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), CHUNK):
        statement = (
            select(stories.c.key, first.c.first_date)
            .join(first, first.c.story_id == stories.c.id)
            .where(stories.c.key.in_(unique[start : start + CHUNK]), stories.c.merged_into.is_(None))
        )
        for key, value in connection.execute(statement):
            day = as_date(value)
            if day is not None:
                found[key] = day
    return found


def thread_candidates(connection: Connection, since: dt.date, until: dt.date) -> list[ThreadCandidate]:
    first = _first_dates()
    statement = (
        article_select()
        .add_columns(stories.c.key.label("story_key"))
        .join(story_articles, story_articles.c.article_id == articles.c.id)
        .join(stories, stories.c.id == story_articles.c.story_id)
        .join(first, first.c.story_id == stories.c.id)
        .where(stories.c.merged_into.is_(None), first.c.first_date >= since, first.c.first_date <= until)
        .order_by(stories.c.id, articles.c.published, articles.c.id)
    )
    grouped: dict[str, list[Any]] = {}
    for row in connection.execute(statement):
        grouped.setdefault(row.story_key, []).append(article_from_row(row))
    return [ThreadCandidate(key, tuple(found)) for key, found in grouped.items()]


def _live_ids(connection: Connection, keys: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), CHUNK):
        statement = select(stories.c.key, stories.c.id).where(
            stories.c.key.in_(unique[start : start + CHUNK]), stories.c.merged_into.is_(None)
        )
        ids.update({key: story_id for key, story_id in connection.execute(statement)})
    return ids


def replace_story_links(connection: Connection, keys: Sequence[str], links: Sequence[StoryLink]) -> None:
    merged = select(stories.c.id).where(stories.c.merged_into.is_not(None))
    connection.execute(
        delete(story_links).where(
            or_(story_links.c.earlier_id.in_(merged), story_links.c.later_id.in_(merged))
        )
    )
    touched = set(keys)
    # Every key a kept link names, so that a link to a story merged meanwhile (not live) is left out.
    ids = _live_ids(connection, sorted(touched | {k for link in links for k in (link.earlier, link.later)}))
    touched_ids = sorted(ids[key] for key in touched if key in ids)
    for start in range(0, len(touched_ids), CHUNK):
        chunk = touched_ids[start : start + CHUNK]
        connection.execute(
            delete(story_links).where(
                or_(story_links.c.earlier_id.in_(chunk), story_links.c.later_id.in_(chunk))
            )
        )
    rows = {
        (ids[link.earlier], ids[link.later]): link.similarity
        for link in links
        if (link.earlier in touched or link.later in touched)
        and link.earlier in ids
        and link.later in ids
        and link.earlier != link.later
    }
    if rows:
        connection.execute(
            story_links.insert(),
            [{"earlier_id": a, "later_id": b, "similarity": s} for (a, b), s in sorted(rows.items())],
        )


def story_thread(connection: Connection, key: str, limit: int) -> StoryThread:
    own = _live_ids(connection, [key]).get(key)
    if own is None or limit <= 0:
        return StoryThread()
    later: dict[int, float] = {
        row.later_id: row.similarity
        for row in connection.execute(
            select(story_links.c.later_id, story_links.c.similarity).where(story_links.c.earlier_id == own)
        )
    }
    earlier: dict[int, float] = {
        row.earlier_id: row.similarity
        for row in connection.execute(
            select(story_links.c.earlier_id, story_links.c.similarity).where(story_links.c.later_id == own)
        )
    }
    entries = _entries(connection, sorted((set(later) | set(earlier)) - {own}))
    # Nearest in time first (then the most similar), cut to ``limit``, shown oldest first.
    before = sorted(
        ((entries[i], similarity) for i, similarity in earlier.items() if i in entries),
        key=lambda pair: (-pair[0].date.toordinal(), -pair[1], pair[0].key),
    )[:limit]
    after = sorted(
        ((entries[i], similarity) for i, similarity in later.items() if i in entries),
        key=lambda pair: (pair[0].date.toordinal(), -pair[1], pair[0].key),
    )[:limit]
    return StoryThread(
        earlier=tuple(sorted((entry for entry, _ in before), key=lambda e: (e.date, e.key))),
        later=tuple(sorted((entry for entry, _ in after), key=lambda e: (e.date, e.key))),
    )


def _entries(connection: Connection, story_ids: list[int]) -> dict[int, ThreadEntry]:
    """The live, dated stories among ``story_ids`` as a thread lists them."""
    if not story_ids:
        return {}
    statement = (
        select(
            stories.c.id,
            stories.c.key,
            stories.c.headline,
            func.min(articles.c.published).label("first_date"),
            func.count(distinct(articles.c.source_id)).label("source_count"),
        )
        .join(story_articles, story_articles.c.story_id == stories.c.id)
        .join(articles, articles.c.id == story_articles.c.article_id)
        .where(stories.c.id.in_(story_ids[:CHUNK]), stories.c.merged_into.is_(None))
        .group_by(stories.c.id, stories.c.key, stories.c.headline)
    )
    found: dict[int, ThreadEntry] = {}
    for row in connection.execute(statement):
        day = as_date(row.first_date)
        if day is not None:
            found[row.id] = ThreadEntry(row.key, row.headline, day, int(row.source_count))
    return found
