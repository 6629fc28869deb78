"""Where the sentence and the paragraph around a quote or an offset start and end in an article."""

from __future__ import annotations

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


def paragraph_start(article: Article, offset: int) -> int:
    return article.text.rfind("\n\n", 0, offset) + 2 if "\n\n" in article.text[:offset] else 0


def paragraph_end(article: Article, offset: int) -> int:
    found = article.text.find("\n\n", offset)
    return len(article.text) if found == -1 else found
