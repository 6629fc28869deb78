"""``quickread fetch``: one pass over every feed, each feed and each page on its own.

Kill safety: every article is committed as soon as it is read, and a feed's ETag/Last-Modified are saved only
after all of its entries are stored. A pass killed half way therefore refetches that feed next time (no 304),
skips the entries already stored (canonical URL) and finishes the rest: nothing lost, nothing doubled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from quickread.ingest.decode import decode_bytes
from quickread.ingest.errors import InputError
from quickread.ingest.feeds import FeedEntry, FeedError, parse_feed
from quickread.ingest.fetch import Fetcher, FetchError
from quickread.ingest.html import article_from_html
from quickread.model import Article
from quickread.newsroom.control import ProgressCallback, StopSignal, no_progress
from quickread.store.repository import FeedRecord, FetchLogEntry, IncomingArticle, Repository
from quickread.store.times import utc_now
from quickread.text.article import EmptyArticleError, build_article

# A feed entry whose own text is this long is the article (many feeds put the full text in <description>);
# shorter ones are teasers and the linked page is fetched for the full text.
FULL_TEXT_WORDS = 150
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


def fetch_all_feeds(
    repository: Repository,
    fetcher: Fetcher,
    *,
    progress: ProgressCallback = no_progress,
    stop: StopSignal | None = None,
) -> FetchReport:
    report = FetchReport()
    for feed in repository.feeds():
        if stop is not None and stop.requested:
            break
        outcome = fetch_feed(repository, fetcher, feed, stop=stop)
        report.feeds.append(outcome)
        progress(f"{feed.url}: {outcome.status}, {outcome.added} new")
    return report


def fetch_feed(
    repository: Repository, fetcher: Fetcher, feed: FeedRecord, *, stop: StopSignal | None = None
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
            outcome.problems.append(str(error))
            repository.log_fetch(
                FetchLogEntry(
                    url=entry.link or feed.url,
                    kind="page",
                    status="error",
                    reason=_reason(error),
                    at=utc_now(),
                    http_status=getattr(error, "http_status", None),
                )
            )
            continue
        outcome.added += len(repository.add_articles([IncomingArticle(article, feed.id)]).added)
    # Saved last: see the module docstring.
    repository.record_feed_fetch(
        feed.id, etag=response.etag, last_modified=response.last_modified, title=parsed.title
    )
    return _finish(repository, outcome, response.status)


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


def _finish(repository: Repository, outcome: FeedOutcome, http_status: int | None) -> FeedOutcome:
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


def _reason(error: FetchError | InputError) -> str:
    return error.reason
