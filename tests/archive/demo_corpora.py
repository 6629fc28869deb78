"""The shipped demo corpora the archive tests read, and the rule the archive applies to their repeated ids."""

from __future__ import annotations

from conftest import REPO
from quickread.model import Article

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
WIKINEWS_DEMO = REPO / "demo" / "wikinews_2019_2020" / "articles.jsonl"


def first_of_each_id(articles: list[Article]) -> list[Article]:
    """The congress demo repeats three ids (different releases): the archive keeps the first of each."""
    seen: set[str] = set()
    return [a for a in articles if not (a.id in seen or seen.add(a.id))]  # type: ignore[func-returns-value]
