"""The HTML pages: front page, story, article, search and source pages. Server-rendered and readable
without JavaScript; every value from an article goes through Jinja's autoescaping."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from quickread.serve.api import MAX_VERSION, MOVED_PERMANENTLY
from quickread.serve.article_page import article_page
from quickread.serve.date_range import date_range
from quickread.serve.pager import MAX_PAGE, offset_of, pager
from quickread.serve.search_gate import SearchRefused, query_text
from quickread.serve.site import Site, path_segment
from quickread.serve.story_page import story_page
from quickread.store.search import SearchQuery

SEARCH_LIMIT = 30  # stories, and articles, per search results page
MARKER_ID = re.compile(r"cite-[0-9]{1,6}")  # the ids render.html gives citation markers
SOURCE_PAGE_LIMIT = 200  # articles per source page
SOURCES_PAGE_LIMIT = 200  # outlets per page of /sources
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]


def page_routes(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    repository = site.repository

    @router.get("/")
    def front_page(page: PageNumber = 1, since: str = "", until: str = "") -> HTMLResponse:
        dates = date_range(since, until)
        # Ranking reads every story's aggregates: the rendered page is reused until the listing changes.
        cache_key = (repository.listing_revision(), page, dates)
        html = site.front_pages.get(cache_key)
        if html is None:
            size = site.settings.page_size
            listing = repository.ranked_stories(
                offset=offset_of(page, size), limit=size, since=dates.since, until=dates.until
            )
            filters = {
                "since": dates.since.isoformat() if dates.since else "",
                "until": dates.until.isoformat() if dates.until else "",
            }
            links = pager("/", filters, page, listing.total, size)
            html = site.render("front.html.j2", listing=listing, dates=dates, pager=links)
            site.front_pages.put(cache_key, html)
        return HTMLResponse(html)

    @router.get("/stories/{key}")
    def story(key: str, version: Annotated[int | None, Query(ge=1, le=MAX_VERSION)] = None) -> Response:
        successor = repository.story_successor(key)
        if successor is not None:
            # The story index merged this story into another: its articles, and its readers, are there now
            # (its own digest versions stay stored, as history, but are no longer the news).
            return RedirectResponse(f"/stories/{path_segment(successor)}", status_code=MOVED_PERMANENTLY)
        found = story_page(site, key, version)
        return HTMLResponse(found.html, status_code=found.status)

    @router.get("/articles/{key:path}")
    def article(key: str, from_marker: Annotated[str, Query(alias="from")] = "") -> HTMLResponse:
        found = repository.article(key)
        if found is None:
            html = site.render("message.html.j2", title="No such article", message=f"No article {key}.")
            return HTMLResponse(html, status_code=404)
        # Reached from a citation marker: the way back returns to that marker (any other value: the top).
        back_to = from_marker if MARKER_ID.fullmatch(from_marker) else None
        return HTMLResponse(article_page(site, found, back_to))

    @router.get("/search")
    async def search(q: str = "", page: PageNumber = 1) -> HTMLResponse:
        query = q.strip()
        if not query:
            return HTMLResponse(site.render("search.html.j2", query="", problem=None))

        def run(parsed: SearchQuery) -> str:
            offset = offset_of(page, SEARCH_LIMIT)
            story_hits = repository.search_story_page(query_text(parsed), offset, SEARCH_LIMIT)
            # Hits keep the search engine's order (relevance and recency); the listing adds outlets and ledes.
            keys = [h.key for h in story_hits.items]
            summaries = {s.key: s for s in repository.ranked_stories(keys=keys, limit=len(keys)).stories}
            stories = [(summaries[h.key], h.snippet) for h in story_hits.items if h.key in summaries]
            article_hits = repository.search_article_page(query_text(parsed), offset, SEARCH_LIMIT)
            # One page number pages both lists: the longer one sets the number of pages.
            total = max(story_hits.total, article_hits.total)
            return site.render(
                "search.html.j2",
                query=query,
                problem=None,
                stories=stories,
                story_total=story_hits.total,
                articles=article_hits,
                pager=pager("/search", {"q": query}, page, total, SEARCH_LIMIT),
            )

        try:
            return HTMLResponse(await site.searches.run(query, run))
        except SearchRefused as refused:
            # The search page again, with the reason where the results would be and the query in the box
            # to shorten (a refused query is never cut and searched silently).
            html = site.render("search.html.j2", query=query, problem=refused.detail)
            return HTMLResponse(html, status_code=refused.status_code, headers=refused.headers)

    @router.get("/sources")
    def sources(page: PageNumber = 1) -> HTMLResponse:
        listing = repository.source_page(offset_of(page, SOURCES_PAGE_LIMIT), SOURCES_PAGE_LIMIT)
        links = pager("/sources", {}, page, listing.total, SOURCES_PAGE_LIMIT)
        return HTMLResponse(site.render("sources.html.j2", sources=listing, pager=links))

    @router.get("/sources/{name:path}")
    def source(name: str, page: PageNumber = 1) -> HTMLResponse:
        found = repository.source_article_page(name, offset_of(page, SOURCE_PAGE_LIMIT), SOURCE_PAGE_LIMIT)
        if not found.articles.total:
            html = site.render("message.html.j2", title="No such source", message=f"No articles from {name}.")
            return HTMLResponse(html, status_code=404)
        # A page past the end answers 200 with "No more articles" (see pager.Pager.past_end): the source
        # exists, and a listing that moved since its link was made is not a missing page.
        links = pager(f"/sources/{path_segment(name)}", {}, page, found.articles.total, SOURCE_PAGE_LIMIT)
        html = site.render("source.html.j2", name=name, found=found, pager=links)
        return HTMLResponse(html)

    @router.get("/healthz", response_class=PlainTextResponse)
    def health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    return router
