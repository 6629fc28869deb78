"""How significant a story is, for ordering the front page: independent sources, size and recency.

Sources weigh more than articles: ten outlets reporting an event say more about it than one outlet's ten
updates. The source term counts corroboration, log2(sources): nothing for a story one outlet tells, one
step for the second outlet, and so on. (It was log2(1 + sources), which left a lone outlet's story most of
a two-outlet story's weight: on the Congress demo, where some 25 releases a day are each told by one
office, single-office releases of the last two days outranked stories told by four to six offices a few
days earlier. With log2(sources) the first 6 stories listed, and 7 of the first 20, have several outlets,
against 2 and 6 before; SOURCE_WEIGHT 3 would give 8 of 20, so the tuned 2 is kept.)

Recency decays the weight by half every ``HALF_LIFE_DAYS``, counted from the listing's news clock (not
from today), so an archive such as the demo corpus still ranks its own latest news first. The news clock
is the newest day that several outlets reported on (``news_clock``), not the newest day of any one outlet:
a lone outlet running on after the others (the demo's Wikinews goes on to December 2020, its 127 Congress
offices stop in March 2019) must not make every story told by dozens of sources look two years old. A
story past the clock is as far from the news as one before it, and decays the same way; in a live desk
the newest multi-source story is at most a day old, so this moves fresh single-source items by at most
a day's decay.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

HALF_LIFE_DAYS = 3.0
SOURCE_WEIGHT = 2.0


def news_clock(story_dates: Iterable[tuple[int, dt.date | None]], today: dt.date) -> dt.date:
    """The newest last date of a story with two sources or more, given (source count, last date) pairs;
    the newest of any story when none has two (a single-outlet archive); ``today`` when none is dated."""
    dated = [(sources, day) for sources, day in story_dates if day is not None]
    shared = [day for sources, day in dated if sources >= 2]
    return max(shared or [day for _, day in dated], default=today)


def significance(source_count: int, article_count: int, last_date: dt.date | None, clock: dt.date) -> float:
    weight = SOURCE_WEIGHT * math.log2(max(1, source_count)) + math.log2(1 + article_count)
    if last_date is None:
        # An undated story cannot be placed in time: it ranks as if it were a half-life old.
        return weight / 2
    age_days = abs((clock - last_date).days)
    return weight * math.pow(0.5, age_days / HALF_LIFE_DAYS)
