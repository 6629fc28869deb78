"""Atom and JSON Feed 1.1 outputs of the stories (``?q=`` for a search), so a feed reader can follow the site.

Each entry carries the whole Quick Read as HTML (``render.feed_html``), the story's own times (published: its
earliest article date or first digest version, whichever is earlier; updated: its latest digest version), its
outlets as authors and categories, and the story page's absolute URL as its id, which never changes between
versions, so a reader sees a new version as an update of the same entry.

Built with ElementTree and json, which escape everything. A search feed lists the stories the search page
finds (stories whose headline matches, then the stories of the matching articles), behind the same gate.
A whole feed body is kept per (listing revision, format, site address, query), and each entry's HTML per
(story, version, site address): a feed reader polling an unchanged site costs one revision query.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from quickread.render.feed_html import render_feed_entry
from quickread.render.json_in import DigestFormatError
from quickread.serve.documents import story_summary_json
from quickread.serve.page_cache import PageCache
from quickread.serve.search_gate import query_text
from quickread.serve.site import Site
from quickread.serve.stored_digests import stored_digest
from quickread.store.repository import StorySummary
from quickread.store.search import MAX_QUERY_CHARS, SearchQuery

ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"
# Article hits read for a search feed: several articles often share a story, so four per feed entry leaves
# enough distinct stories to fill the feed; FTS answers 200 hits in milliseconds on the demo corpus.
ARTICLE_HITS_PER_ENTRY = 4
# Characters XML 1.0 forbids even escaped (C0 controls but tab and newlines, lone surrogates, U+FFFE/FFFF):
# one in a headline made the whole Atom feed unreadable, so each is shown as U+FFFD instead.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the feed's updated time when it has no entries


@dataclass(frozen=True, slots=True)
class FeedEntry:
    story: StorySummary
    url: str  # the story page's absolute URL: the entry's link and its stable id
    published: dt.datetime
    updated: dt.datetime
    content_html: str | None  # the Quick Read; None while the story has no (readable) digest


@dataclass(frozen=True, slots=True)
class FeedHead:
    title: str
    site_title: str
    feed_url: str  # this feed's own address, its ?q= included
    home_url: str  # the page a person reads the same list on (the front page, or the search page)


@dataclass(frozen=True, slots=True)
class FeedFormat:
    path: str  # the route's path under the site root
    media_type: str
    write: Callable[[FeedHead, list[FeedEntry]], str]


def feed_routes(site: Site) -> APIRouter:
    router = APIRouter(prefix="/feeds", tags=["feeds"])
    repository = site.repository
    size = site.settings.feed_size
    # The body and its Last-Modified, under the same keys: both are put and read together.
    bodies = PageCache(site.settings.front_cache_size)
    modified_times = PageCache(site.settings.front_cache_size)
    fragments = PageCache(site.settings.story_cache_size)

    def ranked() -> list[StorySummary]:
        return list(repository.ranked_stories(limit=size).stories)

    def matching(parsed: SearchQuery) -> list[StorySummary]:
        words = query_text(parsed)
        keys = [h.key for h in repository.search_stories(words, size)]
        keys += [
            h.story_key
            for h in repository.search_articles(words, size * ARTICLE_HITS_PER_ENTRY)
            if h.story_key
        ]
        keys = list(dict.fromkeys(keys))[:size]
        found = {s.key: s for s in repository.ranked_stories(keys=keys, limit=len(keys)).stories}
        return [found[key] for key in keys if key in found]

    def entry(story: StorySummary, base: str) -> FeedEntry:
        url = f"{base}/stories/{quote(story.key, safe='')}"
        started = _day_start(story.first_date)
        shown = repository.digest_version(story.key)
        if shown is None:
            published = min(started or story.updated_at, story.updated_at)
            return FeedEntry(story, url, published, story.updated_at, None)
        first_version = repository.story_versions(story.key)[-1].created_at
        html = fragments.get((story.key, shown.version, base))
        if html is None:
            try:
                digest = stored_digest(shown.digest, repository.story_articles(story.key))
            except DigestFormatError:
                html = ""  # one unreadable digest costs its entry the content, never the whole feed
            else:
                html = render_feed_entry(digest, base)
            fragments.put((story.key, shown.version, base), html)
        published = min(started or first_version, first_version)
        return FeedEntry(story, url, published, max(shown.created_at, published), html or None)

    def build(stories: list[StorySummary], base: str) -> list[FeedEntry]:
        return [entry(story, base) for story in stories]

    async def answer(request: Request, query: str, feed: FeedFormat) -> Response:
        base = str(request.base_url).rstrip("/")
        key = (await run_in_threadpool(repository.listing_revision), feed.path, base, query)
        body, modified = bodies.get(key), modified_times.get(key)
        if body is None or modified is None:
            # A search feed is a search: the same caps, and the same gate, as /search.
            stories = await (
                site.searches.run(query, matching) if query.strip() else run_in_threadpool(ranked)
            )
            entries = await run_in_threadpool(build, stories, base)
            head = _head(site.settings.site_title, base, feed.path, query)
            body = feed.write(head, entries)
            modified = format_datetime(_latest(entries), usegmt=True)
            bodies.put(key, body)
            modified_times.put(key, modified)
        return Response(body, media_type=feed.media_type, headers={"Last-Modified": modified})

    @router.get("/atom.xml", response_class=Response)
    async def atom(request: Request, q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "") -> Response:
        """The stories as an Atom feed, each entry the story's whole Quick Read."""
        return await answer(request, q, ATOM_FORMAT)

    @router.get("/feed.json", response_class=Response)
    async def json_feed(
        request: Request, q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = ""
    ) -> Response:
        """The stories as a JSON Feed (version 1.1), each item the story's whole Quick Read."""
        return await answer(request, q, JSON_FEED_FORMAT)

    return router


def atom_feed(head: FeedHead, entries: list[FeedEntry]) -> str:
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", head.title)
    _text(feed, "id", head.home_url)
    _text(feed, "updated", _latest(entries).isoformat())
    _link(feed, "alternate", head.home_url, "text/html")
    _link(feed, "self", head.feed_url, ATOM_TYPE.split(";")[0])
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", head.site_title)
    for item in entries:
        story = item.story
        element = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "title", story.headline)
        _text(element, "id", item.url)
        _link(element, "alternate", item.url, "text/html")
        _text(element, "published", item.published.isoformat())
        _text(element, "updated", item.updated.isoformat())
        for outlet in story.outlets:
            _text(ElementTree.SubElement(element, f"{{{ATOM}}}author"), "name", outlet)
            ElementTree.SubElement(element, f"{{{ATOM}}}category", term=_XML_UNSAFE.sub("\ufffd", outlet))
        _text(element, "summary", story.lede or story.headline)
        if item.content_html:
            _text(element, "content", item.content_html).set("type", "html")
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True)


def json_feed_document(head: FeedHead, entries: list[FeedEntry]) -> str:
    document = {
        "version": JSON_FEED_VERSION,
        "title": head.title,
        "home_page_url": head.home_url,
        "feed_url": head.feed_url,
        "authors": [{"name": head.site_title}],
        "items": [_json_item(item) for item in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def _json_item(item: FeedEntry) -> dict[str, Any]:
    story = item.story
    content: dict[str, str] = (
        {"content_html": item.content_html}
        if item.content_html
        else {"content_text": story.lede or story.headline}
    )
    return {
        "id": item.url,
        "url": item.url,
        "title": story.headline,
        **content,
        "summary": story.lede or story.headline,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": outlet} for outlet in story.outlets],
        "tags": list(story.outlets),
        "_quickread": story_summary_json(story),
    }


ATOM_FORMAT = FeedFormat("/feeds/atom.xml", ATOM_TYPE, atom_feed)
JSON_FEED_FORMAT = FeedFormat("/feeds/feed.json", JSON_FEED_TYPE, json_feed_document)


def _head(site_title: str, base: str, path: str, query: str) -> FeedHead:
    if not query:
        return FeedHead(f"{site_title}: stories", site_title, f"{base}{path}", f"{base}/")
    search = f"?q={quote(query, safe='')}"
    return FeedHead(
        f"{site_title}: stories matching “{query}”",
        site_title,
        f"{base}{path}{search}",
        f"{base}/search{search}",
    )


def _text(parent: ElementTree.Element, tag: str, value: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _XML_UNSAFE.sub("\ufffd", value)
    return element


def _link(parent: ElementTree.Element, rel: str, href: str, media_type: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}link", rel=rel, href=href, type=media_type)


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None


def _latest(entries: list[FeedEntry]) -> dt.datetime:
    return max((e.updated for e in entries), default=_EPOCH)
