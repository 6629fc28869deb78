"""What the workers run: one function per stage, over a part of the archive named by paths and numbers.

Every task reads its inputs from the work folder and writes its results there whole or not at all, so Dask
may run it again (after a worker dies) or a rerun may skip it (after the job was killed). The stages call
the same functions as the single-process path: ``text.article.build_article`` through the readers,
``group.features``, ``group.grouping.candidate_similarities``, ``group.cluster.average_link``,
``group.stories.build_story``, ``group.lineage.trace_copies`` and ``pipeline.quick_read``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from quickread.analyze.models import NlpModels, load_models
from quickread.archive.copies import (
    EXACT,
    PAIR,
    CopyDecision,
    CopyFeatures,
    bucket_pairs,
    copy_features,
    decide,
    most_recent_candidates,
    shuffle_rows,
)
from quickread.archive.inputs import read_input
from quickread.archive.options import ArchiveOutput
from quickread.archive.plan import UNDATED, ArchivePlan, DayRange, GroupingWindow, day_key
from quickread.archive.report import SkipLog
from quickread.archive.stitch import WindowClusters
from quickread.archive.tables import StoryOutput, write_parts
from quickread.archive.work import append_frame, clear, frames, load_pickle, save_json, save_pickle, work_path
from quickread.group.duplicates import CopyMatch
from quickread.group.features import ArticleTerms, CorpusStatistics, article_terms
from quickread.group.grouping import event_labels
from quickread.group.lineage import trace_copies
from quickread.group.options import GroupOptions
from quickread.group.stories import build_story
from quickread.model import Article
from quickread.pipeline import quick_read
from quickread.render.json_out import digest_to_json

# Articles held per input before they are appended to their day files: bounds a reader's memory.
_FLUSH_ARTICLES = 2000


@dataclass(slots=True)
class ReadSummary:
    input: str
    days: dict[str, int] = field(default_factory=dict)
    records: int = 0
    outside_dates: int = 0
    skipped: SkipLog = field(default_factory=SkipLog)


def read_task(out: str, number: int, path: str, since: dt.date | None, until: dt.date | None) -> ReadSummary:
    """Stream one input into per-day files ``_work/read/<number>/<day>.pkl`` of (position, article)."""
    folder = work_path(out, "read", str(number))
    clear(folder)  # a part left by a killed attempt
    summary = ReadSummary(input=path)
    buffered: dict[str, list[tuple[int, Article]]] = {}
    held = 0
    for batch in read_input(Path(path)):
        for record in batch.skipped:
            summary.skipped.add(record)
        for article in batch.articles:
            summary.records += 1
            if article.date is not None and (
                (since is not None and article.date < since) or (until is not None and article.date > until)
            ):
                summary.outside_dates += 1
                continue
            day = day_key(article.date)
            buffered.setdefault(day, []).append((summary.records, article))
            summary.days[day] = summary.days.get(day, 0) + 1
            held += 1
        if held >= _FLUSH_ARTICLES:
            _flush(folder, buffered)
            held = 0
    _flush(folder, buffered)
    save_pickle(folder / "done.pkl", summary)
    return summary


def _flush(folder: Path, buffered: dict[str, list[tuple[int, Article]]]) -> None:
    for day, items in buffered.items():
        append_frame(folder / f"{day}.pkl", items)
    buffered.clear()


class ArticleOrigin(NamedTuple):
    """Where an article came from, to name it in the report."""

    id: str
    input: int  # the input file's number
    position: int  # its place among that file's articles


def day_task(out: str, inputs: int, days: Sequence[str]) -> dict[str, list[ArticleOrigin]]:
    """Gather each day's articles from every input in reading order (input, then position) and compute
    what the later stages need of them. Returns where each day's articles come from."""
    origins: dict[str, list[ArticleOrigin]] = {}
    for day in days:
        items: list[tuple[int, int, Article]] = []
        for number in range(inputs):
            path = work_path(out, "read", str(number), f"{day}.pkl")
            if path.exists():
                for frame in frames(path):
                    items.extend((number, position, article) for position, article in frame)
        items.sort(key=lambda item: (item[0], item[1]))
        articles = [article for _, _, article in items]
        ordinal = -1 if day == UNDATED else dt.date.fromisoformat(day).toordinal()
        origins[day] = [ArticleOrigin(article.id, number, position) for number, position, article in items]
        save_pickle(work_path(out, "days", f"{day}.origins.pkl"), origins[day])
        save_pickle(work_path(out, "days", f"{day}.articles.pkl"), articles)
        save_pickle(work_path(out, "days", f"{day}.terms.pkl"), [article_terms(a) for a in articles])
        # written last: its presence marks the day as done
        save_pickle(work_path(out, "days", f"{day}.copy.pkl"), copy_features(articles, ordinal))
    return origins


def rows_task(
    out: str, plan: ArchivePlan, days: Sequence[str], threshold: float, buckets: int
) -> dict[int, np.ndarray]:
    parts: dict[int, list[np.ndarray]] = {}
    for day in days:
        features: CopyFeatures = load_pickle(work_path(out, "days", f"{day}.copy.pkl"))
        for bucket, rows in shuffle_rows(features, plan.first[day], threshold, buckets).items():
            parts.setdefault(bucket, []).append(rows)
    return {bucket: np.concatenate(rows) for bucket, rows in parts.items()}


def bucket_task(out: str, bucket: int, horizon: int, starts: np.ndarray, *parts: np.ndarray) -> np.ndarray:
    """A bucket's candidate pairs, written to the work folder by the block of the article they are about (the
    decisions read their block's there), and the exact copies among them. Kept in the workers' memory they
    were held until every decision was made and passed from worker to worker: at a million articles the
    decisions took 68.6 s that way, 9.5 s reading the files."""
    pairs = bucket_pairs(parts, horizon)
    block_of = np.searchsorted(starts, pairs["article"], side="right") - 1
    for block in np.unique(block_of).tolist():
        save_pickle(work_path(out, "pairs", str(block), f"{bucket}.pkl"), pairs[block_of == block])
    exact: np.ndarray = np.unique(pairs["article"][pairs["kind"] == EXACT])
    return exact


def decide_task(
    out: str, plan: ArchivePlan, exact_copies: set[int], excluded: set[int], threshold: float, block: int
) -> list[CopyDecision]:
    """Copy decisions for the articles of block number ``block``, from its candidate pairs of every bucket
    (``bucket_task``), reading the signatures they need. ``excluded`` articles (a repeated id) are neither
    copies nor origins."""
    folder = work_path(out, "pairs", str(block))
    parts = [load_pickle(path) for path in sorted(folder.glob("*.pkl"))] if folder.is_dir() else []
    pairs = np.concatenate([np.zeros(0, dtype=PAIR), *parts])
    if excluded:
        skipped = np.array(sorted(excluded), dtype=np.int64)
        pairs = pairs[~np.isin(pairs["article"], skipped) & ~np.isin(pairs["candidate"], skipped)]
    pairs = most_recent_candidates(pairs)
    if not len(pairs):
        return []
    numbers = np.union1d(pairs["article"], pairs["candidate"])
    signatures: dict[int, np.ndarray] = {}
    ids: dict[int, str] = {}
    for day in _days_of(plan, numbers):
        features: CopyFeatures = load_pickle(work_path(out, "days", f"{day}.copy.pkl"))
        first = plan.first[day]
        for offset, (article_id, signature) in enumerate(zip(features.ids, features.signatures, strict=True)):
            signatures[first + offset] = signature
            ids[first + offset] = article_id
    return decide(pairs, signatures, ids, exact_copies, threshold)


def statistics_task(
    out: str, plan: ArchivePlan, blocks: Sequence[DayRange], copies: set[int]
) -> CorpusStatistics:
    """The term statistics of the originals of a run of blocks (``copies``: the copies among them)."""
    statistics = CorpusStatistics()
    for block in blocks:
        for day in block.days:
            first = plan.first[day]
            terms: list[ArticleTerms] = load_pickle(work_path(out, "days", f"{day}.terms.pkl"))
            for offset, item in enumerate(terms):
                if first + offset not in copies:
                    statistics.count(item)
    return statistics


def merge_statistics(*parts: CorpusStatistics) -> CorpusStatistics:
    merged = CorpusStatistics()
    for part in parts:
        merged.words.documents += part.words.documents
        merged.words.frequencies.update(part.words.frequencies)
        merged.names.documents += part.names.documents
        merged.names.frequencies.update(part.names.frequencies)
    return merged


@functools.lru_cache(maxsize=2)
def _statistics(path: str, modified: int) -> CorpusStatistics:
    """Loaded once per worker process (``modified`` tells a rerun's new file from the old)."""
    statistics: CorpusStatistics = load_pickle(Path(path))
    return statistics


def window_task(
    out: str, plan: ArchivePlan, window: GroupingWindow, copies: set[int], options: GroupOptions
) -> WindowClusters:
    """``group.group``'s clustering over the originals the window reads, with the archive's statistics."""
    path = work_path(out, "statistics.pkl")
    statistics = _statistics(str(path), path.stat().st_mtime_ns)
    numbers: list[int] = []
    articles: list[Article] = []
    terms: list[ArticleTerms] = []
    for day in window.read.days:
        first = plan.first[day]
        day_articles: list[Article] = load_pickle(work_path(out, "days", f"{day}.articles.pkl"))
        day_terms: list[ArticleTerms] = load_pickle(work_path(out, "days", f"{day}.terms.pkl"))
        for offset, (article, item) in enumerate(zip(day_articles, day_terms, strict=True)):
            if first + offset not in copies:
                numbers.append(first + offset)
                articles.append(article)
                terms.append(item)
    labels = event_labels(articles, [statistics.vectors(item) for item in terms], options)
    clusters: dict[int, list[int]] = {}
    for number, label in zip(numbers, labels, strict=True):
        clusters.setdefault(label, []).append(number)
    result = WindowClusters(window, tuple(tuple(members) for members in clusters.values()))
    save_pickle(work_path(out, "windows", f"{window.number}.pkl"), result)
    return result


def route_task(out: str, plan: ArchivePlan, block: DayRange, number: int, story_block: np.ndarray) -> int:
    """Send each article of a day block to its story's block: ``_work/routed/<story block>/<number>.pkl``.

    ``story_block``: for each article of the block, the block of its story's first article (-1: none)."""
    routed: dict[int, list[tuple[int, Article]]] = {}
    for day in block.days:
        first = plan.first[day]
        for offset, article in enumerate(load_pickle(work_path(out, "days", f"{day}.articles.pkl"))):
            position = first + offset - block.first
            if story_block[position] < 0:
                continue  # skipped (a duplicate id)
            routed.setdefault(int(story_block[position]), []).append((first + offset, article))
    for target, items in routed.items():
        save_pickle(work_path(out, "routed", str(target), f"{number}.pkl"), items)
    return sum(len(items) for items in routed.values())


@functools.lru_cache(maxsize=1)
def _models() -> NlpModels:
    """The NLP models, loaded once per worker process (half a second and ~200 MB each time otherwise)."""
    return load_models()


def digest_task(
    out: str, block: int, labels: Mapping[int, int], copies: Mapping[int, CopyDecision], output: ArchiveOutput
) -> dict[str, object]:
    """Build and digest every story of one story block; write its parts of the four tables.

    ``labels``: story (first member's global number) of every article routed here; ``copies``: the copy
    decisions of those articles."""
    articles: dict[int, Article] = {}
    for path in sorted(work_path(out, "routed", str(block)).glob("*.pkl")):
        for number, article in load_pickle(path):
            articles[number] = article
    members: dict[int, list[int]] = {}
    for number in sorted(articles):
        members.setdefault(labels[number], []).append(number)
    outputs: list[StoryOutput] = []
    failures: list[tuple[str, str]] = []
    models = _models() if output is ArchiveOutput.QUICK_READS else None
    for label in sorted(members):
        story_articles = [articles[n] for n in members[label]]
        matches = {
            articles[n].id: CopyMatch(articles[copies[n].candidate].id, copies[n].exact)
            for n in members[label]
            if n in copies
        }
        story = build_story(story_articles, trace_copies(story_articles, matches))
        if models is None:
            outputs.append(StoryOutput(story, tuple(story_articles), None, None))
            continue
        try:
            made = quick_read(story_articles, models=models, copies=story.copies)
            outputs.append(StoryOutput(story, tuple(story_articles), digest_to_json(made), None))
        except Exception as error:  # one story that cannot be digested must not stop the archive
            failures.append((story.id, f"{type(error).__name__}: {error}"))
            outputs.append(StoryOutput(story, tuple(story_articles), None, failures[-1][1]))
    write_parts(Path(out), block, outputs)
    done = {
        "stories": len(outputs),
        "digests": sum(1 for o in outputs if o.digest_json is not None),
        "articles": len(articles),
        "failures": [list(failure) for failure in failures],
    }
    save_json(work_path(out, "digested", f"{block}.json"), done)  # last: marks the block as done
    return done


def _days_of(plan: ArchivePlan, numbers: np.ndarray) -> list[str]:
    starts = np.array([plan.first[day] for day in plan.days], dtype=np.int64)
    positions = np.unique(np.searchsorted(starts, numbers, side="right") - 1)
    return [plan.days[int(p)] for p in positions]
