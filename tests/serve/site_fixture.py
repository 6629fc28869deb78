"""A real site for the web tests: a SQLite file filled from real Wikinews texts (the fixtures and part of the
demo corpus), digested by the real pipeline, plus one hostile article whose text carries markup."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from conftest import DEMO_CORPUS, WIKINEWS
from quickread.analyze.models import load_models
from quickread.ingest.files import read_articles
from quickread.ingest.records import article_from_record
from quickread.newsroom.assigners import IndexAssigner
from quickread.newsroom.stories import update_stories
from quickread.pipeline import quick_read
from quickread.serve.app import create_app
from quickread.serve.settings import ServeSettings
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle, StoryAssignment
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

TWO_SOURCE_STORY = "s-soleimani-two-sources"
HOSTILE_ID = "hostile-council-report"
HOSTILE_TITLE = "Council meeting report <script>window.__pwned = 1</script>"
HOSTILE_BODY = (
    "The town council met on Monday to discuss the budget for the new library. "
    'One resident pasted <script>window.__pwned = 2; document.title = "pwned";</script> into the minutes. '
    'Another wrote <img src="x" onerror="window.__pwned = 3"> in the public comments. '
    "The council approved the budget by seven votes to two after a long debate."
)
DEMO_ARTICLES = 24  # enough stories for two front pages


@dataclass(frozen=True)
class SiteData:
    path: Path
    two_source_story: str
    hostile_story: str
    hostile_article: str = HOSTILE_ID

    def app(self, settings: ServeSettings | None = None) -> FastAPI:
        return create_app(SqlRepository(open_database(f"sqlite:///{self.path}")), settings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def site_data(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    path = tmp_path_factory.mktemp("site") / "quickread.db"
    repository = SqlRepository(open_database(f"sqlite:///{path}"))
    # The .txt fixtures carry no date; these are the dates Wikinews published them.
    killed = replace(read_articles(WIKINEWS / "soleimani-killed.txt")[0], date=dt.date(2020, 1, 5))
    vote = replace(
        read_articles(WIKINEWS / "iraq-parliament-vote.txt", source="Wikinews Iraq desk")[0],
        date=dt.date(2020, 1, 6),
    )
    repository.add_articles([IncomingArticle(killed), IncomingArticle(vote)])
    # Two outlets on one event, placed by hand so the page tests know the story's key.
    repository.save_assignment(
        StoryAssignment(
            story_of={killed.id: TWO_SOURCE_STORY, vote.id: TWO_SOURCE_STORY},
            headlines={TWO_SOURCE_STORY: killed.title},
            index_name="tests",
            index_state="{}",
        )
    )
    with DEMO_CORPUS.open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(DEMO_ARTICLES), lines, strict=False)]
    demo = [article_from_record(r, "demo", f"demo-{n}", None) for n, r in enumerate(records)]
    hostile = build_article(
        id=HOSTILE_ID,
        raw_text=HOSTILE_BODY,
        title=HOSTILE_TITLE,
        source="Town Crier <b>Gazette</b>",
        url="https://crier.example/council",
        date=dt.date(2019, 3, 1),
    )
    repository.add_articles([IncomingArticle(a) for a in [*demo, hostile]])
    update_stories(repository, IndexAssigner(), digester=partial(quick_read, models=load_models()))
    stored = repository.article(HOSTILE_ID)
    assert stored is not None and stored.story_key is not None
    repository.engine.dispose()
    return SiteData(path, TWO_SOURCE_STORY, stored.story_key)


@pytest.fixture
def client(site_data: SiteData) -> Iterator[TestClient]:
    with TestClient(site_data.app()) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_site(site_data: SiteData) -> Iterator[str]:
    """The app under uvicorn on a free loopback port, in a thread, for the browser tests."""
    with live_server(site_data.app(), log_level="warning") as url:
        yield url


@contextmanager
def live_server(app: FastAPI, log_level: str = "critical") -> Iterator[str]:
    """The app under uvicorn (httptools, as `quickread serve` runs it) on a free loopback port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
