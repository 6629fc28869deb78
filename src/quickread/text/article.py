"""Turning raw fields into an Article: normalise, strip the dateline and boilerplate, split sentences."""

from __future__ import annotations

import datetime as dt

from quickread.model import Article, Dateline, Sentence
from quickread.text.boilerplate import is_boilerplate
from quickread.text.dateline import match_dateline
from quickread.text.normalize import split_paragraphs
from quickread.text.sentences import sentence_spans


class EmptyArticleError(ValueError):
    """The input held no story text once furniture was removed."""


def build_article(
    *,
    id: str,
    raw_text: str,
    title: str = "",
    source: str | None = None,
    url: str | None = None,
    date: dt.date | None = None,
    author: str | None = None,
) -> Article:
    """Build an Article whose ``text`` and ``sentences`` agree offset for offset.

    The outlet is ``source`` when given, else the dateline's credit ("(Reuters)"), else "unknown".
    Raises EmptyArticleError when no story text is left.
    """
    paragraphs = split_paragraphs(raw_text)
    clean_title = " ".join(title.split())
    if paragraphs and clean_title and paragraphs[0].casefold() == clean_title.casefold():
        paragraphs = paragraphs[1:]  # page extractors repeat the headline as the first paragraph
    dateline: Dateline | None = None
    if paragraphs:
        found = match_dateline(paragraphs[0])
        if found is not None:
            dateline = found.dateline
            rest = paragraphs[0][found.length :].strip()
            paragraphs = [rest, *paragraphs[1:]] if rest else paragraphs[1:]
    kept: list[str] = []
    removed: list[str] = []
    for paragraph in paragraphs:
        (removed if is_boilerplate(paragraph) else kept).append(paragraph)
    if not kept:
        raise EmptyArticleError("no article text found")

    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(kept):
        for span in sentence_spans(paragraph):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=paragraph[span.start : span.end],
                    start=offset + span.start,
                    end=offset + span.end,
                    paragraph=number,
                )
            )
        offset += len(paragraph) + 2  # the "\n\n" that joins paragraphs
    outlet = source or (dateline.outlet if dateline and dateline.outlet else None) or "unknown"
    return Article(
        id=id,
        title=clean_title,
        text="\n\n".join(kept),
        sentences=tuple(sentences),
        source=outlet,
        url=url,
        date=date,
        author=author,
        dateline=dateline,
        removed_boilerplate=tuple(removed),
    )
