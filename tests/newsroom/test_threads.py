"""The newsroom keeps threads current: Congress releases of February 2019 arrive in two passes, and the second
links its new stories to the first pass's (H.R. 840, the Veterans' Access to Child Care Act: Elise Stefanik's
release of 8 February, Hal Rogers' on its House passage, 11 February)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from conftest import REPO
from quickread.digest.build import digest
from quickread.group.threads import NEIGHBOURS
from quickread.ingest.files import read_articles
from quickread.model import Article
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.stories import update_stories
from quickread.newsroom.threads import Period, periods
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.sql_repository import SqlRepository

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
FIRST_WEEK = (dt.date(2019, 2, 4), dt.date(2019, 2, 8))
NEXT_DAYS = (dt.date(2019, 2, 11), dt.date(2019, 2, 12))
STEFANIK = "congress-2019-02-08-elise-stefanik-ee5c26ef"
ROGERS = "congress-2019-02-11-hal-rogers-9a4eed97"


@pytest.fixture(scope="module")
def releases() -> list[Article]:
    found: dict[str, Article] = {}
    for article in read_articles(CONGRESS):
        if article.date and (
            FIRST_WEEK[0] <= article.date <= FIRST_WEEK[1] or NEXT_DAYS[0] <= article.date <= NEXT_DAYS[1]
        ):
            found.setdefault(article.id, article)
    return list(found.values())


def test_a_later_pass_links_its_stories_to_the_earlier_ones(tmp_path: Path, releases: list[Article]) -> None:
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'threads.db'}"))
    try:
        early = [a for a in releases if a.date is not None and a.date <= FIRST_WEEK[1]]
        repository.add_articles([IncomingArticle(a) for a in early])
        first = update_stories(repository, load_assigner(repository), digester=digest)
        stefanik = _story_of(repository, STEFANIK)
        assert repository.story_thread(stefanik, NEIGHBOURS).later == ()

        late = [a for a in releases if a not in early]
        repository.add_articles([IncomingArticle(a) for a in late])
        started = time.monotonic()
        second = update_stories(repository, load_assigner(repository), digester=digest)
        assert time.monotonic() - started < 60
        rogers = _story_of(repository, ROGERS)
        assert [e.key for e in repository.story_thread(stefanik, NEIGHBOURS).later] == [rogers]
        thread = repository.story_thread(rogers, NEIGHBOURS)
        assert stefanik in [e.key for e in thread.earlier]
        assert [(e.date, e.source_count) for e in thread.earlier if e.key == stefanik] == [
            (dt.date(2019, 2, 8), 1)
        ]
        assert second.thread_links >= 1 and first.versions > 50 and second.versions > 20
        # Precision first: most stories of those days are in no thread.
        live = [s.key for s in repository.stories(limit=1000)]
        threaded = [k for k in live if repository.story_thread(k, NEIGHBOURS) != type(thread)()]
        assert len(threaded) < len(live) / 10
    finally:
        repository.engine.dispose()


def _story_of(repository: SqlRepository, article_key: str) -> str:
    found = repository.article(article_key)
    assert found is not None and found.story_key is not None
    return found.story_key


def test_touched_days_are_read_as_joined_periods() -> None:
    days = [dt.date(2019, 1, 1), dt.date(2019, 1, 20), dt.date(2020, 12, 1)]
    assert periods(days, 21) == [
        Period(dt.date(2018, 12, 11), dt.date(2019, 2, 10)),
        Period(dt.date(2020, 11, 10), dt.date(2020, 12, 22)),
    ]
    assert periods([], 21) == []
