"""Search that finds (issue 13): words match their stems and as prefixes ("iraq" finds "Iraqi"), stories are
found by their articles' text, results rank by relevance and recency, carry marked snippets, page to the
end, and a database made before migration 0002 is searchable after the upgrade; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect
from tests.store.postgres_fixture import empty_postgres_or_skip
from tests.store.stories_fixture import stored

from quickread.model import Article
from quickread.store import database
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.search import SnippetPart, snippet_parts
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article


def article(key: str, title: str, body: str, day: int = 1, month: int = 1) -> Article:
    return build_article(
        id=key,
        raw_text=body,
        title=title,
        source="Wire",
        url=f"https://wire.example/{key}",
        date=dt.date(2020, month, day),
    )


IRAQI = article("iraqi", "Base attacked", "Rockets hit an Iraqi air base on Friday. Nobody was hurt there.")
VOTED = article("voted", "Parliament session", "The parliament voted to expel foreign troops on Sunday.")
VOTERS = article("voters", "Turnout", "Voters queued for hours at polling stations in the capital city.")
FLOODS = article("floods", "Flood warning", "Rivers rose across the valley after a week of heavy rain.")


def test_words_match_their_stems_and_as_prefixes(repository: SqlRepository) -> None:
    stored(repository, (IRAQI, "s-iraq"), (VOTED, "s-vote"), (VOTERS, "s-turnout"), (FLOODS, "s-flood"))
    assert [h.key for h in repository.search_articles("iraq")] == ["iraqi"]
    assert {h.key for h in repository.search_articles("vote")} == {"voted", "voters"}
    assert {h.key for h in repository.search_articles("voting")} == {"voted", "voters"}
    assert [h.key for h in repository.search_articles("rivers valley")] == ["floods"]
    # Under four letters a word is not a prefix: "val" finds no "valley".
    assert repository.search_articles("val") == []


def test_stories_are_found_by_their_articles_text_not_only_the_headline(repository: SqlRepository) -> None:
    stored(repository, (IRAQI, "s-iraq"), (FLOODS, "s-flood"))
    # Neither headline ("Headline s-iraq") holds "rockets"; the article text does.
    page = repository.search_story_page("rockets iraq")
    assert [h.key for h in page.items] == ["s-iraq"]
    assert page.total == 1
    assert [p.text for p in page.items[0].snippet if p.marked] == ["Rockets", "Iraqi"]


def test_title_matches_and_newer_matches_rank_first(repository: SqlRepository) -> None:
    body = "The committee met to discuss the budget for the coming year."
    stored(
        repository,
        (article("old-mention", "Committee news", body + " Drought was mentioned.", day=1), "a"),
        (article("new-mention", "Committee news", body + " Drought was discussed.", day=20), "b"),
        (article("title", "Drought declared", body, day=1), "c"),
    )
    # The same mention 19 days apart (texts differ by a word: identical texts are one article): the newer
    # first. A title match outranks both, even the newer.
    assert [h.key for h in repository.search_articles("drought")] == ["title", "new-mention", "old-mention"]
    assert [h.key for h in repository.search_stories("drought")] == ["c", "b", "a"]


def test_snippets_mark_the_match_and_keep_markup_as_text(repository: SqlRepository) -> None:
    hostile = article("x", "Council", "The council <b>voted</b> & agreed on the library budget today.")
    stored(repository, (hostile, "s"))
    (hit,) = repository.search_articles("voted")
    assert [p.text for p in hit.snippet if p.marked] == ["voted"]
    text = "".join(p.text for p in hit.snippet)
    # Plain text, never escaped here: the page escapes it once (tests/serve/test_listings.py). PostgreSQL's
    # ts_headline drops what its parser takes for tags; SQLite keeps them as text.
    assert "& agreed" in text and "&amp;" not in text and "&lt;" not in text


def test_snippet_parts_split_markers_and_survive_stray_ones() -> None:
    assert snippet_parts("a \x02b\x03 c") == (
        SnippetPart("a ", False),
        SnippetPart("b", True),
        SnippetPart(" c", False),
    )
    assert snippet_parts("\x03x\x02") == (SnippetPart("x", False),)
    assert snippet_parts("") == ()


def test_search_pages_reach_the_last_hit(repository: SqlRepository) -> None:
    pairs = [
        (article(f"a{n:02}", f"Harvest report {n}", "The harvest was larger this year.", day=n + 1), f"s{n}")
        for n in range(25)
    ]
    stored(repository, *pairs)
    seen: list[str] = []
    for offset in range(0, 30, 10):
        page = repository.search_article_page("harvest", offset, 10)
        assert page.total == 25
        seen.extend(h.key for h in page.items)
    assert len(seen) == 25 and set(seen) == {a.id for a, _ in pairs}
    assert seen[0] == "a24"  # the newest, all else equal
    stories = repository.search_story_page("harvest", 20, 10)
    assert (stories.total, len(stories.items)) == (25, 5)
    assert repository.search_article_page("harvest", 30, 10).items == ()


def test_source_pages_reach_the_last_article(repository: SqlRepository) -> None:
    pairs = [
        (article(f"a{n:03}", f"Item {n}", "Some text here.", day=1 + n % 28), f"s{n % 4}") for n in range(7)
    ]
    stored(repository, *pairs)
    first = repository.source_article_page("Wire", 0, 5)
    second = repository.source_article_page("Wire", 5, 5)
    assert (first.articles.total, first.story_count) == (7, 4)
    assert len(first.articles.items) == 5 and len(second.articles.items) == 2
    keys = [a.key for a in first.articles.items + second.articles.items]
    assert sorted(keys) == sorted(a.id for a, _ in pairs)
    assert repository.source_article_page("Wire", 10, 5).articles.items == ()
    assert repository.source_article_page("Nobody", 0, 5).articles.total == 0
    assert repository.source_page(0, 1).total == 1


def _migrate_to(url: str, revision: str) -> None:
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(database._MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_a_database_made_at_0001_is_searchable_after_the_upgrade(dialect: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}" if dialect == "sqlite" else empty_postgres_or_skip()
    _migrate_to(url, "0001")
    old = create_engine(url)
    SqlRepository(old).add_articles([IncomingArticle(IRAQI), IncomingArticle(VOTED)])
    columns = {c["name"] for c in inspect(old).get_columns("articles")}
    old.dispose()
    assert "search_document" not in columns
    engine = open_database(url)  # upgrades to head
    try:
        repository = SqlRepository(engine)
        assert [h.key for h in repository.search_articles("iraq")] == ["iraqi"]
        assert [h.key for h in repository.search_articles("votes")] == ["voted"]
        # Rows stored after the upgrade are indexed as well.
        repository.add_articles([IncomingArticle(VOTERS)])
        assert {h.key for h in repository.search_articles("vote")} == {"voted", "voters"}
    finally:
        engine.dispose()
