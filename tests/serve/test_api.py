"""The JSON API, the feeds and the token-guarded actions."""

from __future__ import annotations

import json
from importlib import resources

import feedparser
import jsonschema
from fastapi.testclient import TestClient
from tests.serve.site_fixture import SiteData

from quickread.render.json_in import digest_from_json
from quickread.serve.settings import ServeSettings


def test_story_list_is_ranked_and_paged(client: TestClient, site_data: SiteData) -> None:
    listing = client.get("/api/stories", params={"limit": 3}).json()
    assert listing["total"] > 3 and len(listing["stories"]) == 3
    first = listing["stories"][0]
    assert first["id"] == site_data.two_source_story
    assert (first["sources"], first["outlets"]) == (2, ["Wikinews", "Wikinews Iraq desk"])
    page_two = client.get("/api/stories", params={"limit": 3, "page": 2}).json()
    assert {s["id"] for s in page_two["stories"]}.isdisjoint(s["id"] for s in listing["stories"])
    assert client.get("/api/stories", params={"since": "not-a-date"}).status_code == 422


def test_story_with_digest_follows_the_cli_schema(client: TestClient, site_data: SiteData) -> None:
    found = client.get(f"/api/stories/{site_data.two_source_story}").json()
    schema = json.loads(resources.files("quickread").joinpath("schema/digest.schema.json").read_text())
    jsonschema.validate(found["digest"], schema)
    digest = digest_from_json(found["digest"])  # full articles restored: the cited text is there
    point = digest.key_points[0]
    citation = point.citations[0]
    assert digest.article(citation.article_id).text[citation.start : citation.end] in point.text
    assert found["version"] == 1 and found["what_changed"].startswith("First version")
    versions = client.get(f"/api/stories/{site_data.two_source_story}/versions").json()
    assert [v["version"] for v in versions] == [1]
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/stories/nope/versions").status_code == 404


def test_article_and_search(client: TestClient, site_data: SiteData) -> None:
    article = client.get(f"/api/articles/{site_data.hostile_article}").json()
    assert article["story"] == site_data.hostile_story
    assert "<script>" in article["text"]  # JSON carries the text as it is; pages escape it
    hits = client.get("/api/search", params={"q": "Soleimani"}).json()
    assert site_data.two_source_story in [s["id"] for s in hits["stories"]]
    assert hits["articles"]
    assert client.get("/api/articles/nope").status_code == 404


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/stories", "/api/stories/{key}", "/api/stories/{key}/versions", "/api/search"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_feeds_list_the_stories(client: TestClient, site_data: SiteData) -> None:
    atom = feedparser.parse(client.get("/feeds/atom.xml").content)
    assert not atom.bozo, atom.get("bozo_exception")
    assert atom.entries[0].link.endswith(f"/stories/{site_data.two_source_story}")
    searched = client.get("/feeds/feed.json", params={"q": "Soleimani"})
    assert searched.headers["content-type"].startswith("application/feed+json")
    document = searched.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"].rsplit("/", 1)[1] for item in document["items"]] == [site_data.two_source_story]


def test_hostile_headline_stays_text_in_atom(client: TestClient) -> None:
    body = client.get("/feeds/atom.xml").text
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_actions_are_off_without_a_token(client: TestClient) -> None:
    response = client.post("/api/feeds", json={"url": "https://feeds.example/rss"})
    assert response.status_code == 403
    assert client.post("/api/fetch").status_code == 403


def test_actions_need_the_configured_token(site_data: SiteData) -> None:
    app = site_data.app(ServeSettings(action_token="s3cret-token"))
    with TestClient(app) as client:
        body = {"url": "https://feeds.example/rss", "title": "Example"}
        assert client.post("/api/feeds", json=body).status_code == 401
        assert client.post("/api/feeds", json=body, headers={"X-Quickread-Token": "wrong"}).status_code == 401
        added = client.post("/api/feeds", json=body, headers={"Authorization": "Bearer s3cret-token"})
        assert added.status_code == 201 and added.json()["url"] == body["url"]
        bad = client.post(
            "/api/feeds", json={"url": "file:///etc/passwd"}, headers={"X-Quickread-Token": "s3cret-token"}
        )
        assert bad.status_code == 422
        assert [f.url for f in app.state.site.repository.feeds()] == [body["url"]]
