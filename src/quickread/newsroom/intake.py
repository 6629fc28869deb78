"""``quickread ingest``: article files and folders into the database, one batch per transaction.

JSON Lines files are streamed line by line: a bad line is logged with its reason and the others are kept, and
files far larger than the single-article size limit (bulk exports) can be read; each line is capped, and a
longer one is dropped without being held whole. A bad record of a JSON file costs that record too.
A gzipped file (``articles.jsonl.gz``) is not streamed: it is read whole like a single-article file, within
the size limit counted on its decompressed bytes, because that limit is what stops a gzip bomb.
"""

from __future__ import annotations

import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quickread.ingest.errors import InputError
from quickread.ingest.files import article_files, read_articles
from quickread.ingest.json_input import json_lines
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.newsroom.control import ProgressCallback, StopSignal, no_progress
from quickread.store.repository import FetchLogEntry, IncomingArticle, Repository
from quickread.store.times import utc_now

_JSON_LINES = frozenset({".jsonl", ".ndjson"})
BATCH_SIZE = 500  # articles per transaction: large enough for speed, small enough to lose little on a kill


@dataclass
class IngestReport:
    """What an ingest did. An input is one file (or a folder that could not be opened); it is read when at
    least one article came out of it (stored now or already stored), failed when none did."""

    added: int = 0
    duplicates: int = 0
    errors: list[InputError] = field(default_factory=list)  # every problem: whole inputs and single records
    inputs_read: int = 0
    inputs_failed: int = 0

    @property
    def every_input_failed(self) -> bool:
        """True when inputs were given and not one article could be read from any of them."""
        return self.inputs_failed > 0 and self.inputs_read == 0


@dataclass
class _FileTally:
    articles: int = 0


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
        tally = _FileTally()
        for batch in _batches(_articles_of(path, source, report, tally), BATCH_SIZE):
            result = repository.add_articles([IncomingArticle(article) for article in batch])
            report.added += len(result.added)
            report.duplicates += result.duplicates
        if tally.articles:
            report.inputs_read += 1
        else:
            report.inputs_failed += 1
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


def _articles_of(
    path: Path, source: str | None, report: IngestReport, tally: _FileTally
) -> Iterator[Article]:
    if path.suffix.lower() in _JSON_LINES and _is_regular_file(path):
        articles = _json_lines(path, source, report)
    else:
        try:
            articles = iter(read_articles(path, source=source, skipped=report.errors))
        except InputError as error:
            report.errors.append(error)
            return
    for article in articles:
        tally.articles += 1
        yield article


def _is_regular_file(path: Path) -> bool:
    """Only a regular file is streamed without a total cap; a pipe or a device is read like any other input,
    whole and within the size limit, because it may never end."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def _json_lines(path: Path, source: str | None, report: IngestReport) -> Iterator[Article]:
    try:
        handle = path.open("rb")
    except OSError as error:
        report.errors.append(InputError(str(path), f"not readable ({error.strerror or error})"))
        return
    records = 0
    with handle:
        for line in json_lines(handle, str(path)):
            records += 1
            try:
                yield article_from_record(line.value(), line.where, f"{path.stem}-{line.number}", source)
            except InputError as error:
                report.errors.append(error)
    if records == 0:
        report.errors.append(InputError(str(path), "no article records in the JSON Lines file"))


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
