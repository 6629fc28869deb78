"""Data-changing API actions: follow a feed, stop following one, start a fetch pass. Off unless the server
has an action token, and then each request must carry it (see ``security.action_guard``)."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body, Depends, HTTPException

from quickread.analyze.models import load_models
from quickread.ingest.errors import InputError
from quickread.ingest.fetch import Fetcher, FetchPolicy
from quickread.ingest.urls import checked_url
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.feed_pass import fetch_all_feeds
from quickread.newsroom.stories import update_stories
from quickread.pipeline import story_digester
from quickread.serve.security import action_guard
from quickread.serve.site import Site


class FetchRunner:
    """Runs one fetch pass at a time in the background; a second request while one runs is refused."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._running = threading.Lock()

    def try_start(self) -> bool:
        return self._running.acquire(blocking=False)

    def run(self) -> None:
        try:
            with Fetcher(FetchPolicy()) as fetcher:
                fetch_all_feeds(self.site.repository, fetcher)
            repository = self.site.repository
            digester = story_digester(load_models())
            update_stories(repository, load_assigner(repository), digester=digester)
        finally:
            self._running.release()


def action_routes(site: Site) -> APIRouter:
    router = APIRouter(
        prefix="/api", tags=["actions"], dependencies=[Depends(action_guard(site.settings.action_token))]
    )
    runner = FetchRunner(site)

    @router.post("/feeds", status_code=201)
    def add_feed(
        url: Annotated[str, Body(max_length=2000)], title: Annotated[str | None, Body(max_length=500)] = None
    ) -> dict[str, Any]:
        """Follow a feed (RSS, Atom or JSON Feed). Needs the action token."""
        try:
            url = checked_url(url, "feed URL")
        except InputError as error:
            raise HTTPException(422, str(error)) from error
        feed = site.repository.add_feed(url, title)
        return {"id": feed.id, "url": feed.url, "title": feed.title}

    @router.delete("/feeds")
    def remove_feed(url: Annotated[str, Body(max_length=2000, embed=True)]) -> dict[str, Any]:
        """Stop following a feed (its articles stay). Needs the action token."""
        feed = site.repository.remove_feed(url)
        if feed is None:
            raise HTTPException(404, "no feed with this URL is followed")
        return {"id": feed.id, "url": feed.url, "removed": True}

    @router.post("/fetch", status_code=202)
    def start_fetch(background: BackgroundTasks) -> dict[str, Any]:
        """Fetch every feed once and bring stories up to date, in the background. Needs the action token."""
        if not runner.try_start():
            raise HTTPException(409, "a fetch pass is already running")
        background.add_task(runner.run)
        return {"started": True}

    return router
