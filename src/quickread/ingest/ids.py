"""Article ids unique across inputs: a repeated id is numbered, never a reason to drop an article."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.model import Article


@dataclass(frozen=True, slots=True)
class Renamed:
    """An article whose id was taken by an earlier one, and the id it got."""

    old_id: str
    new_id: str


@dataclass(frozen=True, slots=True)
class UniqueArticles:
    articles: list[Article]
    renamed: list[Renamed]


def number_repeated_ids(articles: Sequence[Article]) -> UniqueArticles:
    """The articles with every repeat of an id numbered: "story", "story-2", "story-3" (two files may share a
    stem, "a/story.txt" and "b/story.txt"; a JSON Lines export may give two records one id). A numbered id
    that is itself taken gets the next free number."""
    taken = {article.id for article in articles}
    seen: set[str] = set()
    unique: list[Article] = []
    renamed: list[Renamed] = []
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            unique.append(article)
            continue
        number = 2
        while f"{article.id}-{number}" in taken:
            number += 1
        new_id = f"{article.id}-{number}"
        taken.add(new_id)
        seen.add(new_id)
        renamed.append(Renamed(article.id, new_id))
        unique.append(dataclasses.replace(article, id=new_id))
    return UniqueArticles(unique, renamed)
