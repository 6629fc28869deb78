"""Benchmark: bring stories up to date after 1,000 new articles arrive in a database of 100,000.

    .venv/bin/python bench/newsroom_update.py [--existing 100000] [--new 1000]

Setup (not timed): a SQLite file with ``--existing`` articles already placed in stories by the story index
and digested once. Each story is five copies of one demo article (its last line differs), dated ten stories
a day in arrival order, so a demo article comes back only every 52 days: past the story index's 33-day
horizon, a different event. Timed: ``update_stories`` for ``--new`` articles (half join existing stories,
half start new ones): restoring the story index from its stored state, assignment, membership, and a new
digest version (with its what-changed line, analysis included, as the newsroom runs it) for every touched
story.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import tempfile
import time
from functools import partial
from pathlib import Path

from sqlalchemy import update

from quickread.analyze.models import load_models
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.stories import update_stories
from quickread.pipeline import quick_read
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.schema import stories
from quickread.store.sql_repository import SqlRepository

DEMO = Path(__file__).resolve().parents[1] / "demo"
CORPORA = [
    DEMO / "wikinews_2019_2020" / "articles.jsonl",
    DEMO / "whitehouse_rss_2025_2026" / "articles.jsonl",
]
STORY_SIZE = 5
STORIES_PER_DAY = 10
FIRST_DAY = dt.date(2020, 1, 1)


def templates() -> list[Article]:
    lines = [line for corpus in CORPORA for line in corpus.read_text(encoding="utf-8").splitlines()]
    return [article_from_record(json.loads(line), "bench", "bench") for line in lines]


def copy(pool: list[Article], number: int) -> Article:
    """Article ``number``: the five articles of a story are copies of one demo article that differ in their
    last line, so that each is a distinct article (and the index sees near-duplicates of one report)."""
    story = number // STORY_SIZE
    template = pool[story % len(pool)]
    return dataclasses.replace(
        template,
        id=f"b{number}",
        url=f"https://bench.example/{number}",
        title=f"{template.title} #{story}",
        text=f"{template.text}\n\nReport {number}.",
        date=FIRST_DAY + dt.timedelta(days=story // STORIES_PER_DAY),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1_000)
    options = parser.parse_args()
    pool = templates()
    with tempfile.TemporaryDirectory() as folder:
        repository = SqlRepository(open_database(f"sqlite:///{Path(folder) / 'bench.db'}"))
        started = time.perf_counter()
        for start in range(0, options.existing, 1000):
            batch = [copy(pool, n) for n in range(start, min(start + 1000, options.existing))]
            repository.add_articles([IncomingArticle(a) for a in batch])
        update_stories(repository, load_assigner(repository), digester=None)
        with repository.engine.begin() as connection:  # as if every story had been digested once
            connection.execute(
                update(stories).values(
                    digested_count=stories.c.article_count, digested_revision=stories.c.revision
                )
            )
        setup = time.perf_counter() - started

        # New arrivals: the first half continue the newest stories, the second half are new stories.
        half = options.new // 2
        joining = [copy(pool, n) for n in range(options.existing - half, options.existing)]
        joining = [
            dataclasses.replace(
                a, id=a.id + "-new", url=(a.url or "") + "/follow-up", text=a.text + "\n\nA follow-up report."
            )
            for a in joining
        ]
        fresh = [copy(pool, n) for n in range(options.existing, options.existing + options.new - half)]
        repository.add_articles([IncomingArticle(a) for a in joining + fresh])

        started = time.perf_counter()
        report = update_stories(
            repository, load_assigner(repository), digester=partial(quick_read, models=load_models())
        )
        elapsed = time.perf_counter() - started
        counts = repository.counts()
    print(
        f"database: {counts.articles:,} articles in {counts.stories:,} stories (setup {setup:.0f} s, untimed)"
    )
    print(f"{'step':<52} {'seconds':>8}")
    print(f"{f'update_stories after {options.new:,} new articles':<52} {elapsed:>8.2f}")
    print(
        f"  articles assigned: {report.assigned:,}; digest versions written: {report.versions:,} "
        f"({elapsed / max(1, report.versions) * 1000:.1f} ms per story)"
    )


if __name__ == "__main__":
    main()
