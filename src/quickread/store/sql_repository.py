"""The repository on SQLAlchemy Core: the same statements run on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, distinct, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from quickread.model import Article
from quickread.store import search, threads
from quickread.store.codec import article_from_row, canonical_url
from quickread.store.locking import write_transaction
from quickread.store.nul import optional_without_nul
from quickread.store.paging import Page
from quickread.store.repository import (
    AddedArticles,
    ArticleSummary,
    Counts,
    DigestVersion,
    FeedRecord,
    FetchLogEntry,
    IncomingArticle,
    SourceArticles,
    SourceSummary,
    StoredArticle,
    StoryAssignment,
    StoryLink,
    StoryListing,
    StoryRecord,
    StorySummary,
    StoryThread,
    ThreadCandidate,
    VersionSummary,
)
from quickread.store.rows import (
    article_select,
    as_date,
    feed_record,
    story_ledes,
    story_outlets,
    story_record,
    story_select,
)
from quickread.store.schema import (
    articles,
    digest_versions,
    feeds,
    fetch_log,
    sources,
    stories,
    story_articles,
    story_index_state,
)
from quickread.store.significance import news_clock, significance
from quickread.store.times import as_utc, utc_now
from quickread.store.writes import CHUNK, existing_values, insert_articles, insert_assignment

_RETRIES = 3


class SqlRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # Articles -------------------------------------------------------------------------------------

    def add_articles(self, incoming: Sequence[IncomingArticle]) -> AddedArticles:
        """Store the articles not already stored (by canonical URL, then content hash), in one transaction.

        The check and the insert run under the write lock, so a concurrent writer cannot insert the same
        article in between; should a unique constraint still refuse the batch, the retry sees the stored rows.
        """
        for attempt in range(_RETRIES):
            try:
                with write_transaction(self.engine) as connection:
                    return insert_articles(connection, incoming)
            except IntegrityError:
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        # without NUL, as stored (see store.nul)
        canonical = {url: optional_without_nul(canonical_url(url)) for url in urls}
        wanted = {c for c in canonical.values() if c}
        with self.engine.connect() as connection:
            found = existing_values(connection, articles.c.canonical_url, wanted)
        return {url for url in urls if canonical[url] in found}

    # Feeds and the fetch log ----------------------------------------------------------------------

    def add_feed(self, url: str, title: str | None = None) -> FeedRecord:
        with write_transaction(self.engine) as connection:
            row = connection.execute(select(feeds).where(feeds.c.url == url)).first()
            if row is None:
                connection.execute(feeds.insert().values(url=url, title=title, added_at=utc_now()))
                row = connection.execute(select(feeds).where(feeds.c.url == url)).one()
            return feed_record(row)

    def remove_feed(self, url: str) -> FeedRecord | None:
        with self.engine.begin() as connection:
            row = connection.execute(select(feeds).where(feeds.c.url == url)).first()
            if row is None:
                return None
            connection.execute(update(articles).where(articles.c.feed_id == row.id).values(feed_id=None))
            connection.execute(delete(feeds).where(feeds.c.id == row.id))
            return feed_record(row)

    def feeds(self) -> list[FeedRecord]:
        with self.engine.connect() as connection:
            return [feed_record(row) for row in connection.execute(select(feeds).order_by(feeds.c.id))]

    def record_feed_fetch(
        self, feed_id: int, *, etag: str | None, last_modified: str | None, title: str | None
    ) -> None:
        values: dict[str, Any] = {"etag": etag, "last_modified": last_modified, "last_fetched_at": utc_now()}
        if title:
            values["title"] = title
        with self.engine.begin() as connection:
            connection.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))

    def log_fetch(self, entry: FetchLogEntry) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                fetch_log.insert().values(
                    url=entry.url,
                    kind=entry.kind,
                    status=entry.status,
                    http_status=entry.http_status,
                    reason=entry.reason,
                    articles_added=entry.articles_added,
                    at=entry.at,
                )
            )

    def recent_errors(self, limit: int = 50) -> list[FetchLogEntry]:
        """Each input whose latest attempt failed (a feed that has recovered is no longer listed)."""
        latest = select(fetch_log.c.url, func.max(fetch_log.c.id).label("last_id")).group_by(fetch_log.c.url)
        latest_sub = latest.subquery()
        statement = (
            select(fetch_log)
            .join(latest_sub, latest_sub.c.last_id == fetch_log.c.id)
            .where(fetch_log.c.status.in_(("error", "partial")))
            .order_by(fetch_log.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [
                FetchLogEntry(
                    url=r.url,
                    kind=r.kind,
                    status=r.status,
                    reason=r.reason,
                    at=as_utc(r.at),
                    http_status=r.http_status,
                    articles_added=r.articles_added,
                )
                for r in connection.execute(statement)
            ]

    def counts(self) -> Counts:
        with self.engine.connect() as connection:

            def count(table: Any) -> int:
                return int(connection.execute(select(func.count()).select_from(table)).scalar_one())

            live_stories = select(func.count()).select_from(stories).where(stories.c.merged_into.is_(None))
            return Counts(
                articles=count(articles),
                stories=int(connection.execute(live_stories).scalar_one()),
                feeds=count(feeds),
            )

    # Stories --------------------------------------------------------------------------------------

    def unassigned_articles(self, limit: int) -> list[Article]:
        """The articles waiting for a story, oldest publication date first (undated last, then in the order
        stored). The story index takes its clock from the newest date it has seen, so articles fed out of
        date order would arrive "after" their own stories had closed: two corpora ingested one after the
        other (Wikinews 2019-2020, then Congress 2019) left every Congress release a story of its own."""
        statement = (
            article_select()
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .where(story_articles.c.story_id.is_(None))
            .order_by(articles.c.published.is_(None), articles.c.published, articles.c.id)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [article_from_row(row) for row in connection.execute(statement)]

    def save_assignment(self, assignment: StoryAssignment) -> None:
        """Under the write lock: two passes at once (two ``ingest`` processes) may place the same article or
        name the same new story; the article is then kept where it was placed first, never twice."""
        with write_transaction(self.engine) as connection:
            insert_assignment(connection, assignment)

    def index_state(self, name: str) -> str | None:
        with self.engine.connect() as connection:
            value = connection.execute(
                select(story_index_state.c.state).where(story_index_state.c.name == name)
            ).scalar_one_or_none()
        return None if value is None else str(value)

    def stale_stories(self, limit: int | None = None) -> list[StoryRecord]:
        """Live stories whose membership changed since their digest was built (or that have none yet)."""
        statement = (
            story_select()
            .where(
                stories.c.merged_into.is_(None),
                stories.c.article_count > 0,
                stories.c.revision != stories.c.digested_revision,
            )
            .order_by(stories.c.id)
        )
        with self.engine.connect() as connection:
            return [story_record(row) for row in connection.execute(statement.limit(limit))]

    def stories(self, limit: int = 50) -> list[StoryRecord]:
        """The live stories (not merged into another), most recently changed first."""
        statement = (
            story_select()
            .where(stories.c.merged_into.is_(None))
            .order_by(stories.c.updated_at.desc(), stories.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [story_record(row) for row in connection.execute(statement)]

    def story(self, key: str) -> StoryRecord | None:
        """A story by key, a merged one too (its ``merged_into`` says where its articles went)."""
        with self.engine.connect() as connection:
            row = connection.execute(story_select().where(stories.c.key == key)).first()
        return None if row is None else story_record(row)

    def story_successor(self, key: str) -> str | None:
        """The live story a merged story went into, following merges of merges (the store keeps each merged
        story pointing at a live one; the loop is for a database written before that, and stops on a
        cycle, which then answers None)."""
        with self.engine.connect() as connection:
            step = connection.execute(select(stories.c.merged_into).where(stories.c.key == key)).first()
            next_id = None if step is None else step.merged_into
            seen: set[int] = set()
            successor = None
            while next_id is not None:
                if next_id in seen:
                    return None
                seen.add(next_id)
                row = connection.execute(
                    select(stories.c.key, stories.c.merged_into).where(stories.c.id == next_id)
                ).one()
                successor, next_id = row.key, row.merged_into
        return successor

    def story_articles(self, key: str) -> list[Article]:
        statement = (
            article_select()
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .join(stories, stories.c.id == story_articles.c.story_id)
            .where(stories.c.key == key)
            .order_by(articles.c.published, articles.c.id)
        )
        with self.engine.connect() as connection:
            return [article_from_row(row) for row in connection.execute(statement)]

    def add_digest_version(
        self,
        story_key: str,
        *,
        article_count: int,
        headline: str,
        what_changed: str,
        digest: str,
        revision: int | None = None,
    ) -> DigestVersion:
        """A new version of the story's digest, built from the story at ``revision`` (None: as it is now);
        the story stays stale when its membership changed after that revision."""
        now = utc_now()
        with write_transaction(self.engine) as connection:
            story = connection.execute(
                select(stories.c.id, stories.c.revision, stories.c.digested_revision).where(
                    stories.c.key == story_key
                )
            ).one()
            story_id = story.id
            built_from = story.revision if revision is None else revision
            last = connection.execute(
                select(digest_versions)
                .where(digest_versions.c.story_id == story_id)
                .order_by(digest_versions.c.version.desc())
                .limit(1)
            ).first()
            if last is not None and (
                (revision is not None and story.digested_revision >= revision)
                or (last.article_count == article_count and last.digest == digest)
            ):
                # Another pass (a second ``ingest`` process) digested this revision or a later one first, or
                # the digest is the stored one: keep the stored version.
                connection.execute(
                    update(stories)
                    .where(stories.c.id == story_id)
                    .values(digested_revision=max(story.digested_revision, built_from))
                )
                return DigestVersion(
                    story_key,
                    last.version,
                    as_utc(last.created_at),
                    last.article_count,
                    last.headline,
                    last.what_changed,
                    last.digest,
                )
            version = 1 if last is None else last.version + 1
            connection.execute(
                digest_versions.insert().values(
                    story_id=story_id,
                    version=version,
                    created_at=now,
                    article_count=article_count,
                    headline=headline,
                    what_changed=what_changed,
                    digest=digest,
                )
            )
            connection.execute(
                update(stories)
                .where(stories.c.id == story_id)
                .values(digested_count=article_count, digested_revision=built_from, headline=headline)
            )
        return DigestVersion(story_key, version, now, article_count, headline, what_changed, digest)

    def digest_version(self, story_key: str, version: int | None = None) -> DigestVersion | None:
        statement = (
            select(digest_versions, stories.c.key.label("story_key"))
            .join(stories, stories.c.id == digest_versions.c.story_id)
            .where(stories.c.key == story_key)
        )
        statement = (
            statement.where(digest_versions.c.version == version)
            if version is not None
            else statement.order_by(digest_versions.c.version.desc()).limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        if row is None:
            return None
        return DigestVersion(
            row.story_key,
            row.version,
            as_utc(row.created_at),
            row.article_count,
            row.headline,
            row.what_changed,
            row.digest,
        )

    def story_versions(self, story_key: str) -> list[VersionSummary]:
        """Every digest version of a story, newest first, without the digest JSON."""
        statement = (
            select(
                digest_versions.c.version,
                digest_versions.c.created_at,
                digest_versions.c.article_count,
                digest_versions.c.headline,
                digest_versions.c.what_changed,
            )
            .join(stories, stories.c.id == digest_versions.c.story_id)
            .where(stories.c.key == story_key)
            .order_by(digest_versions.c.version.desc())
        )
        with self.engine.connect() as connection:
            return [
                VersionSummary(r.version, as_utc(r.created_at), r.article_count, r.headline, r.what_changed)
                for r in connection.execute(statement)
            ]

    # Threads (store.threads) ----------------------------------------------------------------------

    def story_first_dates(self, keys: Sequence[str]) -> dict[str, dt.date]:
        with self.engine.connect() as connection:
            return threads.story_first_dates(connection, keys)

    def thread_candidates(self, since: dt.date, until: dt.date) -> list[ThreadCandidate]:
        with self.engine.connect() as connection:
            return threads.thread_candidates(connection, since, until)

    def replace_story_links(self, keys: Sequence[str], links: Sequence[StoryLink]) -> None:
        with write_transaction(self.engine) as connection:
            threads.replace_story_links(connection, keys, links)

    def story_thread(self, key: str, limit: int) -> StoryThread:
        with self.engine.connect() as connection:
            return threads.story_thread(connection, key, limit)

    # Reading for the web --------------------------------------------------------------------------

    def ranked_stories(
        self,
        *,
        offset: int = 0,
        limit: int = 20,
        since: dt.date | None = None,
        until: dt.date | None = None,
        keys: Sequence[str] | None = None,
    ) -> StoryListing:
        """One page of stories, most significant first; ``since``/``until`` keep stories with an article
        published in that range (inclusive); ``keys`` keeps only those stories (search results).

        The ranking mixes counts and a recency decay that SQL dialects express differently, so the
        per-story aggregates come from one portable query and the ordering is done here; outlets and ledes
        are then read for the one page shown only.
        """
        first = func.min(articles.c.published).label("first_date")
        last = func.max(articles.c.published).label("last_date")
        statement = (
            select(
                stories.c.id,
                stories.c.key,
                stories.c.headline,
                stories.c.article_count,
                stories.c.updated_at,
                func.count(distinct(articles.c.source_id)).label("source_count"),
                first,
                last,
            )
            .join(story_articles, story_articles.c.story_id == stories.c.id)
            .join(articles, articles.c.id == story_articles.c.article_id)
            .group_by(
                stories.c.id, stories.c.key, stories.c.headline, stories.c.article_count, stories.c.updated_at
            )
        )
        if keys is not None:
            statement = statement.where(stories.c.key.in_(list(keys)[:CHUNK]))
        if since is not None:
            statement = statement.having(func.max(articles.c.published) >= since)
        if until is not None:
            statement = statement.having(func.min(articles.c.published) <= until)
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
            dates = [as_date(row.last_date) for row in rows]
            clock = news_clock(zip((row.source_count for row in rows), dates, strict=True), dt.date.today())
            if until is not None:
                # A listing up to a date is the news as of that date; a story running on past it (the
                # shutdown, told until March) must not set the clock weeks after the window asked for.
                clock = min(clock, until)
            scored = sorted(
                zip(rows, dates, strict=True),
                key=lambda pair: (
                    -significance(pair[0].source_count, pair[0].article_count, pair[1], clock),
                    -(pair[1] or dt.date.min).toordinal(),
                    pair[0].key,
                ),
            )
            page = scored[offset : offset + limit]
            ids = [row.id for row, _ in page]
            outlets = story_outlets(connection, ids)
            ledes = story_ledes(connection, ids)
        summaries = tuple(
            StorySummary(
                key=row.key,
                headline=row.headline,
                lede=ledes.get(row.id, ""),
                article_count=row.article_count,
                outlets=tuple(outlets.get(row.id, ())),
                first_date=as_date(row.first_date),
                last_date=last_date,
                updated_at=as_utc(row.updated_at),
                significance=significance(row.source_count, row.article_count, last_date, clock),
            )
            for row, last_date in page
        )
        return StoryListing(stories=summaries, total=len(rows), offset=offset, limit=limit)

    def listing_revision(self) -> str:
        """Changes whenever ``ranked_stories`` could answer differently: a story gains articles or a headline
        (both move ``stories.updated_at`` or add a story) or gets a new digest version (a new lede)."""
        statement = select(
            func.count(stories.c.id),
            func.max(stories.c.updated_at),
            select(func.max(digest_versions.c.id)).scalar_subquery(),
        )
        with self.engine.connect() as connection:
            count, updated, version_id = connection.execute(statement).one()
        return f"{count}:{updated}:{version_id}"

    def article(self, key: str) -> StoredArticle | None:
        statement = (
            article_select()
            .add_columns(
                articles.c.fetched_at,
                stories.c.key.label("story_key"),
                stories.c.headline.label("story_headline"),
            )
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .outerjoin(stories, stories.c.id == story_articles.c.story_id)
            .where(articles.c.key == key)
        )
        with self.engine.connect() as connection:
            row = connection.execute(statement).first()
        if row is None:
            return None
        return StoredArticle(article_from_row(row), row.story_key, row.story_headline, as_utc(row.fetched_at))

    def source_articles(self, name: str, limit: int = 200) -> list[ArticleSummary]:
        """An outlet's newest ``limit`` articles (the first page of ``source_article_page``)."""
        return list(self.source_article_page(name, 0, limit).articles.items)

    def source_article_page(self, name: str, offset: int = 0, limit: int = 200) -> SourceArticles:
        """One page of an outlet's articles, newest first (ties by newest stored), each with its story, and
        the counts over all its articles."""
        of_source = (
            select(articles.c.id, story_articles.c.story_id)
            .join(sources, sources.c.id == articles.c.source_id)
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .where(sources.c.name == name)
            .subquery()
        )
        counts = select(func.count(of_source.c.id), func.count(distinct(of_source.c.story_id)))
        statement = (
            select(
                articles.c.key,
                articles.c.title,
                sources.c.name,
                articles.c.url,
                articles.c.published,
                stories.c.key.label("story_key"),
                stories.c.headline.label("story_headline"),
            )
            .join(sources, sources.c.id == articles.c.source_id)
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .outerjoin(stories, stories.c.id == story_articles.c.story_id)
            .where(sources.c.name == name)
            .order_by(articles.c.published.desc(), articles.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            total, story_count = connection.execute(counts).one()
            items = tuple(
                ArticleSummary(
                    r.key, r.title, r.name, r.url, as_date(r.published), r.story_key, r.story_headline
                )
                for r in connection.execute(statement)
            )
        return SourceArticles(Page(items, total, offset, limit), story_count)

    def sources(self) -> list[SourceSummary]:
        """Every outlet with its number of stored articles, largest first."""
        return list(self.source_page(0, None).items)

    def source_page(self, offset: int = 0, limit: int | None = 100) -> Page[SourceSummary]:
        """One page of the outlets, most articles first (ties by name); ``limit`` None reads to the end."""
        count = func.count(articles.c.id).label("article_count")
        statement = (
            select(sources.c.name, count)
            .join(articles, articles.c.source_id == sources.c.id)
            .group_by(sources.c.name)
            .order_by(count.desc(), sources.c.name)
            .offset(offset)
            .limit(limit)
        )
        with_articles = select(func.count(distinct(articles.c.source_id)))
        with self.engine.connect() as connection:
            total = connection.execute(with_articles).scalar_one()
            items = tuple(SourceSummary(r.name, r.article_count) for r in connection.execute(statement))
        return Page(items, total, offset, total if limit is None else limit)

    # Search ---------------------------------------------------------------------------------------

    def search_articles(self, query: str, limit: int = 20) -> list[search.ArticleHit]:
        return list(self.search_article_page(query, 0, limit).items)

    def search_stories(self, query: str, limit: int = 20) -> list[search.StoryHit]:
        return list(self.search_story_page(query, 0, limit).items)

    def search_article_page(self, query: str, offset: int = 0, limit: int = 20) -> Page[search.ArticleHit]:
        with self.engine.connect() as connection:
            return search.search_article_page(connection, query, offset, limit)

    def search_story_page(self, query: str, offset: int = 0, limit: int = 20) -> Page[search.StoryHit]:
        with self.engine.connect() as connection:
            return search.search_story_page(connection, query, offset, limit)
