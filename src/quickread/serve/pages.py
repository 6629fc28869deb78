"""The HTML pages: front page, story, article, search and source pages. Server-rendered and readable
without JavaScript; every value from an article goes through Jinja's autoescaping."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse

from quickread.render.html import safe_link, sentence_anchor
from quickread.serve.api import MAX_VERSION
from quickread.serve.date_range import date_range
from quickread.serve.search_gate import SearchRefused, query_text
from quickread.serve.site import Site
from quickread.serve.story_page import story_page
from quickread.store.search import SearchQuery

SEARCH_LIMIT = 30
SOURCE_PAGE_LIMIT = 200


def page_routes(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    repository = site.repository

    @router.get("/")
    def front_page(
        page: Annotated[int, Query(ge=1, le=100_000)] = 1, since: str = "", until: str = ""
    ) -> HTMLResponse:
        dates = date_range(since, until)
        # Ranking reads every story's aggregates: the rendered page is reused until the listing changes.
        cache_key = (repository.listing_revision(), page, dates)
        html = site.front_pages.get(cache_key)
        if html is None:
            size = site.settings.page_size
            listing = repository.ranked_stories(
                offset=(page - 1) * size, limit=size, since=dates.since, until=dates.until
            )
            pages = max(1, -(-listing.total // size))
            html = site.render("front.html.j2", listing=listing, dates=dates, page=page, pages=pages)
            site.front_pages.put(cache_key, html)
        return HTMLResponse(html)

    @router.get("/stories/{key}")
    def story(key: str, version: Annotated[int | None, Query(ge=1, le=MAX_VERSION)] = None) -> HTMLResponse:
        found = story_page(site, key, version)
        return HTMLResponse(found.html, status_code=found.status)

    @router.get("/articles/{key:path}")
    def article(key: str) -> HTMLResponse:
        found = repository.article(key)
        if found is None:
            html = site.render("message.html.j2", title="No such article", message=f"No article {key}.")
            return HTMLResponse(html, status_code=404)
        paragraphs: dict[int, list[tuple[str, str]]] = {}
        for sentence in found.article.sentences:
            anchor = sentence_anchor(found.article.id, sentence.index)
            paragraphs.setdefault(sentence.paragraph, []).append((anchor, sentence.text))
        html = site.render(
            "article.html.j2",
            stored=found,
            link=safe_link(found.article.url),
            paragraphs=list(paragraphs.values()),
        )
        return HTMLResponse(html)

    @router.get("/search")
    async def search(q: str = "") -> HTMLResponse:
        query = q.strip()
        if not query:
            return HTMLResponse(site.render("search.html.j2", query="", problem=None))

        def run(parsed: SearchQuery) -> str:
            story_hits = repository.search_stories(query_text(parsed), SEARCH_LIMIT)
            # Hits keep the search engine's relevance order; the listing adds outlets and ledes.
            keys = [h.key for h in story_hits]
            summaries = {s.key: s for s in repository.ranked_stories(keys=keys).stories}
            stories = [summaries[h.key] for h in story_hits if h.key in summaries]
            articles = repository.search_articles(query_text(parsed), SEARCH_LIMIT)
            return site.render(
                "search.html.j2", query=query, problem=None, stories=stories, articles=articles
            )

        try:
            return HTMLResponse(await site.searches.run(query, run))
        except SearchRefused as refused:
            # The search page again, with the reason where the results would be and the query in the box
            # to shorten (a refused query is never cut and searched silently).
            html = site.render("search.html.j2", query=query, problem=refused.detail)
            return HTMLResponse(html, status_code=refused.status_code, headers=refused.headers)

    @router.get("/sources")
    def sources() -> HTMLResponse:
        return HTMLResponse(site.render("sources.html.j2", sources=repository.sources()))

    @router.get("/sources/{name:path}")
    def source(name: str) -> HTMLResponse:
        articles = repository.source_articles(name, SOURCE_PAGE_LIMIT)
        if not articles:
            html = site.render("message.html.j2", title="No such source", message=f"No articles from {name}.")
            return HTMLResponse(html, status_code=404)
        stories = {a.story_key for a in articles if a.story_key}
        html = site.render("source.html.j2", name=name, articles=articles, story_count=len(stories))
        return HTMLResponse(html)

    @router.get("/healthz", response_class=PlainTextResponse)
    def health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    return router
