"""The digest as JSON, following the versioned schema in ``quickread/schema/digest.schema.json``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any

from quickread.model import Article, Citation, Digest, EventDate, KeyPoint, Timeline

SCHEMA_VERSION = "1.3"
# 1.1 added the optional key point field "continues"; a 1.0 document is a valid 1.1 document without it.
# 1.2 added the optional "event_date" of a key point and a lede sentence; older documents lack it. The
# optional "timeline" came in the same release (absent for a story reported on one day), so it is 1.2 too.
# 1.3 added the optional key point field "earlier" (latest first: it reports an earlier development).
READABLE_SCHEMA_VERSIONS = frozenset({"1.0", "1.1", "1.2", "1.3"})


def digest_to_json(digest: Digest) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "headline": digest.headline,
        "headline_article": digest.headline_article,
        "lede": digest.lede_text,
        "lede_citations": [citation_to_json(c) for point in digest.lede for c in point.citations],
        "lede_sentences": [key_point_to_json(point) for point in digest.lede],
        "key_points": [_with_support(digest, number) for number in range(len(digest.key_points))],
        "entities": [to_jsonable(entity) for entity in digest.entities],
        "quotes": [to_jsonable(quote) for quote in digest.quotes],
        "figures": [to_jsonable(figure) for figure in digest.figures],
        "conflicts": [to_jsonable(conflict) for conflict in digest.conflicts],
        "copies": [to_jsonable(copy) for copy in digest.copies],
        "articles": [article_to_json(article) for article in digest.articles],
    }
    if digest.timeline is not None:
        document["timeline"] = timeline_to_json(digest.timeline)
    return document


def timeline_to_json(timeline: Timeline) -> dict[str, Any]:
    return {
        "entries": [
            {
                "date": entry.date.isoformat(),
                "text": entry.text,
                "citation": citation_to_json(entry.citation),
                "sources": list(entry.sources),
            }
            for entry in timeline.entries
        ],
        "days_left_out": timeline.days_left_out,
    }


def _with_support(digest: Digest, number: int) -> dict[str, Any]:
    point = digest.key_points[number]
    document = key_point_to_json(point)
    if point.continues:
        document["continues"] = True
    if point.earlier:
        document["earlier"] = True
    if number < len(digest.key_point_support):
        support = digest.key_point_support[number]
        document["sources"] = list(support.sources)
        document["independent_sources"] = support.independent_sources
    return document


def key_point_to_json(point: KeyPoint) -> dict[str, Any]:
    document: dict[str, Any] = {
        "text": point.text,
        "citations": [citation_to_json(c) for c in point.citations],
    }
    if point.event_date is not None:
        document["event_date"] = event_date_to_json(point.event_date)
    return document


def event_date_to_json(date: EventDate) -> dict[str, Any]:
    return {
        "first": date.first.isoformat(),
        "last": date.last.isoformat(),
        "granularity": date.granularity.value,
        "expression": date.expression,
    }


def citation_to_json(citation: Citation) -> dict[str, Any]:
    return {
        "article": citation.article_id,
        "sentence": citation.sentence,
        "start": citation.start,
        "end": citation.end,
    }


def article_to_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "date": article.date.isoformat() if article.date else None,
        "author": article.author,
        "dateline": to_jsonable(article.dateline) if article.dateline else None,
        "text": article.text,
        "sentences": [
            {"index": s.index, "text": s.text, "start": s.start, "end": s.end, "paragraph": s.paragraph}
            for s in article.sentences
        ],
    }


def to_jsonable(value: Any) -> Any:
    """Dataclasses to objects, enums to their values, dates to ISO strings, tuples to lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Citation):
            return citation_to_json(value)
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value
