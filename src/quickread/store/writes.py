"""The write side of the SQL repository: storing articles once and saving story assignments, each in the
caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from quickread.store.codec import canonical_url, content_hash, extraction_json
from quickread.store.nul import clean_article, clean_assignment
from quickread.store.repository import (
    AddedArticles,
    IncomingArticle,
    StoryAssignment,
)
from quickread.store.schema import (
    articles,
    sources,
    stories,
    story_articles,
    story_index_state,
)
from quickread.store.times import utc_now

# Keeps every IN (...) list well under the bound-parameter limits of both databases.
CHUNK = 500


def insert_articles(connection: Connection, incoming: Sequence[IncomingArticle]) -> AddedArticles:
    seen_urls: set[str] = set()
    seen_hashes: set[str] = set()
    fresh: list[tuple[IncomingArticle, str | None, str]] = []
    for given in incoming:
        item = IncomingArticle(clean_article(given.article), given.feed_id)
        url, digest = canonical_url(item.article.url), content_hash(item.article)
        if (url and url in seen_urls) or digest in seen_hashes:
            continue
        if url:
            seen_urls.add(url)
        seen_hashes.add(digest)
        fresh.append((item, url, digest))
    stored_urls = existing_values(connection, articles.c.canonical_url, seen_urls)
    stored_hashes = existing_values(connection, articles.c.content_hash, seen_hashes)
    fresh = [f for f in fresh if f[1] not in stored_urls and f[2] not in stored_hashes]
    if not fresh:
        return AddedArticles(added=(), duplicates=len(incoming))
    source_ids = source_ids_by_name(connection, {item.article.source for item, _, _ in fresh})
    taken = existing_values(connection, articles.c.key, {item.article.id for item, _, _ in fresh})
    now = utc_now()
    rows = []
    for item, url, digest in fresh:
        article = item.article
        # Article ids come from file names and feeds and can repeat across inputs; the hash keeps keys unique.
        key = article.id if article.id not in taken else f"{article.id}-{digest[:12]}"
        taken.add(key)
        rows.append(
            {
                "key": key,
                "canonical_url": url,
                "content_hash": digest,
                "title": article.title,
                "text": article.text,
                "extraction": extraction_json(article),
                "source_id": source_ids[article.source],
                "feed_id": item.feed_id,
                "url": article.url,
                "author": article.author,
                "published": article.date,
                "fetched_at": now,
            }
        )
    connection.execute(articles.insert(), rows)
    return AddedArticles(added=tuple(str(r["key"]) for r in rows), duplicates=len(incoming) - len(rows))


def insert_assignment(connection: Connection, assignment: StoryAssignment) -> None:
    now = utc_now()
    assignment = clean_assignment(assignment)
    article_ids = ids_by_key(connection, articles.c.key, articles.c.id, set(assignment.story_of))
    already = existing_values(connection, story_articles.c.article_id, set(article_ids.values()))
    # Only articles stored and not yet in a story are placed: an article another writer placed first keeps its
    # story, and a story none of whose articles is placed here is not created (it would stay empty).
    placed = {
        article: story
        for article, story in assignment.story_of.items()
        if article in article_ids and article_ids[article] not in already
    }
    story_keys = set(placed.values())
    story_ids = ids_by_key(connection, stories.c.key, stories.c.id, story_keys)
    new_stories = [
        {
            "key": key,
            "headline": assignment.headlines.get(key, ""),
            "article_count": 0,
            "digested_count": 0,
            "created_at": now,
            "updated_at": now,
        }
        for key in sorted(story_keys - set(story_ids))
    ]
    if new_stories:
        connection.execute(stories.insert(), new_stories)
        story_ids.update(
            ids_by_key(connection, stories.c.key, stories.c.id, {str(s["key"]) for s in new_stories})
        )
    members = [
        {"story_id": story_ids[story], "article_id": article_ids[article], "added_at": now}
        for article, story in placed.items()
    ]
    if members:
        connection.execute(story_articles.insert(), members)
    changed = {m["story_id"] for m in members}
    for story_id in changed:
        count = select(func.count()).select_from(story_articles).where(story_articles.c.story_id == story_id)
        connection.execute(
            update(stories)
            .where(stories.c.id == story_id)
            .values(article_count=count.scalar_subquery(), updated_at=now)
        )
    state_exists = connection.execute(
        select(story_index_state.c.name).where(story_index_state.c.name == assignment.index_name)
    ).first()
    values = {"state": assignment.index_state, "updated_at": now}
    if state_exists:
        connection.execute(
            update(story_index_state)
            .where(story_index_state.c.name == assignment.index_name)
            .values(**values)
        )
    else:
        connection.execute(story_index_state.insert().values(name=assignment.index_name, **values))


def source_ids_by_name(connection: Connection, names: set[str]) -> dict[str, int]:
    found = ids_by_key(connection, sources.c.name, sources.c.id, names)
    missing = sorted(names - set(found))
    if missing:
        connection.execute(sources.insert(), [{"name": name} for name in missing])
        found.update(ids_by_key(connection, sources.c.name, sources.c.id, set(missing)))
    return found


def existing_values(connection: Connection, column: Any, values: set[Any]) -> set[Any]:
    found: set[Any] = set()
    for chunk in chunks(sorted(values)):
        found.update(connection.execute(select(column).where(column.in_(chunk))).scalars())
    return found


def ids_by_key(connection: Connection, key: Any, id_column: Any, values: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunks(sorted(values)):
        found.update(
            {row[0]: row[1] for row in connection.execute(select(key, id_column).where(key.in_(chunk)))}
        )
    return found


def chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
