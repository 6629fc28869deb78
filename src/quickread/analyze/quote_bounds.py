"""Where the sentence and the paragraph around a quote or an offset start and end in an article."""

from __future__ import annotations

from collections.abc import Sequence

from quickread.analyze.quotes import FoundQuote
from quickread.model import Article


def sentence_bounds(article: Article, quote: FoundQuote) -> tuple[int, int]:
    start, end = quote.open_mark, quote.close_mark + 1
    for sentence in article.sentences:
        if sentence.start <= quote.open_mark < sentence.end:
            start = sentence.start
        if sentence.start <= quote.close_mark < sentence.end:
            end = sentence.end
    return start, end


def after_quote_end(article: Article, quote: FoundQuote, quotes: Sequence[FoundQuote]) -> int:
    """Where the words after a quote that may attribute it end: at its sentence's end, the next quote or its
    paragraph's end, whichever comes first."""
    _, sentence_end = sentence_bounds(article, quote)
    following = [q.open_mark for q in quotes if q.open_mark > quote.close_mark]
    return min([sentence_end, *following, paragraph_end(article, quote.close_mark)])


def paragraph_start(article: Article, offset: int) -> int:
    return article.text.rfind("\n\n", 0, offset) + 2 if "\n\n" in article.text[:offset] else 0


def previous_paragraph_start(article: Article, offset: int) -> int:
    """Where the paragraph before the one holding ``offset`` starts (its own start in the first paragraph):
    the window "this or the previous paragraph" opens there."""
    return paragraph_start(article, max(0, paragraph_start(article, offset) - 2))


def paragraph_end(article: Article, offset: int) -> int:
    found = article.text.find("\n\n", offset)
    return len(article.text) if found == -1 else found
