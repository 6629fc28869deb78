"""Assembling a Story from its articles: headline, outlets, dates, copies and independent sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from quickread.group.lineage import independent_sources
from quickread.model import Article, Copy, Story


def build_story(articles: Sequence[Article], copies: Sequence[Copy]) -> Story:
    """``articles`` in reading order (by date, then input order); the story is named after the first."""
    copied = {copy.article_id for copy in copies}
    originals = [article for article in articles if article.id not in copied] or list(articles)
    dates = [article.date for article in articles if article.date is not None]
    return Story(
        id=f"story-{articles[0].id}",
        article_ids=tuple(article.id for article in articles),
        headline=_headline(originals),
        sources=tuple(sorted({article.source for article in articles})),
        first_date=min(dates, default=None),
        last_date=max(dates, default=None),
        independent_sources=independent_sources(articles, copies),
        copies=tuple(copies),
    )


def reading_order(article: Article, position: int) -> tuple[bool, dt.date, int]:
    """Sort key: dated articles by date, then undated ones, ties in input order."""
    return (article.date is None, article.date or dt.date.min, position)


def significance(story: Story) -> tuple[int, dt.date, int]:
    """Most significant first when sorted in reverse: more independent reports, then more recent."""
    return (len(story.independent_sources), story.last_date or dt.date.min, story.size)


def _headline(articles: Sequence[Article]) -> str:
    for article in articles:
        if article.title:
            return article.title
    first = articles[0]
    return first.sentences[0].text if first.sentences else first.text[:120]
