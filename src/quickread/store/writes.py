"""The write side of the SQL repository: storing articles once and saving story assignments, each in the
caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
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
    """Place the new articles, apply the moves and the ended stories, recount and mark stale every story
    whose membership changed, and save the index's state: all in the caller's one transaction."""
    now = utc_now()
    assignment = clean_assignment(assignment)
    went_into = _ends_of_chains(assignment.ended)
    article_ids = ids_by_key(
        connection, articles.c.key, articles.c.id, set(assignment.story_of) | set(assignment.moved)
    )
    story_before = _stories_of(connection, set(article_ids.values()))
    # New articles are placed only when not in a story yet: an article another writer placed first keeps its
    # story, and a story none of whose articles is placed here is not created (it would stay empty). A move
    # puts the article where the index holds it now, wherever it was.
    target_key: dict[int, str] = {
        article_ids[article]: went_into.get(story, story)
        for article, story in assignment.story_of.items()
        if article in article_ids and article_ids[article] not in story_before
    }
    target_key.update(
        (article_ids[article], went_into.get(story, story))
        for article, story in assignment.moved.items()
        if article in article_ids
    )
    ended_ids = ids_by_key(connection, stories.c.key, stories.c.id, set(went_into))
    ending = {key: went_into[key] for key in ended_ids if went_into[key] != key}
    story_ids = _story_ids_creating(
        connection, set(target_key.values()) | set(ending.values()), assignment.headlines, now
    )
    target = {article: story_ids[key] for article, key in target_key.items()}
    changed = _move_members(connection, target, story_before, now)
    # Stories that take articles are live, also one that ended before and that the index now uses again.
    live = set(target.values()) | {story_ids[into] for into in ending.values()}
    for chunk in chunks(sorted(live)):
        connection.execute(update(stories).where(stories.c.id.in_(chunk)).values(merged_into=None))
    for key, into in sorted(ending.items()):
        ended_id, into_id = ended_ids[key], story_ids[into]
        connection.execute(
            update(story_articles).where(story_articles.c.story_id == ended_id).values(story_id=into_id)
        )
        # Stories merged into the ended one before now point where it went: a redirect is one step.
        connection.execute(
            update(stories).where(stories.c.merged_into == ended_id).values(merged_into=into_id)
        )
        connection.execute(update(stories).where(stories.c.id == ended_id).values(merged_into=into_id))
        changed |= {ended_id, into_id}
    for story_id in sorted(changed):
        count = select(func.count()).select_from(story_articles).where(story_articles.c.story_id == story_id)
        connection.execute(
            update(stories)
            .where(stories.c.id == story_id)
            .values(article_count=count.scalar_subquery(), revision=stories.c.revision + 1, updated_at=now)
        )
    _name_headless_stories(connection, set(story_ids.values()) & changed)
    _save_index_state(connection, assignment.index_name, assignment.index_state, now)


def _ends_of_chains(ended: Mapping[str, str]) -> dict[str, str]:
    """Each ended story with the story at the end of its chain (A into B and B into C: A into C). A story
    on a cycle (which the index never reports) maps to itself, so it is left alone."""
    ends: dict[str, str] = {}
    for key in ended:
        seen = {key}
        into = ended[key]
        while into in ended and into not in seen:
            seen.add(into)
            into = ended[into]
        ends[key] = key if into in seen else into
    return ends


def _stories_of(connection: Connection, article_ids: set[int]) -> dict[int, int]:
    """The story of each of these articles that is in one."""
    found: dict[int, int] = {}
    for chunk in chunks(sorted(article_ids)):
        statement = select(story_articles.c.article_id, story_articles.c.story_id).where(
            story_articles.c.article_id.in_(chunk)
        )
        found.update({row[0]: row[1] for row in connection.execute(statement)})
    return found


def _story_ids_creating(
    connection: Connection, keys: set[str], headlines: Mapping[str, str], now: dt.datetime
) -> dict[str, int]:
    """The ids of the stories with these keys, creating those not stored yet."""
    story_ids = ids_by_key(connection, stories.c.key, stories.c.id, keys)
    new_stories = [
        {
            "key": key,
            "headline": headlines.get(key, ""),
            "article_count": 0,
            "digested_count": 0,
            "created_at": now,
            "updated_at": now,
        }
        for key in sorted(keys - set(story_ids))
    ]
    if new_stories:
        connection.execute(stories.insert(), new_stories)
        story_ids.update(
            ids_by_key(connection, stories.c.key, stories.c.id, {str(s["key"]) for s in new_stories})
        )
    return story_ids


def _move_members(
    connection: Connection, target: Mapping[int, int], story_before: Mapping[int, int], now: dt.datetime
) -> set[int]:
    """Put each article in its target story (inserting the membership of one in no story yet); the ids of
    the stories that gained or lost an article."""
    placing = [
        {"story_id": story_id, "article_id": article_id, "added_at": now}
        for article_id, story_id in target.items()
        if article_id not in story_before
    ]
    if placing:
        connection.execute(story_articles.insert(), placing)
    moving: dict[int, list[int]] = {}
    for article_id, story_id in target.items():
        if article_id in story_before and story_before[article_id] != story_id:
            moving.setdefault(story_id, []).append(article_id)
    for story_id, moved in sorted(moving.items()):
        for chunk in chunks(sorted(moved)):
            connection.execute(
                update(story_articles)
                .where(story_articles.c.article_id.in_(chunk))
                .values(story_id=story_id, added_at=now)
            )
    left = {story_before[article_id] for ids in moving.values() for article_id in ids}
    placed_in = {story_id for article_id, story_id in target.items() if article_id not in story_before}
    return placed_in | set(moving) | left


def _name_headless_stories(connection: Connection, story_ids: set[int]) -> None:
    """A story the index started with earlier articles only (it split a story) has no headline given: it
    takes its first article's title until its digest names it."""
    first_title = (
        select(articles.c.title)
        .join(story_articles, story_articles.c.article_id == articles.c.id)
        .where(story_articles.c.story_id == stories.c.id)
        .order_by(articles.c.id)
        .limit(1)
        .scalar_subquery()
    )
    for chunk in chunks(sorted(story_ids)):
        connection.execute(
            update(stories)
            .where(stories.c.id.in_(chunk), stories.c.headline == "")
            .values(headline=func.coalesce(first_title, ""))
        )


def _save_index_state(connection: Connection, name: str, state: str, now: dt.datetime) -> None:
    state_exists = connection.execute(
        select(story_index_state.c.name).where(story_index_state.c.name == name)
    ).first()
    values = {"state": state, "updated_at": now}
    if state_exists:
        connection.execute(update(story_index_state).where(story_index_state.c.name == name).values(**values))
    else:
        connection.execute(story_index_state.insert().values(name=name, **values))


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
