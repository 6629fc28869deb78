"""Reading rows of the SQL repository into records: the shared article select, outlets and ledes of stories,
and row converters."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Row

from quickread.store.repository import (
    FeedRecord,
    StoryRecord,
)
from quickread.store.schema import (
    articles,
    digest_versions,
    sources,
    stories,
    story_articles,
)
from quickread.store.times import as_utc


def article_select() -> Any:
    return select(
        articles.c.key,
        articles.c.title,
        articles.c.text,
        articles.c.extraction,
        sources.c.name.label("source"),
        articles.c.url,
        articles.c.published,
        articles.c.author,
    ).join(sources, sources.c.id == articles.c.source_id)


def story_outlets(connection: Connection, story_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    statement = (
        select(story_articles.c.story_id, sources.c.name)
        .distinct()
        .join(articles, articles.c.id == story_articles.c.article_id)
        .join(sources, sources.c.id == articles.c.source_id)
        .where(story_articles.c.story_id.in_(story_ids))
        .order_by(story_articles.c.story_id, sources.c.name)
    )
    for story_id, name in connection.execute(statement):
        found.setdefault(story_id, []).append(name)
    return found


def story_ledes(connection: Connection, story_ids: list[int]) -> dict[int, str]:
    """The lede of each story's latest digest version (stored inside the digest JSON)."""
    latest = (
        select(digest_versions.c.story_id, func.max(digest_versions.c.version).label("version"))
        .where(digest_versions.c.story_id.in_(story_ids))
        .group_by(digest_versions.c.story_id)
        .subquery()
    )
    statement = select(digest_versions.c.story_id, digest_versions.c.digest).join(
        latest,
        (latest.c.story_id == digest_versions.c.story_id) & (latest.c.version == digest_versions.c.version),
    )
    return {
        story_id: str(json.loads(document).get("lede", ""))
        for story_id, document in connection.execute(statement)
    }


def as_date(value: Any) -> dt.date | None:
    """Aggregates over a Date column come back as text from SQLite and as dates from PostgreSQL."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def feed_record(row: Row[Any]) -> FeedRecord:
    fetched = row.last_fetched_at
    return FeedRecord(
        id=row.id,
        url=row.url,
        title=row.title,
        etag=row.etag,
        last_modified=row.last_modified,
        last_fetched_at=None if fetched is None else as_utc(fetched),
    )


def story_select() -> Any:
    """Stories with the key of the story each merged one went into (``story_record`` reads both)."""
    went_into = stories.alias("went_into")
    return select(stories, went_into.c.key.label("merged_into_key")).outerjoin(
        went_into, went_into.c.id == stories.c.merged_into
    )


def story_record(row: Row[Any]) -> StoryRecord:
    return StoryRecord(
        key=row.key,
        headline=row.headline,
        article_count=row.article_count,
        digested_count=row.digested_count,
        updated_at=as_utc(row.updated_at),
        revision=row.revision,
        merged_into=row.merged_into_key,
    )
