"""The verbatim check every quote passes before a digest may show it.

A quote is shown only if its text appears character for character in its cited article (after mapping
typographic quote marks to ASCII and collapsing whitespace) and sits between quote marks there. Anything
else is refused with a reason, never repaired.
"""

from __future__ import annotations

from dataclasses import dataclass

from quickread.model import Article, Quote
from quickread.text.normalize import squash_quotes

_OPENING = "“\"‘'"
_CLOSING = "”\"’'"
# characters a quote's text may drop before its closing mark: the attribution comma, a partial quote's stop
_DROPPED_BEFORE_CLOSE = ",;:."


@dataclass(frozen=True, slots=True)
class RejectedQuote:
    quote: Quote
    reason: str


def verbatim_problem(quote: Quote, article: Article) -> str | None:
    """Why ``quote`` may not be shown as a quote of ``article``, or None when it passes."""
    if quote.citation.article_id != article.id:
        return f"cites article {quote.citation.article_id!r}, checked against {article.id!r}"
    start, end = quote.citation.start, quote.citation.end
    if not 0 <= start < end <= len(article.text):
        return "citation span lies outside the article"
    if not quote.text.strip():
        return "empty quote"
    cited = article.text[start:end]
    if squash_quotes(cited) != squash_quotes(quote.text):
        return f"text differs from the cited source span {cited!r}"
    if squash_quotes(quote.text) not in squash_quotes(article.text):
        return "text not found in the source"
    if start == 0 or article.text[start - 1] not in _OPENING:
        return "not preceded by an opening quote mark in the source"
    rest = article.text[end:].lstrip(_DROPPED_BEFORE_CLOSE)
    if not rest or rest[0] not in _CLOSING:
        return "not followed by a closing quote mark in the source"
    return None
