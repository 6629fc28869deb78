"""Feeds in: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.x read directly.

feedparser 6.0 does not read JSON Feed, and a JSON Feed is plain JSON with a documented shape, so it is read
here into the same FeedEntry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

from quickread.ingest.records import parse_date


class FeedError(ValueError):
    """A response that is not a usable feed: names the feed and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    link: str | None
    published: dt.date | None
    author: str | None
    text: str  # the entry's content as plain text, paragraphs separated by blank lines ("" when none)
    has_full_content: bool  # content:encoded, Atom content or JSON content, rather than a summary


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    problem: str | None = None  # the feed was malformed but some entries could be read


_FEED_TYPES = ("xml", "rss", "atom", "json", "rdf", "text/plain", "application/octet-stream")
_TAG = re.compile(r"<[a-zA-Z/!]")


def parse_feed(url: str, content: bytes, content_type: str = "") -> ParsedFeed:
    """Read a feed document. Raises FeedError when nothing can be read from it."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and not any(kind in media_type for kind in _FEED_TYPES):
        raise FeedError(url, f"wrong content type {media_type!r}, expected an RSS, Atom or JSON feed")
    if not content.strip():
        raise FeedError(url, "empty response")
    if "json" in media_type or content.lstrip()[:1] == b"{":
        return _parse_json_feed(url, content)
    # Content-Location gives feedparser the base for relative links, as the HTTP response would have.
    headers = {"content-type": content_type or "application/xml", "content-location": url}
    parsed = feedparser.parse(content, response_headers=headers)
    entries = tuple(_entry(raw) for raw in parsed.entries)
    problem = None
    if parsed.bozo:
        problem = f"malformed feed ({_describe(parsed.get('bozo_exception'))})"
        # The entry read last from a broken document (say, a truncated download) may itself be cut short:
        # leave it for a later fetch of the whole feed rather than store half an article.
        entries = entries[:-1]
        if not entries:
            raise FeedError(url, problem)
    if not parsed.version and not entries:
        raise FeedError(url, "not an RSS, Atom or JSON feed")
    title = parsed.feed.get("title") if parsed.feed else None
    return ParsedFeed(title=title or None, entries=entries, problem=problem)


def _entry(raw: Any) -> FeedEntry:
    contents = raw.get("content") or []
    full = next((c.get("value", "") for c in contents if c.get("value", "").strip()), "")
    summary = raw.get("summary", "") or ""
    body = full or summary
    published = raw.get("published_parsed") or raw.get("updated_parsed")
    return FeedEntry(
        title=" ".join((raw.get("title") or "").split()),
        link=raw.get("link") or None,
        published=dt.date(*published[:3]) if published else None,
        author=raw.get("author") or None,
        text=html_to_text(body),
        has_full_content=bool(full),
    )


def _parse_json_feed(url: str, content: bytes) -> ParsedFeed:
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise FeedError(url, f"malformed JSON feed ({error})") from error
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FeedError(url, "JSON that is not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError(url, 'JSON Feed without an "items" list')
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
        full = item.get("content_text") or html_to_text(item.get("content_html") or "")
        summary = item.get("summary") or ""
        entries.append(
            FeedEntry(
                title=" ".join(str(item.get("title") or "").split()),
                link=urljoin(url, link) if (link := item.get("url") or item.get("external_url")) else None,
                published=parse_date(item.get("date_published") or item.get("date_modified")),
                author=author,
                text=str(full or summary).strip(),
                has_full_content=bool(full),
            )
        )
    title = data.get("title")
    return ParsedFeed(title=str(title) if title else None, entries=tuple(entries))


def html_to_text(markup: str) -> str:
    """Feed HTML to plain paragraphs; text without tags is already plain (its blank lines are paragraphs)."""
    if not _TAG.search(markup):
        return markup.strip()
    parser = _TextCollector()
    parser.feed(markup)
    parser.close()
    return "\n\n".join(p for p in (" ".join(block.split()) for block in parser.blocks()) if p)


class _TextCollector(HTMLParser):
    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "tr",
            "section",
            "article",
            "pre",
        }
    )
    _SKIP = frozenset({"script", "style", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self._parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self._parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)

    def blocks(self) -> list[str]:
        return "".join(self._parts).split("\n\n")


def _describe(error: object) -> str:
    message = getattr(error, "getMessage", None)
    text = message() if callable(message) else str(error)
    return f"{type(error).__name__}: {text}" if error is not None else "unknown error"
