"""Article extraction from an HTML page with trafilatura."""

from __future__ import annotations

import datetime as dt

import trafilatura
from trafilatura.settings import Document

from quickread.ingest.errors import InputError
from quickread.ingest.records import parse_date
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article

# What the extractor keeps from a page without a story (a menu, a cookie notice) is a handful of words; the
# shortest Wikinews article in the demo corpus has over 100.
MIN_PAGE_WORDS = 20
# htmldate's options for a publication date the page's markup states (meta tags, structured data, time
# elements, the URL), never one guessed from its text.
_STATED_DATE_ONLY = {"original_date": True, "extensive_search": False}


def article_from_html(
    html: str,
    name: str,
    article_id: str,
    source: str | None = None,
    url: str | None = None,
    fallback_date: dt.date | None = None,
) -> Article:
    """The article of an HTML page; InputError naming ``name`` when the page has no article text.

    Its date is the one trafilatura finds. With ``fallback_date`` (the day a crawler fetched the page) it is
    only a date the page's markup states, else ``fallback_date``: trafilatura's wider search takes a year the
    text mentions (a 2020 story that says "in 2007" got 2007-01-01), which a crawl date does better than.
    """
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=None if fallback_date is None else _STATED_DATE_ONLY,
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
            date=parse_date(document.date) or fallback_date,
            author=document.author,
        )
    except EmptyArticleError as error:
        raise InputError(name, str(error)) from error
