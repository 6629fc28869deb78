"""The repository contract, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import inspect

from quickread.model import Article
from quickread.store.codec import canonical_url
from quickread.store.repository import FetchLogEntry, IncomingArticle, StoryAssignment
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

BODY = (
    "BAGHDAD, Jan 5 (Reuters) - Iraq's parliament voted on Sunday to expel U.S. troops from the country.\n\n"
    "The vote followed the killing of Qasem Soleimani in a U.S. drone strike at Baghdad airport. "
    "More than 5,000 U.S. troops are based in Iraq."
)


def article(
    id: str = "a1",
    url: str | None = "https://news.example/iraq?utm_source=x",
    body: str = BODY,
    title: str = "Iraq votes to expel U.S. troops",
    source: str | None = None,
) -> Article:
    return build_article(
        id=id,
        raw_text=body,
        title=title,
        source=source,
        url=url,
        date=dt.date(2020, 1, 5),
        author="Ann Reporter",
    )


def test_schema_is_migrated(repository: SqlRepository) -> None:
    tables = set(inspect(repository.engine).get_table_names())
    assert {
        "sources",
        "feeds",
        "articles",
        "stories",
        "story_articles",
        "digest_versions",
        "fetch_log",
        "alembic_version",
    } <= tables


def test_article_round_trip_is_exact(repository: SqlRepository) -> None:
    original = article()
    added = repository.add_articles([IncomingArticle(original)])
    assert added.added == ("a1",)
    (stored,) = repository.unassigned_articles(10)
    assert stored == original  # text, sentence offsets, dateline, source, date, author


def test_same_article_is_stored_once(repository: SqlRepository) -> None:
    first = repository.add_articles([IncomingArticle(article())])
    # the same link with other trackers, from a second feed
    again = repository.add_articles([IncomingArticle(article("b2", url="https://NEWS.example:443/iraq#top"))])
    # the same text at another address (a syndicated copy)
    copy = repository.add_articles([IncomingArticle(article("c3", url="https://mirror.example/x"))])
    assert (len(first.added), again.added, again.duplicates, copy.added) == (1, (), 1, ())
    assert repository.counts().articles == 1


def test_duplicates_inside_one_batch_and_repeated_ids(repository: SqlRepository) -> None:
    other_body = BODY.replace("5,000", "6,000")
    batch = [
        IncomingArticle(article()),
        IncomingArticle(article()),
        IncomingArticle(article("a1", url="https://other.example/1", body=other_body)),
    ]
    result = repository.add_articles(batch)
    assert result.duplicates == 1 and len(result.added) == 2
    assert result.added[0] == "a1" and result.added[1].startswith("a1-")  # ids from inputs may repeat


def test_known_urls_uses_canonical_form(repository: SqlRepository) -> None:
    repository.add_articles([IncomingArticle(article())])
    asked = ["https://news.example/iraq", "https://news.example/other"]
    assert repository.known_urls(asked) == {"https://news.example/iraq"}
    assert canonical_url("HTTP://Example.org:80/a/?b=1&utm_medium=rss#x") == "http://example.org/a?b=1"


def test_feeds_are_unique_and_keep_validators(repository: SqlRepository) -> None:
    feed = repository.add_feed("https://news.example/rss", "News")
    assert repository.add_feed("https://news.example/rss").id == feed.id
    repository.record_feed_fetch(
        feed.id, etag='"abc"', last_modified="Sun, 05 Jan 2020 10:00:00 GMT", title=None
    )
    (stored,) = repository.feeds()
    assert (stored.etag, stored.title, stored.last_fetched_at is not None) == ('"abc"', "News", True)


def test_errors_list_only_inputs_whose_last_attempt_failed(repository: SqlRepository) -> None:
    now = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    for url, status in [
        ("https://a/rss", "error"),
        ("https://a/rss", "ok"),
        ("https://b/rss", "ok"),
        ("https://b/rss", "error"),
    ]:
        repository.log_fetch(
            FetchLogEntry(
                url=url,
                kind="feed",
                status=status,
                reason=f"{status} {url}",
                at=now,
                http_status=500 if status == "error" else 200,
            )
        )
    (error,) = repository.recent_errors()
    assert (error.url, error.reason, error.http_status, error.at) == (
        "https://b/rss",
        "error https://b/rss",
        500,
        now,
    )


def test_assignment_and_digest_versions(repository: SqlRepository) -> None:
    repository.add_articles(
        [
            IncomingArticle(article()),
            IncomingArticle(article("x", url=None, body="Other news entirely. It is short.")),
        ]
    )
    repository.save_assignment(
        StoryAssignment(
            story_of={"a1": "s1", "x": "s2"},
            headlines={"s1": "Iraq story", "s2": "Other"},
            index_name="test-index",
            index_state='{"n": 2}',
        )
    )
    # saving the same assignment again (a rerun after a kill) attaches nothing twice
    repository.save_assignment(
        StoryAssignment(story_of={"a1": "s1"}, headlines={}, index_name="test-index", index_state='{"n": 3}')
    )
    assert repository.unassigned_articles(10) == []
    assert repository.index_state("test-index") == '{"n": 3}'
    assert sorted(s.key for s in repository.stale_stories()) == ["s1", "s2"]
    assert [a.id for a in repository.story_articles("s1")] == ["a1"]
    first = repository.add_digest_version(
        "s1", article_count=1, headline="H1", what_changed="First", digest=json.dumps({"v": 1})
    )
    second = repository.add_digest_version(
        "s1", article_count=1, headline="H2", what_changed="Second", digest=json.dumps({"v": 2})
    )
    assert (first.version, second.version) == (1, 2)
    assert [s.key for s in repository.stale_stories()] == ["s2"]
    latest = repository.digest_version("s1")
    assert latest is not None and latest.version == 2 and latest.what_changed == "Second"
    earlier = repository.digest_version("s1", 1)
    assert earlier is not None and json.loads(earlier.digest) == {"v": 1}
    assert repository.digest_version("s1", 9) is None
    story = repository.story("s1")
    assert story is not None and story.headline == "H2" and story.article_count == 1


def test_full_text_search(repository: SqlRepository) -> None:
    other = dataclasses.replace(
        article(
            "z", url="https://news.example/z", body="Floods hit the valley. Thousands were moved to shelters."
        ),
        title="Valley floods",
    )
    repository.add_articles([IncomingArticle(article()), IncomingArticle(other)])
    repository.save_assignment(
        StoryAssignment(
            story_of={"a1": "s1"}, headlines={"s1": "Iraq expels troops"}, index_name="t", index_state="{}"
        )
    )
    assert [hit.key for hit in repository.search_articles("troops parliament")] == ["a1"]
    assert repository.search_articles("troops")[0].story_key == "s1"
    assert [hit.key for hit in repository.search_articles("shelters")] == ["z"]
    assert [hit.key for hit in repository.search_stories("expels")] == ["s1"]
    # operators and quotes in a query are words, never syntax errors
    assert repository.search_articles('troops" OR NEAR(') == repository.search_articles("troops near or")
    assert repository.search_articles("!!!") == []
