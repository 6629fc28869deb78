"""Atom and JSON Feed outputs of the stories (``?q=`` for a search), so a feed reader can follow the site.

Built with ElementTree and json, which escape everything; entry ids are the story pages' absolute URLs, so a
reader sees an updated story as the same entry.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ElementTree
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from quickread.serve.documents import story_summary_json
from quickread.serve.search_gate import query_text
from quickread.serve.site import Site
from quickread.store.repository import StorySummary
from quickread.store.search import MAX_QUERY_CHARS, SearchQuery

ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_routes(site: Site) -> APIRouter:
    router = APIRouter(prefix="/feeds", tags=["feeds"])

    def ranked() -> list[StorySummary]:
        return list(site.repository.ranked_stories(limit=site.settings.feed_size).stories)

    def matching(parsed: SearchQuery) -> list[StorySummary]:
        hits = site.repository.search_stories(query_text(parsed), site.settings.feed_size)
        found = {s.key: s for s in site.repository.ranked_stories(keys=[h.key for h in hits]).stories}
        return [found[h.key] for h in hits if h.key in found]

    async def chosen(query: str) -> list[StorySummary]:
        # A search feed is a search: the same caps, and the same gate, as /search.
        if not query.strip():
            return await run_in_threadpool(ranked)
        return await site.searches.run(query, matching)

    @router.get("/atom.xml", response_class=Response)
    async def atom(request: Request, q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "") -> Response:
        """The stories as an Atom feed."""
        body = atom_feed(await chosen(q), _base(request), site.settings.site_title, q)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @router.get("/feed.json", response_class=Response)
    async def json_feed(
        request: Request, q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = ""
    ) -> Response:
        """The stories as a JSON Feed (version 1.1)."""
        body = json_feed_document(await chosen(q), _base(request), site.settings.site_title, q)
        return Response(body, media_type="application/feed+json; charset=utf-8")

    return router


def atom_feed(stories: list[StorySummary], base: str, title: str, query: str) -> bytes:
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", _feed_title(title, query))
    _text(feed, "id", f"{base}/" + (f"search?q={quote(query)}" if query else ""))
    _text(feed, "updated", _latest(stories).isoformat())
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/")
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}/feeds/atom.xml")
    author = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", title)
    for story in stories:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", story.headline)
        _text(entry, "id", f"{base}/stories/{story.key}")
        ElementTree.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base}/stories/{story.key}")
        _text(entry, "updated", story.updated_at.isoformat())
        _text(entry, "summary", story.lede or story.headline)
        for outlet in story.outlets:
            ElementTree.SubElement(entry, f"{{{ATOM}}}category", term=outlet)
    body: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


def json_feed_document(stories: list[StorySummary], base: str, title: str, query: str) -> bytes:
    document = {
        "version": JSON_FEED_VERSION,
        "title": _feed_title(title, query),
        "home_page_url": f"{base}/",
        "feed_url": f"{base}/feeds/feed.json",
        "items": [
            {
                "id": f"{base}/stories/{story.key}",
                "url": f"{base}/stories/{story.key}",
                "title": story.headline,
                "content_text": story.lede or story.headline,
                "date_modified": story.updated_at.isoformat(),
                "tags": list(story.outlets),
                "_quickread": story_summary_json(story),
            }
            for story in stories
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _text(parent: ElementTree.Element, tag: str, value: str) -> None:
    ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}").text = value


def _feed_title(title: str, query: str) -> str:
    return f"{title}: stories matching “{query}”" if query else f"{title}: stories"


def _latest(stories: list[StorySummary]) -> dt.datetime:
    return max((s.updated_at for s in stories), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")
