"""``quickread fetch``: one pass over every feed, each feed and each page on its own.

Feeds are fetched concurrently, one worker per host at a time (and the Fetcher allows one request per host at
a time), so one slow or hostile host holds up only its own feeds. A failure of any kind, expected or not, is
logged against its feed or entry and the pass goes on: one bad input never stops the desk.

Kill safety: every article is committed as soon as it is read, and a feed's ETag/Last-Modified are saved only
after all of its entries are stored. A pass killed half way therefore refetches that feed next time (no 304),
skips the entries already stored (canonical URL) and finishes the rest: nothing lost, nothing doubled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from quickread.ingest.decode import decode_bytes
from quickread.ingest.errors import InputError
from quickread.ingest.feeds import FeedEntry, FeedError, parse_feed
from quickread.ingest.fetch import Fetcher, FetchError
from quickread.ingest.html import article_from_html
from quickread.model import Article
from quickread.newsroom.control import ProgressCallback, StopSignal, no_progress
from quickread.store.repository import (
    AddedArticles,
    FeedRecord,
    FetchLogEntry,
    IncomingArticle,
    Repository,
)
from quickread.store.times import utc_now
from quickread.text.article import EmptyArticleError, build_article

# A feed entry whose own text is this long is the article (many feeds put the full text in <description>);
# shorter ones are teasers and the linked page is fetched for the full text.
FULL_TEXT_WORDS = 150
# Hosts fetched at once. Each worker spends its time waiting on the network, so a few threads are enough to
# keep one slow host from stalling the pass; more would only open more sockets from a laptop.
FEED_WORKERS = 4
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class FeedOutcome:
    url: str
    status: str  # ok, not_modified, partial, error
    added: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class FetchReport:
    feeds: list[FeedOutcome] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(outcome.added for outcome in self.feeds)


class FeedStore(Protocol):
    """What a feed pass needs of the repository."""

    def known_urls(self, urls: Sequence[str]) -> set[str]: ...

    def add_articles(self, incoming: Sequence[IncomingArticle]) -> AddedArticles: ...

    def log_fetch(self, entry: FetchLogEntry) -> None: ...

    def record_feed_fetch(
        self, feed_id: int, *, etag: str | None, last_modified: str | None, title: str | None
    ) -> None: ...


class _SerialStore:
    """The repository for the pass's worker threads: one write at a time (SQLite has a single writer)."""

    def __init__(self, repository: FeedStore) -> None:
        self._repository = repository
        self._lock = threading.Lock()

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        with self._lock:
            return self._repository.known_urls(urls)

    def add_articles(self, incoming: Sequence[IncomingArticle]) -> AddedArticles:
        with self._lock:
            return self._repository.add_articles(incoming)

    def log_fetch(self, entry: FetchLogEntry) -> None:
        with self._lock:
            self._repository.log_fetch(entry)

    def record_feed_fetch(
        self, feed_id: int, *, etag: str | None, last_modified: str | None, title: str | None
    ) -> None:
        with self._lock:
            self._repository.record_feed_fetch(feed_id, etag=etag, last_modified=last_modified, title=title)


def fetch_all_feeds(
    repository: Repository,
    fetcher: Fetcher,
    *,
    progress: ProgressCallback = no_progress,
    stop: StopSignal | None = None,
    workers: int = FEED_WORKERS,
) -> FetchReport:
    feeds = repository.feeds()
    store = _SerialStore(repository)
    progress_lock = threading.Lock()
    by_host: dict[str, list[tuple[int, FeedRecord]]] = {}
    for position, feed in enumerate(feeds):
        by_host.setdefault(urlsplit(feed.url).netloc.lower(), []).append((position, feed))

    def fetch_host(host_feeds: list[tuple[int, FeedRecord]]) -> list[tuple[int, FeedOutcome]]:
        outcomes = []
        for position, feed in host_feeds:
            if stop is not None and stop.requested:
                break
            outcome = _fetch_feed_guarded(store, fetcher, feed, stop)
            outcomes.append((position, outcome))
            with progress_lock:
                progress(f"{feed.url}: {outcome.status}, {outcome.added} new")
        return outcomes

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="feeds") as pool:
        done = [outcome for outcomes in pool.map(fetch_host, by_host.values()) for outcome in outcomes]
    return FetchReport(feeds=[outcome for _, outcome in sorted(done, key=lambda pair: pair[0])])


def _fetch_feed_guarded(
    repository: FeedStore, fetcher: Fetcher, feed: FeedRecord, stop: StopSignal | None
) -> FeedOutcome:
    try:
        return fetch_feed(repository, fetcher, feed, stop=stop)
    except Exception as error:  # a bug or an input no rule foresaw: log it, and fetch the other feeds
        reason = f"unexpected error ({type(error).__name__}: {str(error)[:300]})"
        return _finish(repository, FeedOutcome(feed.url, "error", problems=[reason]), None)


def fetch_feed(
    repository: FeedStore, fetcher: Fetcher, feed: FeedRecord, *, stop: StopSignal | None = None
) -> FeedOutcome:
    """Fetch one feed and store its new entries; every failure ends up in the fetch log, none is raised."""
    try:
        response = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    except FetchError as error:
        return _finish(repository, FeedOutcome(feed.url, "error", problems=[error.reason]), error.http_status)
    if response.not_modified:
        return _finish(repository, FeedOutcome(feed.url, "not_modified"), 304)
    try:
        parsed = parse_feed(feed.url, response.content, response.content_type)
    except FeedError as error:
        return _finish(repository, FeedOutcome(feed.url, "error", problems=[error.reason]), response.status)
    outcome = FeedOutcome(feed.url, "ok", problems=[parsed.problem] if parsed.problem else [])
    outcome.problems.extend(parsed.rejected)
    outlet = parsed.title or feed.title or urlsplit(feed.url).hostname or feed.url
    links = [entry.link for entry in parsed.entries if entry.link]
    known = repository.known_urls(links)
    for entry in parsed.entries:
        if stop is not None and stop.requested:
            outcome.problems.append("stopped before the end of the feed")
            return _finish(repository, outcome, response.status)
        if entry.link and entry.link in known:
            continue
        try:
            article = entry_article(entry, outlet, fetcher)
        except (FetchError, InputError) as error:
            _log_entry_error(repository, outcome, entry.link or feed.url, str(error), error.reason, error)
            continue
        except Exception as error:  # an extractor failing on a hostile page must not cost the other entries
            reason = f"unexpected error ({type(error).__name__}: {str(error)[:300]})"
            _log_entry_error(repository, outcome, entry.link or feed.url, reason, reason, None)
            continue
        outcome.added += len(repository.add_articles([IncomingArticle(article, feed.id)]).added)
    # Saved last: see the module docstring.
    repository.record_feed_fetch(
        feed.id, etag=response.etag, last_modified=response.last_modified, title=parsed.title
    )
    return _finish(repository, outcome, response.status)


def _log_entry_error(
    repository: FeedStore,
    outcome: FeedOutcome,
    url: str,
    problem: str,
    reason: str,
    error: FetchError | InputError | None,
) -> None:
    outcome.problems.append(problem)
    repository.log_fetch(
        FetchLogEntry(
            url=url,
            kind="page",
            status="error",
            reason=reason,
            at=utc_now(),
            http_status=getattr(error, "http_status", None),
        )
    )


def entry_article(entry: FeedEntry, outlet: str, fetcher: Fetcher) -> Article:
    """The entry as an article: its own text when it is the full story, else the linked page's.

    The feed's own fields (title, link, date, author) win over what is extracted from the page.
    """
    name = entry.link or entry.title or "feed entry"
    article_id = entry_id(entry)
    if entry.has_full_content or len(entry.text.split()) >= FULL_TEXT_WORDS or not entry.link:
        if not entry.text.strip():
            raise InputError(name, "the feed entry has no text and no link")
        try:
            return build_article(
                id=article_id,
                raw_text=entry.text,
                title=entry.title,
                source=outlet,
                url=entry.link,
                date=entry.published,
                author=entry.author,
            )
        except EmptyArticleError as error:
            raise InputError(name, str(error)) from error
    page = fetcher.get(entry.link)
    html = decode_bytes(entry.link, page.content)
    extracted = article_from_html(html, entry.link, article_id, source=outlet, url=entry.link)
    return dataclasses.replace(
        extracted,
        title=entry.title or extracted.title,
        url=entry.link,
        date=entry.published or extracted.date,
        author=entry.author or extracted.author,
    )


def entry_id(entry: FeedEntry) -> str:
    """A readable, stable id: the link's last path segment, plus a hash of the link so that ids are unique."""
    basis = entry.link or entry.title
    tail = (urlsplit(entry.link).path.rstrip("/").rsplit("/", 1)[-1] if entry.link else entry.title).lower()
    slug = _SLUG.sub("-", tail).strip("-")[:60] or "entry"
    return f"{slug}-{hashlib.sha256(basis.encode('utf-8')).hexdigest()[:8]}"


def _finish(repository: FeedStore, outcome: FeedOutcome, http_status: int | None) -> FeedOutcome:
    if outcome.status == "ok" and outcome.problems:
        outcome.status = "partial"
    repository.log_fetch(
        FetchLogEntry(
            url=outcome.url,
            kind="feed",
            status=outcome.status,
            reason="; ".join(outcome.problems) or None,
            at=utc_now(),
            http_status=http_status,
            articles_added=outcome.added,
        )
    )
    return outcome
