"""The repository reads behind the web pages: ranked story pages, articles with their story, outlets and
version history; run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json

from tests.store.stories_fixture import stored

from quickread.model import Article
from quickread.store.repository import IncomingArticle
from quickread.store.significance import significance
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

BODY = (
    "Iraq's parliament voted on Sunday to expel U.S. troops from the country. "
    "The vote followed the killing of Qasem Soleimani in a U.S. drone strike at Baghdad airport."
)


def article(key: str, source: str, day: int, body: str = BODY) -> Article:
    return build_article(
        id=key,
        raw_text=f"{body} Report {key}.",
        title=f"Title {key}",
        source=source,
        url=f"https://{source.lower()}.example/{key}",
        date=dt.date(2020, 1, day),
    )


def test_more_independent_sources_rank_first_and_pages_split(repository: SqlRepository) -> None:
    stored(
        repository,
        (article("w1", "Reuters", 5), "wide"),
        (article("w2", "AP", 5), "wide"),
        (article("w3", "BBC", 5), "wide"),
        (article("n1", "Reuters", 5), "narrow"),
        (article("n2", "Reuters", 5), "narrow"),
        (article("o1", "AP", 1), "old"),
    )
    first = repository.ranked_stories(limit=2)
    assert [s.key for s in first.stories] == ["wide", "narrow"]
    assert first.total == 3
    assert first.stories[0].outlets == ("AP", "BBC", "Reuters")
    assert (first.stories[0].source_count, first.stories[1].source_count) == (3, 1)
    second = repository.ranked_stories(offset=2, limit=2)
    assert [s.key for s in second.stories] == ["old"]


def test_date_range_keeps_stories_with_an_article_inside(repository: SqlRepository) -> None:
    stored(
        repository,
        (article("a", "AP", 1), "early"),
        (article("b", "AP", 9), "late"),
        (article("c", "AP", 3), "spans"),
        (article("d", "AP", 12), "spans"),
    )
    found = repository.ranked_stories(since=dt.date(2020, 1, 8), until=dt.date(2020, 1, 10))
    assert sorted(s.key for s in found.stories) == ["late", "spans"]
    spans = next(s for s in found.stories if s.key == "spans")
    assert (spans.first_date, spans.last_date) == (dt.date(2020, 1, 3), dt.date(2020, 1, 12))


def test_listing_carries_the_latest_lede(repository: SqlRepository) -> None:
    stored(repository, (article("a", "AP", 1), "s1"))
    for lede in ("First lede.", "Second lede."):
        repository.add_digest_version(
            "s1", article_count=1, headline="H", what_changed="x", digest=json.dumps({"lede": lede})
        )
    (summary,) = repository.ranked_stories().stories
    assert summary.lede == "Second lede."
    assert [v.version for v in repository.story_versions("s1")] == [2, 1]


def test_article_with_its_story_and_source_pages(repository: SqlRepository) -> None:
    original = article("a", "AP", 1)
    stored(repository, (original, "s1"))
    repository.add_articles([IncomingArticle(article("loose", "BBC", 2, body="Another event entirely."))])
    found = repository.article("a")
    assert found is not None
    assert found.article == original
    assert (found.story_key, found.story_headline) == ("s1", "Headline s1")
    loose = repository.article("loose")
    assert loose is not None and loose.story_key is None
    assert repository.article("missing") is None
    assert [(a.key, a.story_key) for a in repository.source_articles("AP")] == [("a", "s1")]
    assert {(s.name, s.article_count) for s in repository.sources()} == {("AP", 1), ("BBC", 1)}


def test_significance_prefers_sources_then_recency() -> None:
    today = dt.date(2020, 1, 10)
    assert significance(3, 3, today, today) > significance(1, 3, today, today)
    assert significance(3, 3, today, today) > significance(3, 3, dt.date(2020, 1, 1), today)
    assert significance(1, 1, None, today) > 0


def test_listing_restricted_to_keys(repository: SqlRepository) -> None:
    stored(repository, (article("a", "AP", 1), "s1"), (article("b", "AP", 2), "s2"))
    assert [s.key for s in repository.ranked_stories(keys=["s1", "nope"]).stories] == ["s1"]
    assert repository.ranked_stories(keys=[]).total == 0


def test_listing_revision_moves_with_assignments_and_digests(repository: SqlRepository) -> None:
    empty = repository.listing_revision()
    stored(repository, (article("a", "AP", 1), "s1"))
    assigned = repository.listing_revision()
    repository.add_digest_version("s1", article_count=1, headline="H", what_changed="x", digest="{}")
    digested = repository.listing_revision()
    assert len({empty, assigned, digested}) == 3
    assert repository.listing_revision() == digested  # nothing changed, same revision
