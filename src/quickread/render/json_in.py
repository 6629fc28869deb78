"""Reading a digest back from its JSON (schema 1.0, 1.1 or 1.2): the inverse of ``json_out.digest_to_json``.

Stored digest versions are JSON; the web pages rebuild the typed Digest from them so that one renderer serves
freshly built and stored digests alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from quickread.model import (
    Article,
    Citation,
    Conflict,
    Copy,
    DateGranularity,
    Dateline,
    Digest,
    Entity,
    EventDate,
    Figure,
    KeyPoint,
    KeyPointSupport,
    Quote,
    Sentence,
    Timeline,
    TimelineEntry,
)
from quickread.render.json_out import READABLE_SCHEMA_VERSIONS

T = TypeVar("T")


class DigestFormatError(ValueError):
    """JSON that is not a digest of a schema version this code reads."""


def digest_from_json(document: Mapping[str, Any]) -> Digest:
    version = document.get("schema_version")
    if version not in READABLE_SCHEMA_VERSIONS:
        readable = ", ".join(sorted(READABLE_SCHEMA_VERSIONS))
        raise DigestFormatError(f"digest schema version {version!r} is not one of {readable}")
    try:
        articles = tuple(article_from_json(item) for item in document["articles"])
        return Digest(
            headline=document["headline"],
            headline_article=document.get("headline_article"),
            lede=_lede(document),
            key_points=tuple(
                KeyPoint(
                    p["text"],
                    tuple(citation_from_json(c) for c in p["citations"]),
                    bool(p.get("continues")),
                    event_date_from_json(p.get("event_date")),
                    bool(p.get("earlier")),
                )
                for p in document["key_points"]
            ),
            articles=articles,
            entities=tuple(from_jsonable(Entity, e) for e in document.get("entities", ())),
            quotes=tuple(from_jsonable(Quote, q) for q in document.get("quotes", ())),
            figures=tuple(from_jsonable(Figure, f) for f in document.get("figures", ())),
            conflicts=tuple(from_jsonable(Conflict, c) for c in document.get("conflicts", ())),
            copies=tuple(from_jsonable(Copy, c) for c in document.get("copies", ())),
            key_point_support=tuple(
                KeyPointSupport(p["text"], tuple(p["sources"]), int(p["independent_sources"]))
                for p in document["key_points"]
                if "sources" in p
            ),
            timeline=timeline_from_json(document.get("timeline")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DigestFormatError(f"malformed digest JSON ({error})") from error


def timeline_from_json(data: Mapping[str, Any] | None) -> Timeline | None:
    if data is None:
        return None
    entries = tuple(
        TimelineEntry(
            dt.date.fromisoformat(e["date"]),
            str(e["text"]),
            citation_from_json(e["citation"]),
            tuple(str(source) for source in e["sources"]),
        )
        for e in data["entries"]
    )
    return Timeline(entries, int(data.get("days_left_out", 0)))


def event_date_from_json(data: Mapping[str, Any] | None) -> EventDate | None:
    if data is None:
        return None
    return EventDate(
        dt.date.fromisoformat(data["first"]),
        dt.date.fromisoformat(data["last"]),
        DateGranularity(data["granularity"]),
        str(data["expression"]),
    )


def citation_from_json(data: Mapping[str, Any]) -> Citation:
    return Citation(str(data["article"]), int(data["sentence"]), int(data["start"]), int(data["end"]))


def article_from_json(data: Mapping[str, Any]) -> Article:
    dateline = data.get("dateline")
    return Article(
        id=data["id"],
        title=data["title"],
        text=data["text"],
        sentences=tuple(
            Sentence(s["index"], s["text"], s["start"], s["end"], s["paragraph"]) for s in data["sentences"]
        ),
        source=data["source"],
        url=data.get("url"),
        date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
        author=data.get("author"),
        dateline=Dateline(**dateline) if dateline else None,
    )


def _lede(document: Mapping[str, Any]) -> tuple[KeyPoint, ...]:
    return tuple(
        KeyPoint(
            p["text"],
            tuple(citation_from_json(c) for c in p["citations"]),
            event_date=event_date_from_json(p.get("event_date")),
        )
        for p in document["lede_sentences"]
    )


def from_jsonable(cls: type[T], data: Any) -> T:
    """Build dataclass ``cls`` from what ``json_out.to_jsonable`` wrote, following its type hints."""
    return typing.cast(T, _convert(cls, data))


def _convert(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [h for h in typing.get_args(hint) if h is not type(None)]
        return _convert(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        (item,) = typing.get_args(hint)[:1]
        return tuple(_convert(item, value) for value in data)
    if hint is Citation:
        return citation_from_json(data)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        names = {f.name for f in dataclasses.fields(hint) if f.init}
        return hint(**{k: _convert(hints[k], v) for k, v in data.items() if k in names})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(data)
    if hint is dt.date:
        return dt.date.fromisoformat(data)
    return data
