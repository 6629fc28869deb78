"""``import_archive``: an archive run's Parquet tables into the newsroom's database, so that ``quickread
serve`` shows its stories and Quick Reads as it shows the newsroom's own, their threads linked.

The stories keep the archive's grouping and digests (nothing is grouped or digested again). The database
stores an article once by canonical URL and content hash, so an exact republication that the archive kept
as a copy may be stored only under its origin; the story then counts the articles that were stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq

from quickread.archive.tables import TABLES
from quickread.newsroom.stories import stored_digest_json
from quickread.newsroom.threads import update_threads
from quickread.store.codec import article_from_row
from quickread.store.repository import IncomingArticle, Repository, StoryAssignment

ARCHIVE_INDEX = "archive"  # the name its story placements are stored under (the newsroom's index is another)


class ArchiveImportError(Exception):
    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{folder}: {reason}")


@dataclass(frozen=True, slots=True)
class ImportedArchive:
    articles: int
    not_stored: int  # already stored under the same canonical URL or text
    stories: int
    digests: int
    thread_links: int  # links between imported stories (and stories already stored) of one thread


def import_archive(
    folder: Path, repository: Repository, progress: Callable[[int], None] | None = None
) -> ImportedArchive:
    """Import every part; ``progress`` is told each part's number as it is done."""
    parts = sorted((folder / "digests").glob("part-*.parquet"))
    if not (folder / "report.json").exists() or not parts:
        raise ArchiveImportError(
            folder, "not a finished `quickread archive` output (no report.json or digests)"
        )
    missing = [t for t in TABLES if not all((folder / t / p.name).exists() for p in parts)]
    if missing:
        raise ArchiveImportError(folder, f"table parts missing from {', '.join(missing)}")
    stored = not_stored = stories = digests = 0
    imported: list[str] = []
    for number, part in enumerate(parts):
        rows = pq.read_table(folder / "articles" / part.name).to_pylist()
        incoming = [
            IncomingArticle(article_from_row(SimpleNamespace(key=r["id"], published=r["date"], **r)))
            for r in rows
        ]
        added = set(repository.add_articles(incoming).added)
        stored += len(added)
        not_stored += len(rows) - len(added)
        story_of = {r["id"]: r["story_id"] for r in rows if r["id"] in added}
        headlines = {
            r["id"]: r["headline"] for r in pq.read_table(folder / "stories" / part.name).to_pylist()
        }
        placed = {story for story in story_of.values()}
        repository.save_assignment(
            StoryAssignment(
                story_of=story_of,
                headlines={story: headlines[story] for story in placed},
                index_name=ARCHIVE_INDEX,
                index_state="{}",
            )
        )
        stories += len(placed)
        counts: dict[str, int] = {}
        for story in story_of.values():
            counts[story] = counts.get(story, 0) + 1
        for row in pq.read_table(part).to_pylist():
            if row["digest"] is None or row["story_id"] not in placed:
                continue
            document = json.loads(row["digest"])
            repository.add_digest_version(
                row["story_id"],
                article_count=counts[row["story_id"]],
                headline=str(document["headline"]),
                what_changed="imported from an archive run",
                digest=json.dumps(stored_digest_json(document), ensure_ascii=False),
            )
            digests += 1
        imported.extend(sorted(placed))
        if progress is not None:
            progress(number)
    # Threads as a newsroom pass makes them (bounded: each period of the imported stories' first days is
    # read once), so that imported stories show their earlier and later stories from the start.
    links = update_threads(repository, imported) if imported else 0
    return ImportedArchive(stored, not_stored, stories, digests, links)
