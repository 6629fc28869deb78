"""Listings that page to the end (issue 13): the front page, the sources, a source's articles and search
results each link to the next and previous pages and reach their last item; a page past the end answers 200
and says "No more …" (not "No stories yet"); search results show escaped snippets with the match marked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quickread.model import Article
from quickread.serve import pages
from quickread.serve.app import create_app
from quickread.serve.pager import pager
from quickread.serve.settings import ServeSettings
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle, StoryAssignment
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

ARTICLES = 7  # from "Wire", in 7 stories; one more from "Other"
HOSTILE_TEXT = "The council <script>alert(1)</script> voted & agreed on the harvest budget."


def article(key: str, source: str, day: int, text: str) -> Article:
    return build_article(
        id=key,
        raw_text=text,
        title=f"Harvest report {key}",
        source=source,
        url=f"https://{source.lower()}.example/{key}",
        date=dt.date(2020, 3, day),
    )


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    # Small pages, so a handful of rows spans several.
    monkeypatch.setattr(pages, "SOURCE_PAGE_LIMIT", 3)
    monkeypatch.setattr(pages, "SOURCES_PAGE_LIMIT", 1)
    monkeypatch.setattr(pages, "SEARCH_LIMIT", 3)
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'quickread.db'}"))
    stored = [
        article(f"w{n}", "Wire", n + 1, f"The harvest grew by {n} percent this year.") for n in range(6)
    ]
    stored += [article("w6", "Wire", 10, HOSTILE_TEXT), article("o1", "Other", 2, "Rain fell on the coast.")]
    repository.add_articles([IncomingArticle(a) for a in stored])
    repository.save_assignment(
        StoryAssignment(
            story_of={a.id: f"s-{a.id}" for a in stored},
            headlines={f"s-{a.id}": a.title for a in stored},
            index_name="test",
            index_state="{}",
        )
    )
    with TestClient(create_app(repository, ServeSettings(page_size=3))) as test_client:
        yield test_client


def walk(client: TestClient, url: str, item: str) -> list[str]:
    """Every item on every page from ``url`` on, following rel=next links; checks each page links back."""
    found: list[str] = []
    seen_pages = 0
    next_url: str | None = url
    while next_url is not None:
        response = client.get(next_url)
        assert response.status_code == 200
        found.extend(re.findall(item, response.text))
        seen_pages += 1
        if seen_pages > 1:
            assert 'rel="prev"' in response.text
        link = re.search(r'rel="next" href="([^"]+)"', response.text)
        next_url = link.group(1).replace("&amp;", "&") if link else None
        assert seen_pages < 20
    return found


def test_a_source_pages_to_its_last_article(client: TestClient) -> None:
    first = client.get("/sources/Wire")
    assert f"{ARTICLES} articles in {ARTICLES} stories, newest first." in first.text
    keys = walk(client, "/sources/Wire", r'href="/articles/(w\d)"')
    assert keys == ["w6", "w5", "w4", "w3", "w2", "w1", "w0"]  # every article once, newest first
    assert "Page 3 of 3" in client.get("/sources/Wire?page=3").text


def test_a_page_past_the_end_says_so(client: TestClient) -> None:
    source = client.get("/sources/Wire?page=4")
    assert source.status_code == 200
    assert "No more articles." in source.text
    assert 'rel="prev" href="/sources/Wire?page=3">← Last page' in source.text
    front = client.get("/?page=9")
    assert front.status_code == 200
    assert "No more stories." in front.text and "No stories yet" not in front.text
    assert 'href="/?page=3">← Last page' in front.text
    search = client.get("/search", params={"q": "harvest", "page": 9})
    assert search.status_code == 200
    assert "No more results: this search has 3 pages." in search.text
    assert "No more sources." in client.get("/sources?page=3").text
    assert client.get("/sources/Nobody").status_code == 404  # no such source is still not found


def test_the_front_page_and_sources_reach_their_last_item(client: TestClient) -> None:
    stories = walk(client, "/", r'href="/stories/(s-[a-z0-9]+)"')
    assert sorted(stories) == sorted([f"s-w{n}" for n in range(7)] + ["s-o1"])
    assert walk(client, "/sources", r'href="/sources/(\w+)"') == ["Wire", "Other"]


def test_search_results_page_to_the_end(client: TestClient) -> None:
    first = client.get("/search", params={"q": "harvest"})
    # Every article is titled "Harvest report …", the one from "Other" too.
    assert "Stories (8)" in first.text and "Articles (8)" in first.text
    articles = walk(client, "/search?q=harvest", r'<li><a href="/articles/(\w\d)"')
    assert sorted(articles) == ["o1"] + [f"w{n}" for n in range(7)]
    # w0 to w5 differ only in their date (and a digit): the newest first.
    assert [key for key in articles if key in {f"w{n}" for n in range(6)}] == [
        f"w{n}" for n in range(5, -1, -1)
    ]


def test_snippets_are_escaped_with_the_match_marked(client: TestClient) -> None:
    page = client.get("/search", params={"q": "voted"})
    assert page.status_code == 200
    assert "<mark>voted</mark>" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert" not in page.text
    assert "&amp; agreed" in page.text


def test_stemmed_search_finds_the_other_forms(client: TestClient) -> None:
    # "votes" is stored as "voted"; "harvests" as "harvest": both found, marked as the text has them.
    page = client.get("/search", params={"q": "votes"})
    assert "Articles (1)" in page.text and "<mark>voted</mark>" in page.text


def test_pager_links_keep_the_query_and_leave_out_page_one() -> None:
    links = pager("/search", {"q": "a b&c", "empty": ""}, 2, 7, 3)
    assert (links.previous_url, links.next_url, links.pages) == (
        "/search?q=a+b%26c",
        "/search?q=a+b%26c&page=3",
        3,
    )
    past = pager("/", {}, 5, 7, 3)
    assert past.past_end and (past.previous_url, past.next_url) == ("/?page=3", None)
    empty = pager("/", {}, 1, 0, 3)
    assert (empty.pages, empty.previous_url, empty.next_url, empty.past_end) == (1, None, None, False)
