"""What an archive run did: counts, what it skipped and why, seconds per stage; ``report.json`` in DIR."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from quickread.archive.inputs import SkippedRecord

FORMAT_VERSION = 1
# Skipped records listed with their places: every one is counted by reason, but a crawl can hold millions of
# bad records, which neither a report nor the process that writes it should hold.
LISTED_SKIPS = 1000


@dataclass(slots=True)
class SkipLog:
    """Skipped records: all counted by reason, the first ``LISTED_SKIPS`` kept with their places."""

    total: int = 0
    by_reason: Counter[str] = field(default_factory=Counter)
    first: list[SkippedRecord] = field(default_factory=list)

    def add(self, record: SkippedRecord) -> None:
        self.total += 1
        self.by_reason[record.reason] += 1
        if len(self.first) < LISTED_SKIPS:
            self.first.append(record)

    def merge(self, other: SkipLog) -> None:
        self.total += other.total
        self.by_reason.update(other.by_reason)
        self.first.extend(other.first[: LISTED_SKIPS - len(self.first)])


@dataclass(slots=True)
class ArchiveReport:
    inputs: int = 0
    records: int = 0
    articles: int = 0
    outside_dates: int = 0
    skipped: SkipLog = field(default_factory=SkipLog)
    copies: int = 0
    stories: int = 0
    multi_article_stories: int = 0
    digests: int = 0
    failed_digests: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    resumed: list[str] = field(default_factory=list)  # stages (or parts of them) taken from an earlier run
    workers: int = 0
    peak_worker_memory_mb: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "inputs": self.inputs,
            "records": self.records,
            "articles": self.articles,
            "outside_dates": self.outside_dates,
            "skipped": self.skipped.total,
            "skipped_by_reason": dict(self.skipped.by_reason.most_common()),
            "skipped_records": [
                {"input": s.input, "where": s.where, "reason": s.reason} for s in self.skipped.first
            ],
            "copies": self.copies,
            "stories": self.stories,
            "multi_article_stories": self.multi_article_stories,
            "digests": self.digests,
            "failed_digests": [{"story_id": s, "reason": r} for s, r in self.failed_digests],
            "seconds": {stage: round(value, 2) for stage, value in self.seconds.items()},
            "resumed": self.resumed,
            "workers": self.workers,
            "peak_worker_memory_mb": [round(value, 1) for value in self.peak_worker_memory_mb],
        }
