"""Thread links stored and read back (migration 0004), on SQLite files and PostgreSQL when a server is up: the
Deripaska sanctions releases of January 2019 (Congress demo) as four stories, then a merge that ends one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.store.stories_fixture import stored

from conftest import REPO
from quickread.ingest.files import read_articles
from quickread.model import Article
from quickread.store.database import open_database
from quickread.store.repository import StoryAssignment, StoryLink, StoryThread, ThreadEntry
from quickread.store.schema import story_links
from quickread.store.sql_repository import SqlRepository

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
RELEASES = {
    "s10": "congress-2019-01-10-lloyd-doggett-6c2ee6c2",
    "s15": "congress-2019-01-15-lloyd-doggett-2dc81fcf",
    "s16": "congress-2019-01-16-lloyd-doggett-b20d9207",
    "s17": "congress-2019-01-17-lloyd-doggett-f8fbdf53",
}
# A second outlet's release of 18 January, placed in s17.
SIRES = "congress-2019-01-18-albio-sires-6b3c914b"


@pytest.fixture(scope="module")
def releases() -> dict[str, Article]:
    wanted = {*RELEASES.values(), SIRES}
    return {a.id: a for a in read_articles(CONGRESS) if a.id in wanted}


def _store(repository: SqlRepository, releases: dict[str, Article]) -> None:
    stored(
        repository,
        *[(releases[article], story) for story, article in RELEASES.items()],
        (releases[SIRES], "s17"),
    )
    repository.replace_story_links(
        ["s10", "s15", "s16", "s17"],
        [
            StoryLink("s10", "s15", 0.41),
            StoryLink("s15", "s16", 0.69),
            StoryLink("s15", "s17", 0.52),
            StoryLink("s16", "s17", 0.70),
            StoryLink("s16", "s16", 1.0),  # never stored: a story is not its own thread
            StoryLink("s16", "nowhere", 0.5),  # never stored: no such story
        ],
    )


def _entry(key: str, day: int, sources: int = 1) -> ThreadEntry:
    return ThreadEntry(key, f"Headline {key}", dt.date(2019, 1, day), sources)


def test_a_thread_reads_back_nearest_first_in_date_order(
    repository: SqlRepository, releases: dict[str, Article]
) -> None:
    _store(repository, releases)
    assert repository.story_thread("s16", 3) == StoryThread(
        earlier=(_entry("s15", 15),), later=(_entry("s17", 17, sources=2),)
    )
    assert repository.story_thread("s15", 3) == StoryThread(
        earlier=(_entry("s10", 10),), later=(_entry("s16", 16), _entry("s17", 17, sources=2))
    )
    # limit: the nearest in time, shown oldest first
    assert repository.story_thread("s15", 1).later == (_entry("s16", 16),)
    assert repository.story_thread("s17", 1).earlier == (_entry("s16", 16),)
    assert repository.story_thread("unknown", 3) == StoryThread()
    with repository.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(story_links)).scalar_one() == 4


def test_first_dates_and_candidates_of_a_period(
    repository: SqlRepository, releases: dict[str, Article]
) -> None:
    _store(repository, releases)
    assert repository.story_first_dates(["s17", "s10", "unknown"]) == {
        "s17": dt.date(2019, 1, 17),
        "s10": dt.date(2019, 1, 10),
    }
    found = repository.thread_candidates(dt.date(2019, 1, 15), dt.date(2019, 1, 17))
    assert {c.key: sorted(a.id for a in c.articles) for c in found} == {
        "s15": [RELEASES["s15"]],
        "s16": [RELEASES["s16"]],
        "s17": sorted([RELEASES["s17"], SIRES]),
    }
    assert "Deripaska" in next(c for c in found if c.key == "s17").articles[0].text


def test_replacing_the_links_of_one_story_keeps_the_others(
    repository: SqlRepository, releases: dict[str, Article]
) -> None:
    _store(repository, releases)
    repository.replace_story_links(["s17"], [StoryLink("s16", "s17", 0.7), StoryLink("s10", "s15", 0.9)])
    # s15-s17 is gone (s17 was recomputed without it); s10-s15 names no touched story: left as it was.
    assert repository.story_thread("s17", 3) == StoryThread(earlier=(_entry("s16", 16),))
    assert repository.story_thread("s15", 3).earlier == (_entry("s10", 10),)
    assert repository.story_thread("s15", 3).later == (_entry("s16", 16),)


def test_a_merged_story_leaves_its_thread_on_a_sqlite_file(
    tmp_path: Path, releases: dict[str, Article]
) -> None:
    path = tmp_path / "threads.db"
    repository = SqlRepository(open_database(f"sqlite:///{path}"))
    _store(repository, releases)
    # The story index ends s16 by merging it into s15.
    repository.save_assignment(
        StoryAssignment(story_of={}, headlines={}, index_name="test", index_state="{}", ended={"s16": "s15"})
    )
    # Read at once, before any recomputation: the merged story is no longer listed, and has no thread.
    assert repository.story_thread("s17", 3).earlier == (_entry("s15", 15),)
    assert repository.story_thread("s16", 3) == StoryThread()
    # The next pass recomputes s15 (it took s16's article): its links replaced, the merged story's dropped.
    repository.replace_story_links(["s15"], [StoryLink("s10", "s15", 0.4), StoryLink("s15", "s17", 0.6)])
    repository.engine.dispose()
    reopened = SqlRepository(open_database(f"sqlite:///{path}"))
    try:
        with reopened.engine.connect() as connection:
            rows = connection.execute(select(story_links.c.earlier_id, story_links.c.later_id)).all()
        assert len(rows) == 2  # s10-s15 and s15-s17: every link of the merged s16 deleted
        assert reopened.story_thread("s15", 3) == StoryThread(
            earlier=(_entry("s10", 10),), later=(_entry("s17", 17, sources=2),)
        )
    finally:
        reopened.engine.dispose()
