"""A made-up stream in which one arrival links two stories: a ferry sinking, and divers reaching its wreck,
first told apart, then joined by a report that tells both (and an unrelated budget story)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from quickread.model import Article
from quickread.text.article import build_article

DAY = dt.date(2024, 3, 4)


def ferry_article(article_id: str, title: str, text: str, day: int = 0) -> Article:
    date = DAY + dt.timedelta(days=day)
    return build_article(id=article_id, raw_text=text, title=title, source="Outlet", date=date)


FERRY_SINKS = ferry_article(
    "a",
    "Ferry sinks off Halmstad",
    "A passenger ferry sank off Halmstad on Monday. Coast guard boats searched the cold water.",
)
BUDGET = ferry_article(
    "z",
    "Parliament passes budget",
    "Lawmakers in Oslo approved the national budget after a long debate about pensions and taxes.",
)
DIVERS = ferry_article(
    "b",
    "Rescue divers reach wreck",
    "Rescue divers reached the wreck of the Kattegat Star near the harbour. "
    "Survivors were taken to hospital.",
)
DIVERS_COPY = dataclasses.replace(DIVERS, id="b2", source="Republisher", title="DIVERS REACH WRECK")
BOTH = ferry_article(
    "c",
    "Kattegat Star ferry sank off Halmstad",
    "The ferry Kattegat Star sank off Halmstad. Coast guard boats and rescue divers searched the wreck; "
    "survivors were taken to hospital.",
)
# A later report on the ferry, for a story that was merged before.
INQUIRY = ferry_article(
    "d",
    "Inquiry into Kattegat Star sinking",
    "Sweden opened an inquiry into why the ferry Kattegat Star sank off Halmstad; rescue divers who reached "
    "the wreck will testify.",
)
