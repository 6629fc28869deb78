"""What a user chooses of an archive run (no Dask here: the command line reads it before Dask is imported)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from quickread.group.options import GroupOptions

# Days gathered into one task until it holds this many articles. The Quick Reads of a block's stories are one
# task too, so blocks must be many for the workers to share that work evenly: at 5,000 the 1,479 AllSides
# articles were one task (no speedup on 2 workers); 500 is ~20 s of Quick Reads per task, against Dask's
# few milliseconds of overhead per task, and a million articles make 2,000 tasks per stage.
BLOCK_ARTICLES = 500


class ArchiveOutput(StrEnum):
    QUICK_READS = "quick-reads"  # stories and every story's full Quick Read
    STORIES = "stories"  # stories only (the digests table lists them with no digest): a fraction of the cost


@dataclass(frozen=True, slots=True)
class ArchiveOptions:
    since: dt.date | None = None
    until: dt.date | None = None
    # A grouping window's core, in days; each window also reads GroupOptions.date_window_days on each side.
    window_days: int = 14
    block_articles: int = BLOCK_ARTICLES
    output: ArchiveOutput = ArchiveOutput.QUICK_READS
    group: GroupOptions = field(default_factory=GroupOptions)
