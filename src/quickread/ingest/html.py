"""Article extraction from an HTML page with trafilatura."""

from __future__ import annotations

import trafilatura
from trafilatura.settings import Document

from quickread.ingest.errors import InputError
from quickread.ingest.records import parse_date
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article

# What the extractor keeps from a page without a story (a menu, a cookie notice) is a handful of words; the
# shortest Wikinews article in the demo corpus has over 100.
MIN_PAGE_WORDS = 20


def article_from_html(
    html: str, name: str, article_id: str, source: str | None = None, url: str | None = None
) -> Article:
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if not isinstance(document, Document) or len((document.text or "").split()) < MIN_PAGE_WORDS:
        raise InputError(name, "no article text found in the HTML page")
    try:
        return build_article(
            id=article_id,
            raw_text=document.text or "",
            title=document.title or "",
            source=source or document.sitename or document.hostname,
            url=url or document.url,
            date=parse_date(document.date),
            author=document.author,
        )
    except EmptyArticleError as error:
        raise InputError(name, str(error)) from error
