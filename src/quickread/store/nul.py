"""NUL characters never reach the database: PostgreSQL refuses them in text, SQLite would keep them.

Feeds, pages and files can carry ``\\x00`` in any field. Two guards remove it so that SQLite and PostgreSQL
store the same text: ``clean_article`` when an article becomes a row (its sentence offsets follow the text),
and ``strip_nul_from_parameters`` on the engine, for every other value bound to a statement (titles, URLs,
fetch-log reasons, digest JSON, and the values a lookup searches for, so a lookup finds what was stored).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from quickread.model import Article, Sentence
from quickread.store.repository import StoryAssignment

NUL = "\x00"


def without_nul(value: str) -> str:
    return value.replace(NUL, "") if NUL in value else value


def optional_without_nul(value: str | None) -> str | None:
    return None if value is None else without_nul(value)


def clean_article(article: Article) -> Article:
    """The article with every NUL removed; sentence offsets are moved to point into the cleaned text."""
    if not _article_has_nul(article):
        return article
    text = without_nul(article.text)
    nul_positions = _positions_of_nul(article.text)

    def moved(offset: int) -> int:
        return offset - bisect.bisect_left(nul_positions, offset)

    sentences = tuple(
        Sentence(
            index=s.index,
            text=text[moved(s.start) : moved(s.end)],
            start=moved(s.start),
            end=moved(s.end),
            paragraph=s.paragraph,
        )
        for s in article.sentences
    )
    dateline = article.dateline
    return dataclasses.replace(
        article,
        id=without_nul(article.id),
        title=without_nul(article.title),
        text=text,
        sentences=sentences,
        source=without_nul(article.source),
        url=optional_without_nul(article.url),
        author=optional_without_nul(article.author),
        dateline=None
        if dateline is None
        else dataclasses.replace(
            dateline,
            raw=without_nul(dateline.raw),
            place=optional_without_nul(dateline.place),
            date=optional_without_nul(dateline.date),
            outlet=optional_without_nul(dateline.outlet),
        ),
        removed_boilerplate=tuple(without_nul(line) for line in article.removed_boilerplate),
    )


def clean_assignment(assignment: StoryAssignment) -> StoryAssignment:
    """The assignment with NUL removed from its keys, so that they match the stored (cleaned) keys."""
    return dataclasses.replace(
        assignment,
        story_of={without_nul(a): without_nul(s) for a, s in assignment.story_of.items()},
        headlines={without_nul(key): headline for key, headline in assignment.headlines.items()},
        moved={without_nul(a): without_nul(s) for a, s in assignment.moved.items()},
        ended={without_nul(s): without_nul(into) for s, into in assignment.ended.items()},
    )


def strip_nul_from_parameters(engine: Engine) -> None:
    """Remove NUL from every string bound to a statement this engine runs (both databases alike)."""
    if not event.contains(engine, "before_cursor_execute", _strip_nul):
        event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)


def _strip_nul(
    _connection: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool
) -> tuple[str, Any]:
    if executemany:
        return statement, [_clean_parameters(row) for row in parameters]
    return statement, _clean_parameters(parameters)


def _clean_parameters(parameters: Any) -> Any:
    if isinstance(parameters, Mapping):
        if not any(_has_nul(v) for v in parameters.values()):
            return parameters
        return {k: without_nul(v) if isinstance(v, str) else v for k, v in parameters.items()}
    if isinstance(parameters, Sequence) and not isinstance(parameters, str):
        if not any(_has_nul(v) for v in parameters):
            return parameters
        cleaned = [without_nul(v) if isinstance(v, str) else v for v in parameters]
        return tuple(cleaned) if isinstance(parameters, tuple) else cleaned
    return parameters


def _positions_of_nul(text: str) -> list[int]:
    positions: list[int] = []
    found = text.find(NUL)
    while found != -1:
        positions.append(found)
        found = text.find(NUL, found + 1)
    return positions


def _has_nul(value: object) -> bool:
    return isinstance(value, str) and NUL in value


def _article_has_nul(article: Article) -> bool:
    dateline = article.dateline
    fields: list[str | None] = [article.id, article.title, article.text, article.source, article.url]
    fields += [article.author, *article.removed_boilerplate]
    if dateline is not None:
        fields += [dateline.raw, dateline.place, dateline.date, dateline.outlet]
    return any(value is not None and NUL in value for value in fields)
