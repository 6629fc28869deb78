"""The JSON API under /api/: stories, a story with its digest (the CLI's digest JSON schema), its versions,
articles and search. FastAPI documents it at /docs (OpenAPI at /openapi.json)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import RedirectResponse, Response

from quickread.group.threads import NEIGHBOURS
from quickread.render.json_in import DigestFormatError
from quickread.render.json_out import SCHEMA_VERSION, article_to_json
from quickread.serve.documents import story_summary_json, version_json
from quickread.serve.search_gate import query_text
from quickread.serve.site import Site, path_segment
from quickread.serve.stored_digests import full_digest_json
from quickread.store.repository import StoryThread, ThreadEntry
from quickread.store.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS, SearchQuery

MAX_PAGE_SIZE = 100
MOVED_PERMANENTLY = 301  # a merged story's URLs, for good: clients may update the links they keep
# Digest versions are stored as a 32-bit integer (PostgreSQL's INTEGER): a larger number cannot name a
# version, and handing it to the database would fail there (500) instead of here (422).
MAX_VERSION = 2**31 - 1


def api_routes(site: Site) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["read"])
    repository = site.repository

    @router.get("/stories", response_model=dict[str, Any])
    def list_stories(
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Response:
        """Stories, most significant first (independent sources, recency, size); ``since``/``until`` keep
        stories with an article published in that range."""
        # Ranking reads every story's aggregates (48 req/s at 268 stories): like the front page, the
        # document is reused until the listing changes.
        cache_key = (repository.listing_revision(), page, limit, since, until)
        body = site.story_listings.get(cache_key)
        if body is None:
            listing = repository.ranked_stories(
                offset=(page - 1) * limit, limit=limit, since=since, until=until
            )
            document = {
                "total": listing.total,
                "page": page,
                "limit": limit,
                "stories": [story_summary_json(s) for s in listing.stories],
            }
            body = json.dumps(document, ensure_ascii=False)
            site.story_listings.put(cache_key, body)
        return Response(body, media_type="application/json")

    @router.get("/stories/{key}", response_model=dict[str, Any])
    def get_story(key: str, version: Annotated[int | None, Query(ge=1, le=MAX_VERSION)] = None) -> Response:
        """A story with its digest (latest version unless ``version`` is given), in the digest JSON schema
        of ``quickread digest --format json``. A story merged into another answers 301 to that story."""
        successor = repository.story_successor(key)
        if successor is not None:
            return RedirectResponse(f"/api/stories/{path_segment(successor)}", status_code=MOVED_PERMANENTLY)
        # The thread changes without a new digest version (a later story is linked): part of the key.
        thread = repository.story_thread(key, NEIGHBOURS)
        cache_key = ("api", repository.listing_revision(), key, version, thread)
        body = site.story_pages.get(cache_key)
        if body is None:
            body = json.dumps(
                story_document(key, version) | {"thread": thread_json(thread)}, ensure_ascii=False
            )
            site.story_pages.put(cache_key, body)
        return Response(body, media_type="application/json")

    def story_document(key: str, version: int | None) -> dict[str, Any]:
        summaries = repository.ranked_stories(keys=[key]).stories
        if not summaries:
            raise HTTPException(404, f"no story {key}")
        shown = repository.digest_version(key, version)
        if shown is None and version is not None:
            raise HTTPException(404, f"story {key} has no version {version}")
        document: dict[str, Any] = {
            "story": story_summary_json(summaries[0]),
            "schema_version": SCHEMA_VERSION,
        }
        if shown is None:
            return document | {"version": None, "what_changed": None, "digest": None}
        try:
            digest = full_digest_json(shown.digest, repository.story_articles(key))
        except DigestFormatError as error:
            raise HTTPException(500, str(error)) from error
        return document | {
            "version": shown.version,
            "created_at": shown.created_at.isoformat(),
            "what_changed": shown.what_changed,
            "digest": digest,
        }

    @router.get("/stories/{key}/versions", response_model=list[dict[str, Any]])
    def get_versions(key: str) -> Any:
        """Every digest version of a story, newest first, each with its "what changed" line. A story merged
        into another answers 301 to that story's versions."""
        successor = repository.story_successor(key)
        if successor is not None:
            target = f"/api/stories/{path_segment(successor)}/versions"
            return RedirectResponse(target, status_code=MOVED_PERMANENTLY)
        if repository.story(key) is None:
            raise HTTPException(404, f"no story {key}")
        return [version_json(v) for v in repository.story_versions(key)]

    @router.get("/articles/{key:path}")
    def get_article(key: str) -> dict[str, Any]:
        """An article as extracted (text with sentence offsets) and the story it belongs to."""
        found = repository.article(key)
        if found is None:
            raise HTTPException(404, f"no article {key}")
        return article_to_json(found.article) | {
            "story": found.story_key,
            "story_headline": found.story_headline,
            "fetched_at": found.fetched_at.isoformat(),
        }

    @router.get(
        "/search",
        responses={
            422: {
                "description": f"The query is longer than {MAX_QUERY_CHARS} characters or has more than "
                f"{MAX_QUERY_TERMS} distinct words"
            },
            503: {"description": "Too many searches at once (see Retry-After), or it hit the timeout"},
        },
    )
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
    ) -> dict[str, Any]:
        """Full-text search over story headlines and article text (every word must match; repeated words
        count once; at most 16 distinct words; 422 beyond that, 503 when the site is busy)."""

        def run(parsed: SearchQuery) -> dict[str, Any]:
            stories = repository.search_stories(query_text(parsed), limit)
            articles = repository.search_articles(query_text(parsed), limit)
            return {
                "query": q,
                "stories": [
                    {"id": s.key, "headline": s.headline, "articles": s.article_count} for s in stories
                ],
                "articles": [
                    {"id": a.key, "title": a.title, "source": a.source, "url": a.url, "story": a.story_key}
                    for a in articles
                ],
            }

        return await site.searches.run(q, run)

    return router


def thread_json(thread: StoryThread) -> dict[str, list[dict[str, Any]]]:
    """A story's thread: the stories of the same developing matter before and after it, oldest first."""

    def entry(found: ThreadEntry) -> dict[str, Any]:
        return found.to_json() | {"url": f"/stories/{path_segment(found.key)}"}

    return {"earlier": [entry(e) for e in thread.earlier], "later": [entry(e) for e in thread.later]}
