"""Finding direct quotes in article text: “curly”, "straight" and ‘single’ marks, one paragraph at a time.

A quote never crosses a paragraph boundary (news style reopens the marks in each paragraph), so an unclosed
mark is left alone rather than guessed at. Short quoted phrases (scare quotes, titles) are not quotes of
anyone and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quickread.model import Article, QuoteKind

# Fewer words than this is a scare quote or a term ("so-called “terrorists”"), not a quote of someone. Set by
# reading the quoted phrases of the Wikinews corpus: 1-2 word ones are almost all terms or names.
MIN_QUOTE_WORDS = 3
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=[A-Za-z0-9])")
_SINGLE_CLOSE = re.compile(r"(?<=[\w.,!?])[’'](?=[\s.,;:!?)\]—–]|$)")
_TRAILING = ",;:"


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A quote's text (marks excluded) and where its marks are, in Article.text offsets."""

    article_id: str
    start: int  # first character of the quoted text
    end: int  # end of the quoted text, trailing comma excluded
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark
    kind: QuoteKind
    text: str


def find_quotes(article: Article) -> list[FoundQuote]:
    found: list[FoundQuote] = []
    offset = 0
    for paragraph in article.text.split("\n\n"):
        pairs = sorted(_pairs(paragraph))
        last_end = -1
        for open_at, close_at in pairs:
            if open_at < last_end:
                continue  # a quote inside a quote: the outer one is the quote
            quote = _make_quote(article, paragraph, offset, open_at, close_at)
            if quote is not None:
                found.append(quote)
                last_end = close_at
        offset += len(paragraph) + 2
    return found


def _pairs(paragraph: str) -> Iterator[tuple[int, int]]:
    position = 0
    while (open_at := paragraph.find("“", position)) != -1:
        close_at = paragraph.find("”", open_at + 1)
        if close_at == -1:
            break
        yield open_at, close_at
        position = close_at + 1
    straight = [i for i, char in enumerate(paragraph) if char == '"']
    yield from zip(straight[0::2], straight[1::2], strict=False)
    opens = [m.start() for m in _SINGLE_OPEN.finditer(paragraph)]
    for open_at in opens:
        close = _SINGLE_CLOSE.search(paragraph, open_at + 2)
        if close is not None:
            yield open_at, close.start()


def _make_quote(
    article: Article, paragraph: str, offset: int, open_at: int, close_at: int
) -> FoundQuote | None:
    start, end = open_at + 1, close_at
    while end > start and paragraph[end - 1] in _TRAILING:
        end -= 1
    text = paragraph[start:end]
    words = text.split()
    if len(words) < MIN_QUOTE_WORDS or text != text.strip():
        return None
    if all(word[:1].isupper() or not word[:1].isalpha() for word in words) and not text.endswith(
        (".", "!", "?")
    ):
        return None  # a title of a work or a name: "The Lion King"
    kind = _kind(text)
    if kind == QuoteKind.PARTIAL and text.endswith("."):
        end -= 1  # the sentence's full stop, not the speaker's
        text = text[:-1]
    return FoundQuote(
        article.id, offset + start, offset + end, offset + open_at, offset + close_at, kind, text
    )


def _kind(text: str) -> QuoteKind:
    """Full when the quote starts as a sentence does (a capital, or "[T]his"); a lower-case start is a
    fragment woven into the reporter's sentence."""
    first = text[1:2] if text.startswith("[") else text[:1]
    return QuoteKind.FULL if first.isupper() or first.isdigit() else QuoteKind.PARTIAL
