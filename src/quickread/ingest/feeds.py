"""Feeds in: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed 1.x read directly.

feedparser 6.0 does not read JSON Feed, and a JSON Feed is plain JSON with a documented shape, so it is read
here into the same FeedEntry.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

from quickread.ingest.errors import InputError
from quickread.ingest.records import parse_date
from quickread.ingest.urls import checked_url


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
    rejected: tuple[
        str, ...
    ] = ()  # one reason per entry left out (a link that is no URL, a field of the wrong type)


_FEED_TYPES = ("xml", "rss", "atom", "json", "rdf", "text/plain", "application/octet-stream")
_TAG = re.compile(r"<[a-zA-Z/!]")
_ANY_TAG = re.compile(r"<[^>]{0,2000}>")
_OPEN = re.compile("<")
_CLOSE = re.compile(">")
MAX_TAG_CHARS = 4000  # a tag with its attributes: far above any real one (a long data: URI aside)
# An internal DTD subset (<!DOCTYPE rss [ ... ]>) declares entities; no feed needs them, and expanding them is
# how "billion laughs" documents multiply a few KB into gigabytes (expat then stops with an amplification
# error and the feed was lost). The subset is dropped and references to what it declared are dropped too, so
# the entries are kept with those entities unexpanded.
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S | re.I)
_DECLARED_ENTITY = re.compile(rb"<!ENTITY\s+(?:%\s+)?([A-Za-z_][\w.-]*)")


def parse_feed(url: str, content: bytes, content_type: str = "") -> ParsedFeed:
    """Read a feed document. Raises FeedError when nothing can be read from it."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and not any(kind in media_type for kind in _FEED_TYPES):
        raise FeedError(url, f"wrong content type {media_type!r}, expected an RSS, Atom or JSON feed")
    if not content.strip():
        raise FeedError(url, "empty response")
    if "json" in media_type or content.lstrip()[:1] == b"{":
        return _parse_json_feed(url, content)
    content = _without_internal_subset(content)
    # Content-Location gives feedparser the base for relative links, as the HTTP response would have.
    headers = {"content-type": content_type or "application/xml", "content-location": url}
    parsed = feedparser.parse(content, response_headers=headers)
    entries, rejected = _checked(url, [_entry(raw) for raw in parsed.entries])
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
    return ParsedFeed(title=title or None, entries=entries, problem=problem, rejected=rejected)


def _without_internal_subset(content: bytes) -> bytes:
    match = _INTERNAL_SUBSET.search(content, 0, 65536)
    if match is None:
        return content
    names = set(_DECLARED_ENTITY.findall(match.group(1)))
    rest = content[match.end() :]
    for name in names:
        rest = rest.replace(b"&" + name + b";", b"")
    return content[: match.start()] + rest


def _checked(url: str, entries: list[FeedEntry]) -> tuple[tuple[FeedEntry, ...], tuple[str, ...]]:
    """The entries whose link is a fetchable URL (or absent), and a reason for each one left out."""
    kept: list[FeedEntry] = []
    rejected: list[str] = []
    for number, entry in enumerate(entries, 1):
        if entry.link is not None:
            try:
                checked_url(entry.link, "link")
            except InputError as error:
                rejected.append(f"entry {number} ({entry.title[:80] or 'untitled'}): {error}")
                continue
        kept.append(entry)
    return tuple(kept), tuple(rejected)


def _entry(raw: Any) -> FeedEntry:
    contents = raw.get("content") or []
    full = next((c.get("value", "") for c in contents if c.get("value", "").strip()), "")
    summary = raw.get("summary", "") or ""
    body = full or summary
    return FeedEntry(
        title=" ".join((raw.get("title") or "").split()),
        link=raw.get("link") or None,
        # dict.get: feedparser's own get() answers a missing "updated_parsed" with "published_parsed" and a
        # DeprecationWarning (its issue 310); the entry's own update date is what is asked for here
        published=_entry_date(raw.get("published_parsed") or dict.get(raw, "updated_parsed")),
        author=raw.get("author") or None,
        text=html_to_text(body),
        has_full_content=bool(full),
    )


def _entry_date(parsed: Any) -> dt.date | None:
    """The date of feedparser's time tuple; None when there is none or it is no calendar date (feedparser
    moves 9999-12-31T23:59-23:59 into the year 10000)."""
    try:
        return dt.date(*parsed[:3]) if parsed else None
    except (TypeError, ValueError):
        return None


def _parse_json_feed(url: str, content: bytes) -> ParsedFeed:
    try:
        data = json.loads(content, parse_int=_bounded_int)
    except (ValueError, RecursionError) as error:
        # ValueError: malformed JSON or bad UTF-8; RecursionError: nesting deeper than the interpreter's stack
        # (a 100,000-deep array is only 200 KB).
        raise FeedError(url, f"malformed JSON feed ({type(error).__name__}: {str(error)[:200]})") from error
    if not isinstance(data, dict) or not _text(data.get("version")).startswith("https://jsonfeed.org/"):
        raise FeedError(url, "JSON that is not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedError(url, 'JSON Feed without an "items" list')
    entries: list[FeedEntry] = []
    rejected: list[str] = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            rejected.append(f"entry {number}: a {type(item).__name__}, not an object")
            continue
        link = item.get("url") or item.get("external_url")
        if link is not None and not isinstance(link, str):
            rejected.append(f"entry {number}: its url is a {type(link).__name__}, not text")
            continue
        try:
            link = urljoin(url, link) if link else None
        except ValueError as error:  # an address urljoin cannot even split, such as "http://[::1"
            rejected.append(f"entry {number}: {str(link)[:200]}: invalid URL ({error})")
            continue
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        authors = authors if isinstance(authors, list) else []
        author = next(
            (_text(a.get("name")) for a in authors if isinstance(a, dict) and _text(a.get("name"))), None
        )
        full = _text(item.get("content_text")) or html_to_text(_text(item.get("content_html")))
        summary = _text(item.get("summary"))
        entries.append(
            FeedEntry(
                title=" ".join(_text(item.get("title")).split()),
                link=link,
                published=parse_date(_text(item.get("date_published")) or _text(item.get("date_modified"))),
                author=author,
                text=(full or summary).strip(),
                has_full_content=bool(full),
            )
        )
    kept, bad_links = _checked(url, entries)
    title = _text(data.get("title"))
    return ParsedFeed(title=title or None, entries=kept, rejected=(*rejected, *bad_links))


def _bounded_int(digits: str) -> int | None:
    """An integer of a JSON Feed; one of over 100 digits is no count, id or date of any feed, and reading it
    costs quadratic time (Python refuses over 4,300 digits), so it is read as absent and its entry is kept."""
    return int(digits) if len(digits) <= 100 else None


def _text(value: object) -> str:
    """A JSON Feed field that must be text: a number, list or object there is treated as absent."""
    return value if isinstance(value, str) else ""


def html_to_text(markup: str) -> str:
    """Feed HTML to plain paragraphs; text without tags is already plain (its blank lines are paragraphs)."""
    if not _TAG.search(markup):
        return markup.strip()
    parser = _TextCollector()
    try:
        parser.feed(_without_unclosed_tags(markup))
        parser.close()
        blocks = parser.blocks()
    except AssertionError:
        # The standard library's parser asserts on some marked sections ("<![<![", "<![Friday"): no markup
        # a reader needs, so the text is read without tags instead.
        blocks = _ANY_TAG.sub("\n\n", markup).split("\n\n")
    return "\n\n".join(p for p in (" ".join(block.split()) for block in blocks) if p)


def _without_unclosed_tags(markup: str) -> str:
    """The markup with every "<" that no ">" closes within MAX_TAG_CHARS written as text ("&lt;").

    HTMLParser rescans an unfinished tag from its start each time, so text full of "<a " with no ">" costs
    time with the square of its length (300 KB: over 5 minutes). Such a "<" is no tag to the parser either:
    it ends up as text, so the output is the same.
    """
    closes = [match.start() for match in _CLOSE.finditer(markup)]
    pieces: list[str] = []
    start = 0
    for match in _OPEN.finditer(markup):
        at = match.start()
        following = bisect.bisect_right(closes, at)
        if following == len(closes) or closes[following] - at > MAX_TAG_CHARS:
            pieces += [markup[start:at], "&lt;"]
            start = at + 1
    return "".join(pieces) + markup[start:] if pieces else markup


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
