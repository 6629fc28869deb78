"""The HTML pages, through the app in-process: content, links, escaping, headers and the page cache."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from tests.serve.site_fixture import SiteData

from quickread.serve.settings import ServeSettings
from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

STORY_LINK = re.compile(r'<h2><a href="/stories/([^"]+)">')


def test_front_page_ranks_the_two_source_story_first(client: TestClient, site_data: SiteData) -> None:
    page = client.get("/")
    assert page.status_code == 200
    keys = STORY_LINK.findall(page.text)
    assert keys[0] == site_data.two_source_story
    first_card = page.text.split('<article class="card">')[1]
    assert "2 sources" in first_card
    assert 'href="/sources/Wikinews%20Iraq%20desk"' in first_card
    assert '<p class="lede">' in first_card


def test_front_page_pages_and_date_filter(site_data: SiteData) -> None:
    with TestClient(site_data.app(ServeSettings(page_size=5))) as small:
        first, second = small.get("/"), small.get("/?page=2")
        assert 'rel="next" href="/?page=2"' in first.text
        assert set(STORY_LINK.findall(first.text)).isdisjoint(STORY_LINK.findall(second.text))
        assert len(STORY_LINK.findall(first.text)) == 5
    with TestClient(site_data.app()) as client:
        january_2020 = client.get("/?since=2020-01-01&until=2020-01-31")
        assert STORY_LINK.findall(january_2020.text) == [site_data.two_source_story]
        ignored = client.get("/?since=yesterday")
        assert "is not a date" in ignored.text
        assert len(STORY_LINK.findall(ignored.text)) > 1


def test_story_page_has_quick_read_citations_history_and_sources(
    client: TestClient, site_data: SiteData
) -> None:
    page = client.get(f"/stories/{site_data.two_source_story}")
    assert page.status_code == 200
    html = page.text
    assert '<p class="lede">' in html and 'id="quick-read"' in html
    anchors = re.findall(r'<a class="cite" id="cite-\d+" href="/articles/[^"#]+#([^"]+)"', html)
    assert anchors, "key points carry citation markers"
    for anchor in anchors:  # every marker's sentence is also on the page, among its source's cited sentences
        assert f'<span class="sentence" id="{anchor}">' in html
    assert "Version history" in html and "First version: 2 articles from 2 sources." in html
    assert html.index("Version history") < html.index('id="sources"')
    assert 'href="/sources/Wikinews%20Iraq%20desk"' in html
    assert len(re.findall(r'href="/articles/[^"]+"', html)) >= 2


def test_article_page_links_its_story_and_original(client: TestClient, site_data: SiteData) -> None:
    page = client.get(f"/articles/{site_data.hostile_article}")
    assert page.status_code == 200
    assert f'href="/stories/{site_data.hostile_story}"' in page.text
    assert 'href="https://crier.example/council" rel="noopener noreferrer nofollow"' in page.text


def test_article_markup_is_shown_as_text_everywhere(client: TestClient, site_data: SiteData) -> None:
    for path in (
        f"/articles/{site_data.hostile_article}",
        f"/stories/{site_data.hostile_story}",
        "/search?q=council",
    ):
        html = client.get(path).text
        assert "&lt;script&gt;window.__pwned" in html, path
        assert "<script>window" not in html and '<img src="x"' not in html, path
        # the only scripts on a page are the site's own file
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/citations.js" defer>'], path
    assert (
        "Town Crier &lt;b&gt;Gazette&lt;/b&gt;" in client.get(f"/articles/{site_data.hostile_article}").text
    )


def test_search_finds_stories_and_articles(client: TestClient, site_data: SiteData) -> None:
    page = client.get("/search", params={"q": "Soleimani"})
    assert site_data.two_source_story in STORY_LINK.findall(page.text)
    assert "/articles/" in page.text.split('id="article-hits"')[1]
    assert "No story matches." in client.get("/search?q=zzzunfindable").text


def test_source_pages(client: TestClient) -> None:
    index = client.get("/sources")
    assert 'href="/sources/Wikinews%20Iraq%20desk"' in index.text
    desk = client.get("/sources/Wikinews%20Iraq%20desk")
    assert desk.status_code == 200 and "1 article in 1 story" in desk.text
    assert client.get("/sources/Nobody").status_code == 404


def test_missing_pages_are_404_pages(client: TestClient) -> None:
    for path in ("/stories/nope", "/articles/nope", "/no/such/page"):
        response = client.get(path)
        assert response.status_code == 404 and "<main" in response.text, path


def test_security_headers(client: TestClient, site_data: SiteData) -> None:
    headers = client.get(f"/stories/{site_data.two_source_story}").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["x-content-type-options"] == "nosniff"


def test_story_pages_are_cached_per_version(site_data: SiteData) -> None:
    repository = SqlRepository(open_database(f"sqlite:///{site_data.path}"))
    app = site_data.app()
    key = site_data.hostile_story
    with TestClient(app) as client:
        first = client.get(f"/stories/{key}").text
        assert client.get(f"/stories/{key}").text == first
        assert len(app.state.site.story_pages) == 1
        assert "Council approves" not in client.get("/?since=2019-03-01&until=2019-03-01").text
        latest = repository.digest_version(key)
        assert latest is not None
        # A new version is a new page: the cache never serves an outdated digest.
        document = json.loads(latest.digest) | {"headline": "Council approves library budget"}
        repository.add_digest_version(
            key,
            article_count=1,
            headline="Council approves library budget",
            what_changed="New headline.",
            digest=json.dumps(document),
        )
        updated = client.get(f"/stories/{key}").text
        assert "<h1>Council approves library budget</h1>" in updated and "New headline." in updated
        # the front page is cached too, per listing revision: the new headline shows at once
        assert (
            "Council approves library budget</a></h2>"
            in client.get("/?since=2019-03-01&until=2019-03-01").text
        )
        older = client.get(f"/stories/{key}?version={latest.version}").text
        assert "an earlier version" in older
    repository.engine.dispose()
