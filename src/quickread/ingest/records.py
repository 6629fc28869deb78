"""JSON article records: {"id", "title", "text", "source", "url", "date"} and their variants."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from quickread.ingest.errors import InputError
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


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
            raw_text=text,
            title=_string(record.get("title")) or "",
            source=outlet,
            url=_string(record.get("url")),
            date=parse_date(record.get("date")),
            author=_string(record.get("author")),
        )
    except EmptyArticleError as error:
        raise InputError(name, str(error)) from error


def _string(value: object) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None
