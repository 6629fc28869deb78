"""How significant a story is, for ordering the front page: independent sources, size and recency.

Sources weigh more than articles: ten outlets reporting an event say more about it than one outlet's ten
updates. Recency decays the weight by half every ``HALF_LIFE_DAYS``, counted back from the newest story
listed (not from today), so an archive such as the demo corpus still ranks its own latest news first.
"""

from __future__ import annotations

import datetime as dt
import math

HALF_LIFE_DAYS = 3.0
SOURCE_WEIGHT = 2.0


def significance(source_count: int, article_count: int, last_date: dt.date | None, newest: dt.date) -> float:
    weight = SOURCE_WEIGHT * math.log2(1 + source_count) + math.log2(1 + article_count)
    if last_date is None:
        # An undated story cannot be placed in time: it ranks as if it were a half-life old.
        return weight / 2
    age_days = max(0, (newest - last_date).days)
    return weight * math.pow(0.5, age_days / HALF_LIFE_DAYS)
