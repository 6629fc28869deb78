"""Turning raw fields into an Article: normalise, strip the dateline and boilerplate, split sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quickread.model import Article, Dateline, Sentence
from quickread.text.boilerplate import is_boilerplate, is_furniture_sentence
from quickread.text.dateline import match_dateline
from quickread.text.normalize import split_paragraphs
from quickread.text.sentences import Span, ends_sentence, sentence_spans


class EmptyArticleError(ValueError):
    """The input held no story text once furniture was removed."""


def build_article(
    *,
    id: str,
    raw_text: str,
    title: str = "",
    source: str | None = None,
    default_source: str = "unknown",
    url: str | None = None,
    date: dt.date | None = None,
    author: str | None = None,
) -> Article:
    """Build an Article whose ``text`` and ``sentences`` agree offset for offset.

    The outlet is ``source`` when given, else the dateline's credit ("(Reuters)"), else ``default_source``.
    Raises EmptyArticleError when no story text is left.
    """
    paragraphs = split_paragraphs(raw_text)
    clean_title = " ".join(title.split())
    if paragraphs and clean_title and paragraphs[0].casefold() == clean_title.casefold():
        paragraphs = paragraphs[1:]  # page extractors repeat the headline as the first paragraph
    dateline: Dateline | None = None
    for position in _dateline_candidates(paragraphs):
        found = match_dateline(paragraphs[position])
        if found is not None:
            dateline = found.dateline
            rest = paragraphs[position][found.length :].strip()
            paragraphs = [*paragraphs[:position], *([rest] if rest else []), *paragraphs[position + 1 :]]
            break
    kept: list[_Paragraph] = []
    removed: list[str] = []
    for paragraph in paragraphs:
        if is_boilerplate(paragraph):
            removed.append(paragraph)
        else:
            story = _without_furniture(paragraph)
            removed.extend(story.removed)
            if story.spans:
                kept.append(story)
    if not kept:
        raise EmptyArticleError("no article text found")

    sentences: list[Sentence] = []
    offset = 0
    for number, story_paragraph in enumerate(kept):
        for span in story_paragraph.spans:
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=story_paragraph.text[span.start : span.end],
                    start=offset + span.start,
                    end=offset + span.end,
                    paragraph=number,
                )
            )
        offset += len(story_paragraph.text) + 2  # the "\n\n" that joins paragraphs
    outlet = source or (dateline.outlet if dateline and dateline.outlet else None) or default_source
    return Article(
        id=id,
        title=clean_title,
        text="\n\n".join(story_paragraph.text for story_paragraph in kept),
        sentences=tuple(sentences),
        source=outlet,
        url=url,
        date=date,
        author=author,
        dateline=dateline,
        removed_boilerplate=tuple(removed),
    )


# Scraped pages often put a headline, a kicker or a share bar before the story's dateline paragraph
# ("Tulowhoopski!" is a sentence, "Good Country Index Is Released, US Not In The Top 20" is not): the
# dateline is looked for in the first paragraph and after up to this many leading lines that are no sentence.
_MAX_LINES_BEFORE_DATELINE = 3


def _dateline_candidates(paragraphs: list[str]) -> range:
    """Where a dateline may stand: the first paragraph, or the first after leading headline-like lines."""
    leading = min(_MAX_LINES_BEFORE_DATELINE, len(paragraphs) - 1)
    lines = 0
    while lines < leading and not ends_sentence(paragraphs[lines]):
        lines += 1
    return range(lines + 1 if paragraphs else 0)


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    spans: tuple[Span, ...]  # its sentences
    removed: tuple[str, ...] = ()  # its furniture sentences, kept for audit


def _without_furniture(paragraph: str) -> _Paragraph:
    """The paragraph less its furniture sentences, split into sentences once."""
    spans = sentence_spans(paragraph)
    furniture = [is_furniture_sentence(paragraph[s.start : s.end]) for s in spans]
    if not any(furniture):
        return _Paragraph(paragraph, tuple(spans))  # untouched: it keeps its own spacing
    kept: list[Span] = []
    removed: list[str] = []
    text = ""
    for span, drop in zip(spans, furniture, strict=True):
        sentence = paragraph[span.start : span.end]
        if drop:
            removed.append(sentence)
            continue
        text += " " if text else ""
        kept.append(Span(len(text), len(text) + len(sentence)))
        text += sentence
    return _Paragraph(text, tuple(kept), tuple(removed))
