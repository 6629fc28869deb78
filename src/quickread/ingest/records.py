"""JSON article records: {"id", "title", "text", "source", "url", "date"} and their variants."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from quickread.ingest.errors import InputError
from quickread.ingest.urls import checked_url
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# A NUL is never content (and PostgreSQL refuses it in text); a lone surrogate ("\ud800" in JSON) cannot be
# written as UTF-8 at all. Both come only from broken or hostile exports: NULs are dropped, surrogates become
# U+FFFD, and the rest of the record is kept.
_NUL = "\x00"
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def parse_date(value: object) -> dt.date | None:
    """ISO dates and timestamps ("2020-01-05", "2020-01-05T10:00:00Z"); anything else is None."""
    if not isinstance(value, str):
        return None
    found = _ISO_DATE.match(value.strip())
    if not found:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def article_from_record(
    record: Mapping[str, Any], name: str, default_id: str, source: str | None = None
) -> Article:
    """Build an Article from a JSON object; ``name`` identifies it in errors ("feed.jsonl line 4")."""
    if not isinstance(record, Mapping):
        raise InputError(name, "not a JSON object")
    text = record.get("text", record.get("body", record.get("article")))
    if not isinstance(text, str):
        raise InputError(name, 'no "text" field with the article text')
    outlet = source or _string(record.get("source")) or _string(record.get("outlet"))
    try:
        return build_article(
            id=_string(record.get("id")) or default_id,
            raw_text=_clean(text),
            title=_string(record.get("title")) or "",
            source=outlet,
            url=_url(record.get("url"), name),
            date=parse_date(record.get("date")),
            author=_string(record.get("author")),
        )
    except EmptyArticleError as error:
        raise InputError(name, str(error)) from error


def _url(value: object, name: str) -> str | None:
    """No URL (absent, null, blank) is fine; one that is there must be a valid http(s) URL (a NUL or other
    control character in it is refused, not dropped: a link cannot be repaired by guessing)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InputError(name, f'the "url" field is a {type(value).__name__}, not text')
    try:
        return checked_url(_LONE_SURROGATE.sub("\ufffd", value))
    except InputError as error:
        raise InputError(name, f'bad "url" {error.name!r}: {error.reason}') from None


def _string(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        # An id or year given as a number; one of thousands of digits is neither (and str() refuses it).
        return str(value) if abs(value) < 10**100 else None
    if isinstance(value, str) and _clean(value).strip():
        return _clean(value).strip()
    return None


def _clean(text: str) -> str:
    if _NUL in text:
        text = text.replace(_NUL, "")
    return _LONE_SURROGATE.sub("\ufffd", text)
