"""The Parquet tables an archive run writes in DIR: articles, stories, memberships and digests.

One part file per story block (``<table>/part-00012.parquet``); read a table whole with
``pyarrow.parquet.read_table("DIR/stories")`` (or pandas, DuckDB, Spark: any Parquet reader).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from quickread.archive.work import write_atomically
from quickread.model import Article, Story
from quickread.store.codec import extraction_json

TABLES = ("articles", "stories", "memberships", "digests")

ARTICLES = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("date", pa.date32()),
        ("author", pa.string()),
        # sentence offsets, dateline and removed furniture (store.codec.extraction_json): the article is
        # rebuilt exactly, so that every citation's offsets still point at its text
        ("extraction", pa.string()),
        ("story_id", pa.string()),
    ]
)
STORIES = pa.schema(
    [
        ("id", pa.string()),
        ("headline", pa.string()),
        ("size", pa.int32()),
        ("sources", pa.list_(pa.string())),
        ("independent_sources", pa.list_(pa.string())),
        ("first_date", pa.date32()),
        ("last_date", pa.date32()),
    ]
)
MEMBERSHIPS = pa.schema(
    [
        ("story_id", pa.string()),
        ("article_id", pa.string()),
        ("position", pa.int32()),  # reading order within the story
        ("copy_of", pa.string()),  # the article this one republishes, if it is a copy
        ("wire", pa.string()),
        ("exact", pa.bool_()),
    ]
)
DIGESTS = pa.schema(
    [
        ("story_id", pa.string()),
        ("digest", pa.string()),  # JSON in the digest schema (schema/digest.schema.json); null if it failed
        ("error", pa.string()),  # why the digest could not be made, else null
    ]
)


@dataclass(frozen=True, slots=True)
class StoryOutput:
    story: Story
    articles: tuple[Article, ...]
    digest_json: dict[str, object] | None
    error: str | None


def write_parts(out: Path, part: int, outputs: Sequence[StoryOutput]) -> None:
    """The four tables' parts for these stories, each written whole or not at all."""
    name = f"part-{part:05d}.parquet"
    articles = [
        {
            "id": a.id,
            "title": a.title,
            "text": a.text,
            "source": a.source,
            "url": a.url,
            "date": a.date,
            "author": a.author,
            "extraction": extraction_json(a),
            "story_id": o.story.id,
        }
        for o in outputs
        for a in o.articles
    ]
    stories = [
        {
            "id": o.story.id,
            "headline": o.story.headline,
            "size": o.story.size,
            "sources": list(o.story.sources),
            "independent_sources": list(o.story.independent_sources),
            "first_date": o.story.first_date,
            "last_date": o.story.last_date,
        }
        for o in outputs
    ]
    memberships = []
    for o in outputs:
        copies = {copy.article_id: copy for copy in o.story.copies}
        for position, article_id in enumerate(o.story.article_ids):
            copy = copies.get(article_id)
            memberships.append(
                {
                    "story_id": o.story.id,
                    "article_id": article_id,
                    "position": position,
                    "copy_of": copy.origin_id if copy else None,
                    "wire": copy.wire if copy else None,
                    "exact": copy.exact if copy else False,
                }
            )
    digests = [
        {
            "story_id": o.story.id,
            "digest": None if o.digest_json is None else json.dumps(o.digest_json, ensure_ascii=False),
            "error": o.error,
        }
        for o in outputs
    ]
    for table, schema, rows in (
        ("articles", ARTICLES, articles),
        ("stories", STORIES, stories),
        ("memberships", MEMBERSHIPS, memberships),
        ("digests", DIGESTS, digests),
    ):
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer, compression="zstd")
        write_atomically(out / table / name, buffer.getvalue())
