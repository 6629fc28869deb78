"""``quickread ingest``: article files and folders into the database, one batch per transaction.

JSON Lines files are streamed line by line: a bad line is logged with its reason and the others are kept, and
files far larger than the single-article size limit (bulk exports) can be read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quickread.ingest.errors import InputError
from quickread.ingest.files import article_files, read_articles
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.newsroom.control import ProgressCallback, StopSignal, no_progress
from quickread.store.repository import FetchLogEntry, IncomingArticle, Repository
from quickread.store.times import utc_now

_JSON_LINES = frozenset({".jsonl", ".ndjson"})
BATCH_SIZE = 500  # articles per transaction: large enough for speed, small enough to lose little on a kill
MAX_LINE_BYTES = 10 * 1024 * 1024


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)


def ingest_paths(
    repository: Repository,
    paths: Sequence[str | Path],
    *,
    source: str | None = None,
    progress: ProgressCallback = no_progress,
    stop: StopSignal | None = None,
) -> IngestReport:
    report = IngestReport()
    for path in article_files(paths):
        if stop is not None and stop.requested:
            break
        added_before, errors_before = report.added, len(report.errors)
        for batch in _batches(_articles_of(path, source, report), BATCH_SIZE):
            result = repository.add_articles([IncomingArticle(article) for article in batch])
            report.added += len(result.added)
            report.duplicates += result.duplicates
        file_errors = report.errors[errors_before:]
        repository.log_fetch(
            FetchLogEntry(
                url=str(path),
                kind="file",
                status="error" if file_errors else "ok",
                reason=_summary(file_errors),
                at=utc_now(),
                articles_added=report.added - added_before,
            )
        )
        progress(str(path))
    return report


def _articles_of(path: Path, source: str | None, report: IngestReport) -> Iterator[Article]:
    if path.suffix.lower() in _JSON_LINES and path.is_file():
        yield from _json_lines(path, source, report)
        return
    try:
        yield from read_articles(path, source=source)
    except InputError as error:
        report.errors.append(error)


def _json_lines(path: Path, source: str | None, report: IngestReport) -> Iterator[Article]:
    try:
        handle = path.open("rb")
    except OSError as error:
        report.errors.append(InputError(str(path), f"not readable ({error.strerror or error})"))
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            where = f"{path} line {number}"
            if not raw.strip():
                continue
            try:
                if len(raw) > MAX_LINE_BYTES:
                    raise InputError(where, f"line over the size limit ({MAX_LINE_BYTES:,} bytes)")
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as error:
                    raise InputError(where, f"malformed JSON ({error})") from error
                yield article_from_record(record, where, f"{path.stem}-{number}", source)
            except InputError as error:
                report.errors.append(error)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _summary(errors: Sequence[InputError]) -> str | None:
    if not errors:
        return None
    shown = "; ".join(str(error) for error in errors[:3])
    return shown if len(errors) <= 3 else f"{shown} (and {len(errors) - 3} more)"
