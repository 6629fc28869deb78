"""The database under hostile input and concurrency (issue 11).

NUL in any stored text is removed before the database (PostgreSQL refuses it, SQLite would keep it), the same
on both; two ``ingest`` processes on one database, and four processes opening a new database, all finish with
every article stored once and placed in one story. Each test runs on SQLite, and on PostgreSQL when
QUICKREAD_TEST_POSTGRES_URL is set (see tests/store/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from hostile.store_races import (
    OK,
    Totals,
    empty_database,
    ingest_and_update,
    open_new_database,
    run_together,
    totals,
)
from quickread.model import Article, Dateline, Sentence
from quickread.store.database import open_database
from quickread.store.repository import FetchLogEntry, IncomingArticle, StoryAssignment
from quickread.store.sql_repository import SqlRepository

BACKENDS = ["sqlite", "postgresql"]
DEMO = Path(__file__).parents[2] / "demo" / "wikinews_2019_2020" / "articles.jsonl"
RACE_ARTICLES = 120  # distinct demo articles, split between the two ingest processes
NOW = dt.datetime(2020, 1, 5, 12, tzinfo=dt.UTC)


@pytest.fixture(params=BACKENDS)
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlRepository]:
    engine = open_database(empty_database(request.param, tmp_path, 0))
    try:
        yield SqlRepository(engine)
    finally:
        engine.dispose()


def nul_article() -> Article:
    """NUL in every field; the sentence offsets point into the text as it is, NULs included."""
    text = "Fl\x00oods hit the valley. \x00Thousands moved."
    return Article(
        id="a\x001",
        title="Valley\x00 floods",
        text=text,
        sentences=(
            Sentence(index=0, text=text[0:23], start=0, end=23, paragraph=0),
            Sentence(index=1, text=text[24:41], start=24, end=41, paragraph=0),
        ),
        source="A\x00P",
        url="https://news.example/flo\x00ods",
        date=dt.date(2020, 1, 5),
        author="Jo\x00 Smith",
        dateline=Dateline(raw="VALLEY\x00, Jan 5", place="VALL\x00EY", date="Jan\x00 5", outlet=None),
        removed_boilerplate=("Sub\x00scribe",),
    )


def test_nul_is_stripped_from_every_article_field(repository: SqlRepository) -> None:
    added = repository.add_articles([IncomingArticle(nul_article())])
    assert added.added == ("a1",)
    stored = repository.article("a1")
    assert stored is not None
    article = stored.article
    assert article.text == "Floods hit the valley. Thousands moved."
    assert [s.text for s in article.sentences] == ["Floods hit the valley.", "Thousands moved."]
    assert all(article.text[s.start : s.end] == s.text for s in article.sentences)
    assert (article.title, article.source, article.url, article.author) == (
        "Valley floods",
        "AP",
        "https://news.example/floods",
        "Jo Smith",
    )
    assert article.dateline == Dateline(raw="VALLEY, Jan 5", place="VALLEY", date="Jan 5", outlet=None)
    assert article.removed_boilerplate == ("Subscribe",)
    # the same article without NULs is the stored one, not a second
    clean = Article(
        id="b",
        title="Valley floods",
        text=article.text,
        sentences=article.sentences,
        source="AP",
        url="https://news.example/floods",
    )
    assert repository.add_articles([IncomingArticle(clean)]).duplicates == 1
    assert repository.counts().articles == 1


def test_nul_is_stripped_from_feeds_log_stories_and_digests(repository: SqlRepository) -> None:
    feed = repository.add_feed("https://feeds.example/r\x00ss", "Ne\x00ws")
    assert (feed.url, feed.title) == ("https://feeds.example/rss", "News")
    repository.record_feed_fetch(feed.id, etag='"e\x00t"', last_modified="Mon\x00day", title="Wire\x00 news")
    (fetched,) = repository.feeds()
    assert (fetched.etag, fetched.last_modified, fetched.title) == ('"et"', "Monday", "Wire news")
    repository.log_fetch(
        FetchLogEntry(
            url="https://feeds.example/r\x00ss", kind="feed", status="error", reason="bad\x00 XML", at=NOW
        )
    )
    (error,) = repository.recent_errors()
    assert (error.url, error.reason) == ("https://feeds.example/rss", "bad XML")
    repository.add_articles([IncomingArticle(nul_article())])
    repository.save_assignment(
        StoryAssignment(
            story_of={"a1": "s\x001"},
            headlines={"s\x001": "Flo\x00ods"},
            index_name="index\x00",
            index_state='{"k": "v\x00"}',
        )
    )
    story = repository.story("s1")
    assert story is not None and story.headline == "Floods" and story.article_count == 1
    assert repository.index_state("index") == '{"k": "v"}'
    version = repository.add_digest_version(
        "s1", article_count=1, headline="H\x00", what_changed="Fir\x00st", digest='{"lede": "L\x00ede"}'
    )
    assert version.version == 1
    stored = repository.digest_version("s1")
    assert stored is not None
    assert (stored.headline, stored.what_changed, json.loads(stored.digest)) == (
        "H",
        "First",
        {"lede": "Lede"},
    )


def test_lookups_with_nul_find_what_was_stored(repository: SqlRepository) -> None:
    repository.add_articles([IncomingArticle(nul_article())])
    repository.save_assignment(
        StoryAssignment(story_of={"a1": "s1"}, headlines={"s1": "Floods"}, index_name="i", index_state="{}")
    )
    story = repository.story("s\x001")
    assert story is not None and story.key == "s1"
    found = repository.article("a\x001")
    assert found is not None and found.article.id == "a1"
    assert repository.known_urls(["https://news.example/floods\x00"]) == {"https://news.example/floods\x00"}
    assert [a.key for a in repository.source_articles("A\x00P")] == ["a1"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_four_processes_open_a_new_database_at_once(backend: str, tmp_path: Path) -> None:
    # Before the migration lock, 3 of the 4 died on "table ... already exists" in every one of 12 runs.
    for attempt in range(5):
        url = empty_database(backend, tmp_path, attempt)
        assert run_together(open_new_database, [(url,)] * 4) == [OK] * 4
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                assert connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalars().all() == ["0004"]  # the head revision
                assert {"articles", "stories", "story_articles", "digest_versions"} <= set(
                    inspect(connection).get_table_names()
                )
        finally:
            engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_ingests_on_one_database_store_each_article_once(backend: str, tmp_path: Path) -> None:
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:RACE_ARTICLES]
    folders = []
    for name, part in (("a", lines[::2]), ("b", lines[1::2])):
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{name}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
        folders.append(str(folder))
    started = time.monotonic()
    for attempt in range(2):
        url = empty_database(backend, tmp_path, attempt)
        # both processes also open (create) the database at once, as two first `quickread ingest` runs do
        assert run_together(ingest_and_update, [(url, folder) for folder in folders]) == [OK, OK]
        found = totals(url)
        assert found == Totals(
            articles=RACE_ARTICLES,
            memberships=RACE_ARTICLES,  # each article in one story (story_articles is keyed by article)
            stories=found.stories,
            empty_stories=0,
            miscounted_stories=0,
            versions=found.stories,  # one digest version per story: no rebuild stored twice
            stale_stories=0,
        )
    assert time.monotonic() - started < 60
