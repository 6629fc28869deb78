"""The multi-outlet demo (``make run``): Wikinews 2019-2020 plus 2,251 press releases of 127 Congress offices
(2019 Q1). The corpora are seeded one after the other and end 21 months apart; stories told by many offices
must still be grouped and shown first."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from tests.store.stories_fixture import stored as _stored
from typer.testing import CliRunner

from conftest import DEMO_CORPUS, REPO, WIKINEWS
from quickread.cli import app, serve_commands
from quickread.model import Article
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.intake import ingest_paths
from quickread.newsroom.stories import update_stories
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.significance import news_clock, significance
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
# The national emergency at the border was declared on Friday 15 February 2019: dozens of offices answered.
EMERGENCY_WEEK = (dt.date(2019, 2, 13), dt.date(2019, 2, 17))


@pytest.fixture
def repository(tmp_path: Path) -> Iterator[SqlRepository]:
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'demo.db'}"))
    yield repository
    repository.engine.dispose()


def _article(key: str, source: str, day: dt.date, topic: str) -> Article:
    return build_article(
        id=key,
        raw_text=f"{topic} Report {key} from {source} on {day:%B %d}. More follows on the {topic.lower()}",
        title=f"Title {key}",
        source=source,
        date=day,
    )


def test_news_clock_is_the_newest_multi_source_day() -> None:
    march, december = dt.date(2019, 3, 29), dt.date(2020, 12, 28)
    today = dt.date(2026, 1, 1)
    assert news_clock([(12, march), (1, december), (1, None)], today) == march
    assert news_clock([(1, march), (1, december)], today) == december  # a single-outlet archive: as before
    assert news_clock([(3, None)], today) == today


def test_stories_past_the_clock_decay_like_older_ones() -> None:
    clock = dt.date(2019, 3, 29)
    week = dt.timedelta(days=7)
    assert significance(1, 1, clock + week, clock) == pytest.approx(significance(1, 1, clock - week, clock))
    assert significance(1, 1, clock + week, clock) < significance(1, 1, clock, clock) / 4


def test_a_late_lone_outlet_does_not_bury_the_stories_many_outlets_told(repository: SqlRepository) -> None:
    march = dt.date(2019, 3, 28)
    offices = ["Office A", "Office B", "Office C", "Office D"]
    pairs = [
        (_article(f"m{n}", office, march, "Shutdown vote."), "shutdown") for n, office in enumerate(offices)
    ]
    pairs += [
        (_article(f"p{n}", office, march, "Pair vote."), "pair") for n, office in enumerate(offices[:2])
    ]
    pairs += [
        (
            _article(f"w{n}", "Wikinews", dt.date(2020, 12, 1) + dt.timedelta(days=n), "Late news."),
            f"late-{n}",
        )
        for n in range(20)
    ]
    _stored(repository, *pairs)
    listing = repository.ranked_stories(limit=3)
    assert [(s.key, s.source_count) for s in listing.stories[:2]] == [("shutdown", 4), ("pair", 2)]
    assert listing.total == 22


def test_a_listing_up_to_a_date_ranks_the_news_of_that_date(repository: SqlRepository) -> None:
    february, march = dt.date(2019, 2, 15), dt.date(2019, 3, 28)
    offices = ["Office A", "Office B", "Office C"]
    pairs = [
        (_article(f"e{n}", office, february, "Emergency."), "emergency") for n, office in enumerate(offices)
    ]
    # A story told in early February that runs on until late March, by two offices.
    pairs += [
        (_article("s1", "Office D", dt.date(2019, 2, 1), "Shutdown."), "shutdown"),
        (_article("s2", "Office E", march, "Shutdown."), "shutdown"),
    ]
    _stored(repository, *pairs)
    window = repository.ranked_stories(since=dt.date(2019, 2, 13), until=dt.date(2019, 2, 17))
    assert [s.key for s in window.stories] == ["emergency", "shutdown"]
    assert [s.key for s in repository.ranked_stories().stories] == ["shutdown", "emergency"]


def test_waiting_articles_come_in_date_order_whatever_the_order_stored(repository: SqlRepository) -> None:
    late = _article("late", "Wikinews", dt.date(2020, 12, 1), "Late news.")
    early = _article("early", "Office A", dt.date(2019, 1, 2), "Early news.")
    undated = build_article(id="undated", raw_text="Undated news. It has no date at all.", source="X")
    repository.add_articles([IncomingArticle(a) for a in (late, undated, early)])
    assert [a.id for a in repository.unassigned_articles(10)] == ["early", "late", "undated"]


def _congress_window(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    with gzip.open(CONGRESS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    return [r for r in records if start.isoformat() <= r["date"] <= end.isoformat()]


def test_demo_slice_groups_offices_into_stories_that_lead_the_front_page(
    repository: SqlRepository, tmp_path: Path
) -> None:
    """Seeded as ``make run`` does (Wikinews, all of it, first): the emergency week's releases still form
    stories of many offices, and those lead the listing though Wikinews runs on to December 2020."""
    week = _congress_window(*EMERGENCY_WEEK)
    slice_file = tmp_path / "congress-week.jsonl.gz"
    slice_file.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in week).encode()))
    report = ingest_paths(repository, [DEMO_CORPUS, slice_file])
    assert (report.added, report.errors) == (293 + len(week), [])
    update_stories(repository, load_assigner(repository), digester=None)
    top = repository.ranked_stories(limit=10).stories
    assert all(story.source_count >= 2 for story in top), [(s.key, s.outlets) for s in top]
    assert top[0].source_count >= 4  # the emergency is told in several stories of 3-6 offices each
    assert all(EMERGENCY_WEEK[0] <= (story.last_date or dt.date.min) <= EMERGENCY_WEEK[1] for story in top)


def test_serve_seeds_several_files_gzipped_or_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[FastAPI] = []
    monkeypatch.setattr(serve_commands.uvicorn, "run", lambda application, **_: served.append(application))
    packed = tmp_path / "first-two.jsonl.gz"  # two 2019 Wikinews articles, none of them in the 2020 thread
    packed.write_bytes(gzip.compress(b"".join(DEMO_CORPUS.read_bytes().splitlines(keepends=True)[:2])))
    thread = WIKINEWS / "soleimani-thread.jsonl"
    db = tmp_path / "site.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--seed", str(thread), "--seed", str(packed)])
    assert result.exit_code == 0, result.output
    assert f"stored 5 articles from {thread}, {packed}" in result.output
    repository = SqlRepository(open_database(f"sqlite:///{db}"))
    assert repository.counts().articles == 5
    assert repository.stale_stories() == [] and repository.unassigned_articles(1) == []
    assert len(served) == 1
    repository.engine.dispose()
