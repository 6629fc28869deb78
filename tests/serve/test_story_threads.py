"""The story page and the story API show a story's thread ("Earlier in this thread" / "Later in this thread",
the API's ``thread``) when it has one, and nothing when it has none; on Lloyd Doggett's releases on the
Deripaska sanctions (Congress demo, January 2019), one story each."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from tests.serve.test_validators import VNU_JAR, nu_errors
from tests.store.stories_fixture import stored

from conftest import REPO
from quickread.digest.build import digest
from quickread.ingest.files import read_articles
from quickread.newsroom.stories import rebuild_digest
from quickread.serve.app import create_app
from quickread.store.database import open_database
from quickread.store.repository import StoryLink
from quickread.store.sql_repository import SqlRepository

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
RELEASES = {
    "s10": "congress-2019-01-10-lloyd-doggett-6c2ee6c2",
    "s15": "congress-2019-01-15-lloyd-doggett-2dc81fcf",
    "s16": "congress-2019-01-16-lloyd-doggett-b20d9207",
}


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlRepository]:
    path: Path = tmp_path_factory.mktemp("threads") / "site.db"
    repository = SqlRepository(open_database(f"sqlite:///{path}"))
    found = {a.id: a for a in read_articles(CONGRESS) if a.id in RELEASES.values()}
    stored(repository, *[(found[article], story) for story, article in RELEASES.items()])
    for story in RELEASES:
        rebuild_digest(repository, story, digest)
    repository.replace_story_links(["s15"], [StoryLink("s15", "s16", 0.69)])
    yield repository
    repository.engine.dispose()


@pytest.fixture(scope="module")
def client(repository: SqlRepository) -> TestClient:
    return TestClient(create_app(repository))


def headline(repository: SqlRepository, key: str) -> str:
    """The story's headline as stored (its digest's) and as the page escapes it."""
    record = repository.story(key)
    assert record is not None
    return str(escape(record.headline))


def test_the_page_lists_the_earlier_and_the_later_story(
    client: TestClient, repository: SqlRepository
) -> None:
    later = client.get("/stories/s15")
    assert later.status_code == 200
    assert '<h2 id="thread-later">Later in this thread</h2>' in later.text
    entry = f'<li><a href="/stories/s16">{headline(repository, "s16")}</a>, <time datetime="2019-01-16">'
    assert entry in later.text
    assert "Earlier in this thread" not in later.text
    earlier = client.get("/stories/s16")
    assert '<h2 id="thread-earlier">Earlier in this thread</h2>' in earlier.text
    assert f'<a href="/stories/s15">{headline(repository, "s15")}</a>' in earlier.text
    assert "Later in this thread" not in earlier.text


def test_a_story_in_no_thread_shows_no_section_and_an_empty_api_thread(client: TestClient) -> None:
    page = client.get("/stories/s10")
    assert page.status_code == 200
    assert "in this thread" not in page.text
    assert client.get("/api/stories/s10").json()["thread"] == {"earlier": [], "later": []}


def test_the_api_gives_the_thread(client: TestClient, repository: SqlRepository) -> None:
    record = repository.story("s15")
    assert record is not None
    document = client.get("/api/stories/s16").json()
    assert document["thread"] == {
        "earlier": [
            {
                "id": "s15",
                "headline": record.headline,
                "date": "2019-01-15",
                "sources": 1,
                "url": "/stories/s15",
            }
        ],
        "later": [],
    }


def test_a_new_link_shows_at_once_on_a_page_already_cached(
    client: TestClient, repository: SqlRepository
) -> None:
    assert "in this thread" not in client.get("/stories/s10").text
    assert client.get("/api/stories/s10").json()["thread"]["later"] == []
    repository.replace_story_links(["s10"], [StoryLink("s10", "s15", 0.40)])
    assert f'<a href="/stories/s15">{headline(repository, "s15")}</a>' in client.get("/stories/s10").text
    assert [e["id"] for e in client.get("/api/stories/s10").json()["thread"]["later"]] == ["s15"]
    repository.replace_story_links(["s10"], [])


@pytest.mark.skipif(
    shutil.which("java") is None or not VNU_JAR.exists(), reason="needs Java and the Nu Html Checker"
)
def test_a_page_with_both_thread_sections_is_valid_html(
    client: TestClient, repository: SqlRepository, tmp_path: Path
) -> None:
    # Both sections at once (the store keeps the order it is given; here only the HTML is under test).
    repository.replace_story_links(["s16"], [StoryLink("s15", "s16", 0.69), StoryLink("s16", "s10", 0.5)])
    try:
        page = client.get("/stories/s16").text
        assert "Earlier in this thread" in page and "Later in this thread" in page
        file = tmp_path / "thread.html"
        file.write_text(page, encoding="utf-8")
        assert nu_errors([file]) == {"thread.html": []}
    finally:
        repository.replace_story_links(["s16"], [StoryLink("s15", "s16", 0.69)])
