"""Stored stories follow the story index's regrouping: one assignment places new articles, moves earlier ones
and ends merged stories in one transaction; counts and staleness follow, and a merged story names the story
it went into."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text

from quickread.model import Article
from quickread.store import writes
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle, StoryAssignment
from quickread.store.schema import stories
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

MIGRATIONS = Path(writes.__file__).parent / "migrations"


def report(key: str, words: str) -> Article:
    return build_article(
        id=key, raw_text=f"{words}. It was reported on Monday.", title=words, source="Outlet", url=None
    )


def assignment(
    story_of: dict[str, str] | None = None,
    *,
    moved: dict[str, str] | None = None,
    ended: dict[str, str] | None = None,
    state: str = "{}",
) -> StoryAssignment:
    return StoryAssignment(
        story_of=story_of or {},
        headlines={key: f"Story {key}" for key in (story_of or {}).values()},
        index_name="test-index",
        index_state=state,
        moved=moved or {},
        ended=ended or {},
    )


def members(repository: SqlRepository, key: str) -> list[str]:
    return sorted(a.id for a in repository.story_articles(key))


def digest_all(repository: SqlRepository) -> None:
    for story in repository.stale_stories():
        repository.add_digest_version(
            story.key,
            article_count=story.article_count,
            headline=story.headline,
            what_changed="First",
            digest=f'{{"of": "{story.key}", "revision": {story.revision}}}',
            revision=story.revision,
        )


@pytest.fixture
def placed(repository: SqlRepository) -> SqlRepository:
    """Five articles in three digested stories: s1 [a1 a2], s2 [a3], s3 [a4]; a5 not placed yet."""
    words = ["Ferry sinks", "Divers search", "Budget passes", "Pension reform", "Ferry inquiry"]
    repository.add_articles([IncomingArticle(report(f"a{n}", w)) for n, w in enumerate(words, start=1)])
    repository.save_assignment(assignment({"a1": "s1", "a2": "s1", "a3": "s2", "a4": "s3"}))
    digest_all(repository)
    assert repository.stale_stories() == []
    return repository


def test_moves_and_merges_are_stored_with_counts_and_staleness(placed: SqlRepository) -> None:
    # a2 moves to s2 while a5 joins s1 (s1 keeps two articles: it is stale all the same); s3 ends in s2.
    placed.save_assignment(assignment({"a5": "s1"}, moved={"a2": "s2"}, ended={"s3": "s2"}, state='{"n": 2}'))
    assert members(placed, "s1") == ["a1", "a5"]
    assert members(placed, "s2") == ["a2", "a3", "a4"]
    assert members(placed, "s3") == []
    counts = {key: record.article_count for key in ("s1", "s2", "s3") if (record := placed.story(key))}
    assert counts == {"s1": 2, "s2": 3, "s3": 0}
    assert [s.key for s in placed.stale_stories()] == ["s1", "s2"]  # not the ended s3
    ended = placed.story("s3")
    assert ended is not None and ended.merged_into == "s2"
    assert placed.story_successor("s3") == "s2"
    assert placed.story_successor("s1") is None and placed.story_successor("nothing") is None
    assert [s.key for s in placed.stories()] == ["s2", "s1"] and placed.counts().stories == 2
    assert [s.key for s in placed.ranked_stories().stories] == ["s2", "s1"]
    # the ended story's digest stays stored, as history
    kept = placed.digest_version("s3")
    assert kept is not None and kept.version == 1 and kept.digest.startswith('{"of": "s3"')
    assert placed.index_state("test-index") == '{"n": 2}'
    stored = placed.article("a2")
    assert stored is not None and stored.story_key == "s2"


def test_a_failed_assignment_leaves_nothing_half_done(
    placed: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise RuntimeError("disk full")

    # The state is saved last, after the placements, moves and merges: a failure there must undo them all.
    monkeypatch.setattr(writes, "_save_index_state", refuse)
    with pytest.raises(RuntimeError, match="disk full"):
        placed.save_assignment(assignment({"a5": "s4"}, moved={"a2": "s2"}, ended={"s3": "s2"}, state="{}"))
    assert (members(placed, "s1"), members(placed, "s2"), members(placed, "s3")) == (
        ["a1", "a2"],
        ["a3"],
        ["a4"],
    )
    assert placed.story("s4") is None and placed.story_successor("s3") is None
    assert [a.id for a in placed.unassigned_articles(10)] == ["a5"]
    assert placed.stale_stories() == [] and placed.counts().stories == 3


def test_a_chain_of_merges_leads_to_the_live_story(placed: SqlRepository) -> None:
    placed.save_assignment(assignment(ended={"s3": "s2"}))
    placed.save_assignment(assignment(ended={"s2": "s1"}))
    assert placed.story_successor("s3") == "s1" and placed.story_successor("s2") == "s1"
    assert members(placed, "s1") == ["a1", "a2", "a3", "a4"]
    # one step reporting a chain (s1 into s4, a story started in the same step, and s4 into s5)
    placed.save_assignment(assignment({"a5": "s5"}, ended={"s1": "s4", "s4": "s5"}))
    assert {key: placed.story_successor(key) for key in ("s1", "s2", "s3", "s4", "s5")} == {
        "s1": "s5",
        "s2": "s5",
        "s3": "s5",
        "s4": None,  # never stored: it started and ended inside the step
        "s5": None,
    }
    assert members(placed, "s5") == ["a1", "a2", "a3", "a4", "a5"]
    assert [s.key for s in placed.stories()] == ["s5"]


def test_a_story_the_index_uses_again_is_live_again(placed: SqlRepository) -> None:
    placed.save_assignment(assignment(ended={"s3": "s2"}))
    placed.save_assignment(assignment({"a5": "s3"}))
    assert placed.story_successor("s3") is None and members(placed, "s3") == ["a5"]
    assert [s.key for s in placed.stale_stories()] == ["s2", "s3"]


def test_a_story_split_off_by_moves_is_named_after_its_first_article(placed: SqlRepository) -> None:
    placed.save_assignment(assignment(moved={"a2": "s9"}))
    split = placed.story("s9")
    assert split is not None and split.headline == "Divers search" and split.article_count == 1


def test_a_digest_of_an_older_revision_leaves_the_story_stale(placed: SqlRepository) -> None:
    placed.save_assignment(assignment({"a5": "s1"}))
    read = placed.story("s1")  # a pass reads the story, then its articles, and digests them
    assert read is not None
    placed.save_assignment(assignment(moved={"a2": "s2"}))  # meanwhile another pass moves one away
    late = placed.add_digest_version(
        "s1", article_count=3, headline="H", what_changed="x", digest='{"late": 1}', revision=read.revision
    )
    assert late.version == 2
    assert [s.key for s in placed.stale_stories()] == ["s1", "s2"]  # s1 is digested again
    # a second pass that built the same revision keeps the stored version
    again = placed.add_digest_version(
        "s1", article_count=3, headline="H", what_changed="y", digest='{"late": 2}', revision=read.revision
    )
    assert (again.version, again.what_changed) == (2, "x")
    digest_all(placed)
    assert placed.stale_stories() == []


def test_the_migration_keeps_stale_stories_stale(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for key, count, digested in (("fresh", 2, 2), ("stale", 3, 2)):
            connection.execute(
                text(
                    "INSERT INTO stories"
                    " (key, headline, article_count, digested_count, created_at, updated_at)"
                    " VALUES (:key, 'H', :count, :digested, '2026-01-01', '2026-01-01')"
                ),
                {"key": key, "count": count, "digested": digested},
            )
    engine.dispose()
    migrated = open_database(url)
    try:
        assert [s.key for s in SqlRepository(migrated).stale_stories()] == ["stale"]
        with migrated.connect() as connection:
            merged = connection.execute(select(stories.c.merged_into)).scalars().all()
        assert merged == [None, None]
    finally:
        migrated.dispose()
