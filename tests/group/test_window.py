"""The StoryIndex's window clusters its articles exactly as group() clusters the same articles."""

from __future__ import annotations

import json

import pytest

from conftest import DEMO_CORPUS, require
from quickread.group.features import CorpusStatistics, article_terms
from quickread.group.grouping import group
from quickread.group.options import GroupOptions
from quickread.group.window import OpenWindow, settled_vectors
from quickread.ingest.records import article_from_record
from quickread.model import Article


def demo_weeks() -> list[Article]:
    """The first 150 Wikinews demo articles (January to April 2019), in date order."""
    rows = [json.loads(line) for line in require(DEMO_CORPUS, "Wikinews demo").read_text().splitlines()]
    articles = [article_from_record(row, row["id"], row["id"]) for row in rows]
    return sorted(articles, key=lambda a: (a.date, a.id))[:150]


def filled(articles: list[Article], statistics: CorpusStatistics, *, count: bool) -> OpenWindow:
    window = OpenWindow()
    for article in articles:
        terms = article_terms(article)
        if count:
            statistics.count(terms)
        assert article.date is not None
        window.add(article.id, article.date.toordinal(), terms, statistics)
    return window


def test_the_window_clusters_and_weighs_as_group_does() -> None:
    articles = demo_weeks()
    statistics = CorpusStatistics()
    window = filled(articles, statistics, count=True)
    clusters = window.clusters(statistics, GroupOptions())
    assert {frozenset(c) for c in clusters} == {frozenset(s.article_ids) for s in group(articles)}
    assert any(len(cluster) > 1 for cluster in clusters)
    # clusters come in the order of their first article, each in arrival order
    order = {article.id: position for position, article in enumerate(articles)}
    assert [order[c[0]] for c in clusters] == sorted(order[c[0]] for c in clusters)
    assert all([order[i] for i in c] == sorted(order[i] for i in c) for c in clusters)
    for article in articles[:20]:
        expected = statistics.vectors(article_terms(article))
        got = settled_vectors(window.article(article.id), statistics)
        assert got.words == pytest.approx(expected.words) and got.names == pytest.approx(expected.names)


def test_articles_leaving_the_window_free_their_terms_for_later_ones() -> None:
    articles = demo_weeks()
    statistics = CorpusStatistics()
    window = filled(articles[:100], statistics, count=True)
    for article in articles[:60]:
        window.remove(article.id)
    for article in articles[100:]:
        terms = article_terms(article)
        statistics.count(terms)
        assert article.date is not None
        window.add(article.id, article.date.toordinal(), terms, statistics)
    assert len(window) == 90 and list(window) == [a.id for a in articles[60:]]
    # the same articles put into a fresh window over the same statistics cluster the same way
    fresh = filled(articles[60:], statistics, count=False)
    assert window.clusters(statistics, GroupOptions()) == fresh.clusters(statistics, GroupOptions())
    assert len(window._words._column) == len(fresh._words._column)  # no column kept for a departed term
