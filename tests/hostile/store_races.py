"""Real processes writing one database at once, for tests/hostile/test_store.py.

Each worker runs in its own process (its own engine and connections, as two ``quickread ingest`` commands
would) and reports "ok" or the error it died of on a queue; a barrier starts them together.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from tests.store.postgres_fixture import empty_postgres_or_skip

# Seconds a worker may wait for the others at the barrier, and the parent for a worker's report: far above
# the few seconds a run takes, only there so that a broken run fails instead of hanging the suite.
PATIENCE_S = 60
# Articles per story-assignment save in the racing passes (the newsroom uses 1000): many small saves
# interleave the two passes, which made every one of 8 runs before the fix die on a duplicate story key.
RACE_ASSIGN_BATCH = 10

OK = "ok"


def empty_database(backend: str, folder: Path, attempt: int) -> str:
    """The URL of an empty database: a new SQLite file in ``folder``, or the test PostgreSQL database with
    its schema dropped (skips without one)."""
    if backend == "sqlite":
        return f"sqlite:///{folder / f'race-{attempt}.db'}"
    return empty_postgres_or_skip()


@dataclass(frozen=True)
class Totals:
    articles: int
    memberships: int
    stories: int
    empty_stories: int
    miscounted_stories: int  # stories whose article_count is not their number of members
    versions: int
    stale_stories: int


def totals(url: str) -> Totals:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:

            def count(sql: str) -> int:
                return int(connection.execute(text(sql)).scalar_one())

            members = "(SELECT count(*) FROM story_articles m WHERE m.story_id = s.id)"
            wrong_count = f"SELECT count(*) FROM stories s WHERE {members} != s.article_count"
            return Totals(
                articles=count("SELECT count(*) FROM articles"),
                memberships=count("SELECT count(*) FROM story_articles"),
                stories=count("SELECT count(*) FROM stories"),
                empty_stories=count(f"SELECT count(*) FROM stories s WHERE {members} = 0"),
                miscounted_stories=count(wrong_count),
                versions=count("SELECT count(*) FROM digest_versions"),
                stale_stories=count("SELECT count(*) FROM stories WHERE article_count != digested_count"),
            )
    finally:
        engine.dispose()


def run_together(worker: Callable[..., None], arguments: Sequence[tuple[Any, ...]]) -> list[str]:
    """Start one process per argument tuple, released together; their reports, in arrival order."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(arguments))
    reports = context.Queue()
    processes = [
        context.Process(target=worker, args=(*args, barrier, reports), daemon=True) for args in arguments
    ]
    for process in processes:
        process.start()
    try:
        return [reports.get(timeout=PATIENCE_S) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=PATIENCE_S)


def open_new_database(url: str, barrier: Any, reports: Any) -> None:
    from quickread.store.database import open_database

    barrier.wait(timeout=PATIENCE_S)
    try:
        open_database(url).dispose()
        reports.put(OK)
    except Exception as error:  # the report is the test's evidence; the parent asserts on it
        reports.put(f"{type(error).__name__}: {error}")


def ingest_and_update(url: str, folder: str, barrier: Any, reports: Any) -> None:
    """What ``quickread ingest FOLDER`` does (store, place in stories, digest), with the bare digester."""
    from quickread.digest.build import digest
    from quickread.newsroom import stories
    from quickread.newsroom.assigners import load_assigner
    from quickread.newsroom.intake import ingest_paths
    from quickread.store.database import open_database
    from quickread.store.sql_repository import SqlRepository

    stories.ASSIGN_BATCH = RACE_ASSIGN_BATCH
    barrier.wait(timeout=PATIENCE_S)
    try:
        repository = SqlRepository(open_database(url))
        ingest_paths(repository, [folder])
        stories.update_stories(repository, load_assigner(repository), digester=digest)
        repository.engine.dispose()
        reports.put(OK)
    except Exception as error:
        reports.put(f"{type(error).__name__}: {error}")
