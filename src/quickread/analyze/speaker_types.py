"""The types attribution passes between its modules: a speaker, an article's names, the quote before."""

from __future__ import annotations

from dataclasses import dataclass

from quickread.analyze.quotes import FoundQuote
from quickread.model import Entity


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # an entity's canonical name, or the describing phrase as written
    entity: str | None  # the canonical name when resolved to an entity


@dataclass(frozen=True, slots=True)
class EarlierQuote:
    """The quote before, with the speaker found for it: "he said" after it may be that speaker."""

    speaker: Speaker | None
    quote: FoundQuote


@dataclass(frozen=True, slots=True)
class ArticleNames:
    """An article's mentions of the story's entities outside quotes, and where its quotes are."""

    located: list[LocatedEntity]
    quoted: list[tuple[int, int]]  # each quote's opening and closing mark


@dataclass(frozen=True, slots=True)
class LocatedEntity:
    start: int
    end: int
    entity: Entity
