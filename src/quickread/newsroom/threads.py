"""Keeping threads current: after a pass digests the stories it changed, their thread links are made again.

The work is bounded by the stories touched: only stories first reported within ``group.threads.THREAD_DAYS``
of one of them are read (and compared), and only the links that name a touched story are replaced. A story
merged into another drops out of every thread (``Repository.replace_story_links`` deletes its links).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.group.threads import THREAD_DAYS, ThreadStory, thread_article, thread_links
from quickread.store.repository import Repository, StoryLink, ThreadCandidate


def update_threads(repository: Repository, touched: Sequence[str]) -> int:
    """Replace the thread links of the stories ``touched``; returns how many links name one of them now."""
    keys = set(touched)
    first_dates = repository.story_first_dates(sorted(keys))
    links: list[StoryLink] = []
    for period in periods(sorted(set(first_dates.values())), THREAD_DAYS):
        candidates = repository.thread_candidates(period.since, period.until)
        stories = [story for story in map(thread_story, candidates) if story is not None]
        links += [
            StoryLink(link.earlier, link.later, link.similarity)
            for link in thread_links(stories)
            if link.earlier in keys or link.later in keys
        ]
    repository.replace_story_links(sorted(keys), links)
    return len(links)


@dataclass(frozen=True, slots=True)
class Period:
    since: dt.date
    until: dt.date  # inclusive


def periods(days: Sequence[dt.date], reach_days: int) -> list[Period]:
    """The date ranges within ``reach_days`` of the sorted ``days``, overlapping ranges joined into one, so
    that a pass touching March 2019 and December 2020 reads two short periods, not the two years between."""
    reach = dt.timedelta(days=reach_days)
    joined: list[Period] = []
    for day in days:
        if joined and day - reach <= joined[-1].until:
            joined[-1] = Period(joined[-1].since, day + reach)
        else:
            joined.append(Period(day - reach, day + reach))
    return joined


def thread_story(candidate: ThreadCandidate) -> ThreadStory | None:
    """The candidate as thread linking reads it; None for a story none of whose articles is dated."""
    dates = [article.date for article in candidate.articles if article.date is not None]
    if not dates:
        return None
    return ThreadStory(
        key=candidate.key,
        first_date=min(dates),
        articles=tuple(thread_article(article) for article in candidate.articles),
    )
