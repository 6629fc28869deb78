"""The timeline of a story reported over several days: one line a day, a verbatim cited sentence each.

A day of the story is a day a key point's event date names ("on Thursday"), or the day an article's lead
sentence reports (the day it names, else the article's publication day). Its line is the key point dated that
day when there is one (it was already chosen as news and stands alone), else the lead sentence of the earliest
article reporting that day. Nothing is written here:
every line is source text with its citation, checked by ``digest.verify``. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from quickread.model import Article, Citation, Copy, DateGranularity, KeyPoint, Timeline, TimelineEntry
from quickread.text.event_dates import reference_date, sentence_event_date

# At most this many days are shown: the Kagi News and Google News Full Coverage timelines show about ten
# developments; a story followed for weeks keeps the days most outlets reported.
MAX_TIMELINE_DAYS = 10


@dataclass(slots=True)
class _Day:
    points: list[KeyPoint] = field(default_factory=list)  # key points dated that day, in display order
    leads: list[Article] = field(default_factory=list)  # originals whose lead sentence reports that day
    sources: dict[str, None] = field(default_factory=dict)  # outlets, in order of first appearance


def story_timeline(
    articles: Sequence[Article], points: Sequence[KeyPoint], copies: Sequence[Copy] = ()
) -> Timeline | None:
    """The timeline of a story, or None when it was reported on fewer than two days.

    ``points`` are the lede sentences and key points in display order. An article's lead sentence is placed on
    the day it reports ("On Wednesday, Sanders ended his bid"), else on the day it was published. A
    republished copy is no development: it is never cited, but its outlet counts among its day's sources.
    """
    copy_ids = {copy.article_id for copy in copies}
    by_id = {article.id: article for article in articles}
    newest = max((calendar_day(a.date) for a in articles if a.date is not None), default=None)
    days: dict[dt.date, _Day] = {}
    for point in points:
        when = point.event_date
        # a continuation leans on the sentence before it; a future day ("will vote on Friday") is not news yet
        if point.continues or when is None or when.granularity is not DateGranularity.DAY:
            continue
        if newest is not None and when.first > newest:
            continue
        day = days.setdefault(when.first, _Day())
        day.points.append(point)
        for citation in point.citations:
            if citation.article_id in by_id:
                day.sources[by_id[citation.article_id].source] = None
    for article in articles:
        if article.date is None:
            continue
        if article.id not in copy_ids and article.sentences:
            lead_day = _reported_day(article, calendar_day(article.date), newest)
            day = days.setdefault(lead_day, _Day())
            day.leads.append(article)
            day.sources[article.source] = None
        if calendar_day(article.date) in days:
            days[calendar_day(article.date)].sources[article.source] = None
    entries = [_entry(date, day) for date, day in days.items()]
    if len(entries) < 2:
        return None
    kept = sorted(entries, key=lambda e: (-len(e.sources), e.date))[:MAX_TIMELINE_DAYS]
    return Timeline(tuple(sorted(kept, key=lambda e: e.date)), days_left_out=len(entries) - len(kept))


def _reported_day(article: Article, published: dt.date, newest: dt.date | None) -> dt.date:
    """The day an article's lead sentence reports, when it names one; else the day it was published."""
    lead = article.sentences[0]
    when = sentence_event_date(lead.text, reference_date(article))
    if (
        when is None
        or when.granularity is not DateGranularity.DAY
        or (newest is not None and when.first > newest)
    ):
        return published
    return when.first


def _entry(date: dt.date, day: _Day) -> TimelineEntry:
    """The key point dated that day when there is one, else the lead of the earliest article reporting it."""
    sources = tuple(day.sources)
    if day.points:
        point = day.points[0]
        return TimelineEntry(date, point.text, point.citations[0], sources)
    # min keeps input order on ties
    article = min(day.leads, key=lambda a: calendar_day(a.date) if a.date else date)
    lead = article.sentences[0]
    return TimelineEntry(date, lead.text, Citation(article.id, lead.index, lead.start, lead.end), sources)


def calendar_day(value: dt.date) -> dt.date:
    """The calendar day of a date or a datetime (a feed's publication time)."""
    return value.date() if isinstance(value, dt.datetime) else value


def day_label(day: dt.date, newest_year: int | None) -> str:
    """How a timeline line shows its day: "Sun 5 Jan", the year added when it is not the newest source's."""
    shown = f"{day:%a} {day.day} {day:%b}"
    return shown if day.year == newest_year else f"{shown} {day.year}"


def newest_year(articles: Sequence[Article]) -> int | None:
    years = [article.date.year for article in articles if article.date is not None]
    return max(years, default=None)
