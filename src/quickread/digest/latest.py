"""Latest first: a story reported over several days leads with its newest development.

A reader opens a story to learn what happened last. When a story's articles report from days more than
``LATEST_SPAN`` apart, its newest development is what the articles of the newest day (and the day before:
a story broken late one day is followed up the next morning) report; the headline and the lede come from
those articles when they have a fit one, and key points that report an earlier day are marked ``earlier``
and shown after the new ones. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from quickread.digest.timeline import calendar_day
from quickread.model import Article, Citation, KeyPoint
from quickread.text.event_dates import reference_date, sentence_event_date

# Articles reporting from the newest day or the one before it tell the newest development: wire copy and
# next-morning follow-ups of one event are a day apart, and the demo's multi-day stories (a shutdown, a
# primary season) move on in steps of several days.
LATEST_SPAN = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Development:
    """The newest development of a story told over several days."""

    newest: dt.date  # the latest day an article reports from
    article_ids: frozenset[str]  # the articles reporting from within LATEST_SPAN of it
    days: Mapping[str, dt.date]  # every dated article's reporting day, by id


def newest_development(articles: Sequence[Article]) -> Development | None:
    """The story's newest development, or None when every dated article reports from within a day or two."""
    days = {}
    for article in articles:
        day = reference_date(article)
        if day is not None:
            days[article.id] = calendar_day(day)
    if not days:
        return None
    newest, oldest = max(days.values()), min(days.values())
    if newest - oldest <= LATEST_SPAN:
        return None
    latest = frozenset(article_id for article_id, day in days.items() if newest - day <= LATEST_SPAN)
    return Development(newest, latest, days)


def mark_earlier(
    points: Sequence[KeyPoint], development: Development | None, articles: Sequence[Article]
) -> tuple[KeyPoint, ...]:
    """The key points with those reporting an earlier development marked and moved after the new ones.

    A point is earlier when every sentence citing it reports a day before the newest development: the day
    the sentence dates ("on Jan. 3", "today" in a release of 2 January), else its article's day. A point an
    article of the newest development states of its own day is new, though an older one stated it first. A
    continuation goes with the point it continues.
    """
    if development is None:
        return tuple(points)
    by_id = {article.id: article for article in articles}
    start = development.newest - LATEST_SPAN
    bullets: list[list[KeyPoint]] = []
    for point in points:
        if point.continues and bullets:
            bullets[-1].append(replace(point, earlier=bullets[-1][0].earlier))
        else:
            earlier = all(_reported_day(c, by_id, development) < start for c in point.citations)
            bullets.append([replace(point, earlier=earlier)])
    ordered = [bullet for bullet in bullets if not bullet[0].earlier] + [b for b in bullets if b[0].earlier]
    return tuple(point for bullet in ordered for point in bullet)


def _reported_day(citation: Citation, by_id: Mapping[str, Article], development: Development) -> dt.date:
    """The last day a cited sentence reports: the day it dates, else its article's (undated: the newest)."""
    article = by_id.get(citation.article_id)
    day = development.days.get(citation.article_id)
    if article is None or day is None:
        return development.newest
    sentence = article.sentences[citation.sentence].text
    when = sentence_event_date(sentence, day)
    return when.last if when is not None else day
