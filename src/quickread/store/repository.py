"""The repository interface the newsroom talks to, and the records it returns.

One interface over SQLite and PostgreSQL (``quickread.store.sql_repository.SqlRepository`` implements it with
SQLAlchemy Core). Every method is its own transaction: when a process is killed, each call either happened
completely or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from quickread.model import Article
from quickread.store.paging import Page
from quickread.store.search import ArticleHit, StoryHit


@dataclass(frozen=True, slots=True)
class IncomingArticle:
    article: Article
    feed_id: int | None = None


@dataclass(frozen=True, slots=True)
class AddedArticles:
    added: tuple[str, ...]  # stored keys of the new articles (Article.id inside digests)
    duplicates: int  # already stored under the same canonical URL or content hash


@dataclass(frozen=True, slots=True)
class FeedRecord:
    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_fetched_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class FetchLogEntry:
    url: str
    kind: str  # feed, page, file
    status: str  # ok, not_modified, partial, error
    reason: str | None
    at: dt.datetime
    http_status: int | None = None
    articles_added: int = 0


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    stories: int
    feeds: int


@dataclass(frozen=True, slots=True)
class StoryRecord:
    key: str
    headline: str
    article_count: int
    digested_count: int
    updated_at: dt.datetime
    revision: int = 0  # counts the changes of its membership; its digest is current when built from this one
    merged_into: str | None = None  # the story it was merged into (its articles went there), when it ended


@dataclass(frozen=True, slots=True)
class DigestVersion:
    story_key: str
    version: int
    created_at: dt.datetime
    article_count: int
    headline: str
    what_changed: str
    digest: str  # JSON text


@dataclass(frozen=True, slots=True)
class StorySummary:
    """A story as the front page lists it: its latest digest's headline and lede, and who reported it."""

    key: str
    headline: str
    lede: str  # the latest digest's lede; empty until the story has a digest
    article_count: int
    outlets: tuple[str, ...]  # distinct outlets, in name order
    first_date: dt.date | None  # earliest publication date of its articles
    last_date: dt.date | None
    updated_at: dt.datetime
    significance: float  # see quickread.store.significance

    @property
    def source_count(self) -> int:
        return len(self.outlets)


@dataclass(frozen=True, slots=True)
class StoryListing:
    """One page of stories, most significant first."""

    stories: tuple[StorySummary, ...]
    total: int  # stories matching the filter over all pages
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article with the story it belongs to (none until the story index has placed it)."""

    article: Article
    story_key: str | None
    story_headline: str | None
    fetched_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    key: str
    title: str
    source: str
    url: str | None
    date: dt.date | None
    story_key: str | None
    story_headline: str | None


@dataclass(frozen=True, slots=True)
class SourceArticles:
    """One page of an outlet's articles and the number of stories its articles (all pages) belong to."""

    articles: Page[ArticleSummary]
    story_count: int


@dataclass(frozen=True, slots=True)
class SourceSummary:
    name: str
    article_count: int


@dataclass(frozen=True, slots=True)
class VersionSummary:
    """A digest version without its JSON: what the version history lists."""

    version: int
    created_at: dt.datetime
    article_count: int
    headline: str
    what_changed: str


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """The outcome of one story-index step, stored in one transaction with the index's new state: new
    articles placed, earlier articles moved to another story, stories ended by merging into another."""

    story_of: Mapping[str, str]  # article key -> story key, for articles not placed yet
    headlines: Mapping[str, str]  # headline for each new story key
    index_name: str
    index_state: str
    moved: Mapping[str, str] = field(default_factory=dict)  # placed article key -> the story key it is in now
    # ended story key -> the story key it went into; the ended story's remaining articles move there with it
    ended: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ThreadCandidate:
    """A live story as thread linking reads it: its articles (title and text are what it compares)."""

    key: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Two stories of one developing matter (``group.threads.ThreadLink`` as stored)."""

    earlier: str  # story key
    later: str
    similarity: float


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    """A story as another story's thread lists it."""

    key: str
    headline: str
    date: dt.date  # its first report
    source_count: int  # distinct outlets

    def to_json(self) -> dict[str, Any]:
        """As the API's and `quickread show`'s ``thread`` lists it."""
        return {
            "id": self.key,
            "headline": self.headline,
            "date": self.date.isoformat(),
            "sources": self.source_count,
        }


@dataclass(frozen=True, slots=True)
class StoryThread:
    """The stories a story's page lists before and after it, each in date order (oldest first)."""

    earlier: tuple[ThreadEntry, ...] = ()
    later: tuple[ThreadEntry, ...] = ()


class Repository(Protocol):
    def add_articles(self, incoming: Sequence[IncomingArticle]) -> AddedArticles: ...

    def known_urls(self, urls: Sequence[str]) -> set[str]: ...

    def add_feed(self, url: str, title: str | None = None) -> FeedRecord: ...

    def feeds(self) -> list[FeedRecord]: ...

    def remove_feed(self, url: str) -> FeedRecord | None:
        """Stop following a feed (its articles stay); None when no feed has this URL."""
        ...

    def record_feed_fetch(
        self, feed_id: int, *, etag: str | None, last_modified: str | None, title: str | None
    ) -> None: ...

    def log_fetch(self, entry: FetchLogEntry) -> None: ...

    def recent_errors(self, limit: int = 50) -> list[FetchLogEntry]: ...

    def counts(self) -> Counts: ...

    def unassigned_articles(self, limit: int) -> list[Article]: ...

    def save_assignment(self, assignment: StoryAssignment) -> None: ...

    def index_state(self, name: str) -> str | None: ...

    def stale_stories(self, limit: int | None = None) -> list[StoryRecord]: ...

    def stories(self, limit: int = 50) -> list[StoryRecord]: ...

    def story(self, key: str) -> StoryRecord | None: ...

    def story_successor(self, key: str) -> str | None:
        """The story a merged story's articles are in now (following merges of merges), None when ``key``
        is not a merged story."""
        ...

    def story_articles(self, key: str) -> list[Article]: ...

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
        """``revision``: the story's revision (StoryRecord.revision) read before its articles were; None
        means the digest is of the story's articles now."""
        ...

    def digest_version(self, story_key: str, version: int | None = None) -> DigestVersion | None: ...

    def story_versions(self, story_key: str) -> list[VersionSummary]: ...

    def story_first_dates(self, keys: Sequence[str]) -> dict[str, dt.date]:
        """The first publication date of each live, dated story among ``keys``."""
        ...

    def thread_candidates(self, since: dt.date, until: dt.date) -> list[ThreadCandidate]:
        """The live stories first reported from ``since`` to ``until`` (inclusive), with their articles."""
        ...

    def replace_story_links(self, keys: Sequence[str], links: Sequence[StoryLink]) -> None:
        """The links of the stories ``keys`` become those of ``links`` that name one of them (the others are
        ignored); the links of merged stories are dropped. One transaction."""
        ...

    def story_thread(self, key: str, limit: int) -> StoryThread:
        """A live story's linked stories: the ``limit`` nearest in time each way; empty for a merged story."""
        ...

    def ranked_stories(
        self,
        *,
        offset: int = 0,
        limit: int = 20,
        since: dt.date | None = None,
        until: dt.date | None = None,
        keys: Sequence[str] | None = None,
    ) -> StoryListing: ...

    def listing_revision(self) -> str: ...

    def article(self, key: str) -> StoredArticle | None: ...

    def source_articles(self, name: str, limit: int = 200) -> list[ArticleSummary]: ...

    def source_article_page(self, name: str, offset: int = 0, limit: int = 200) -> SourceArticles: ...

    def sources(self) -> list[SourceSummary]: ...

    def source_page(self, offset: int = 0, limit: int | None = 100) -> Page[SourceSummary]: ...

    def search_articles(self, query: str, limit: int = 20) -> list[ArticleHit]: ...

    def search_stories(self, query: str, limit: int = 20) -> list[StoryHit]: ...

    def search_article_page(self, query: str, offset: int = 0, limit: int = 20) -> Page[ArticleHit]: ...

    def search_story_page(self, query: str, offset: int = 0, limit: int = 20) -> Page[StoryHit]: ...
