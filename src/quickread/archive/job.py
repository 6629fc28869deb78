"""``run_archive``: the whole archive through every stage on a Dask cluster, resuming from finished parts.

Stages, each a set of independent tasks (``archive.tasks``) with a barrier between stages:

1. read: one task per input file, streamed into per-day files;
2. days: per block of days, each day's articles in reading order with their copy features and terms;
3. copies: MinHash band rows shuffled into buckets, candidate pairs, decisions per block, origins resolved;
4. statistics: document frequencies of the originals per block, merged (the IDF of the whole archive);
5. windows: story grouping per overlapping window of days, then stitched across window borders;
6. digests: articles routed to their story's block, then one task per block builds every story and its
   full Quick Read and writes its part of the Parquet tables.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from distributed import Client, Future

from quickread.archive import tasks
from quickread.archive.cluster import broadcast, completed, gather, worker_count
from quickread.archive.copies import ROW, CopyDecision, resolve_origins
from quickread.archive.inputs import SkippedRecord
from quickread.archive.options import ArchiveOptions
from quickread.archive.plan import ArchivePlan, DayRange
from quickread.archive.report import FORMAT_VERSION, ArchiveReport
from quickread.archive.stitch import WindowClusters, stitch
from quickread.archive.tables import TABLES
from quickread.archive.tasks import ArticleOrigin
from quickread.archive.work import WORK, clear, load_json, load_pickle, save_json, save_pickle, work_path

# Buckets of the copy shuffle: each bucket's rows are sorted by one task.
COPY_BUCKETS = 16
# Statistics tasks per worker: enough to balance the stage, few enough that their results, each about the
# size of the vocabulary, stay small beside a worker's memory.
STATISTICS_TASKS_PER_WORKER = 4


class StageProgress(Protocol):
    def start(self, stage: str, total: int) -> None: ...

    def advance(self) -> None: ...

    def finish(self) -> None: ...


def run_archive(
    inputs: Sequence[Path], out: Path, client: Client, options: ArchiveOptions, progress: StageProgress
) -> ArchiveReport:
    out.mkdir(parents=True, exist_ok=True)
    report = ArchiveReport(inputs=len(inputs), workers=worker_count(client))
    if _start_or_resume(inputs, out, options):
        finished: ArchiveReport = load_pickle(work_path(out, "report.pkl"))
        finished.resumed = ["all: the run had finished"]
        return finished
    key = str(out)
    runner = _Runner(client, progress, report)

    with runner.stage("read"):
        summaries = runner.each(
            "read",
            [
                (number, (tasks.read_task, key, number, str(path), options.since, options.until))
                for number, path in enumerate(inputs)
            ],
            done=lambda number: _loaded(work_path(out, "read", str(number), "done.pkl")),
        )
    counts: dict[str, int] = {}
    for summary in summaries:
        report.records += summary.records
        report.outside_dates += summary.outside_dates
        report.skipped.merge(summary.skipped)
        for day, count in summary.days.items():
            counts[day] = counts.get(day, 0) + count
    plan = ArchivePlan.from_counts(counts)
    report.articles = plan.total
    blocks = plan.blocks(options.block_articles)

    with runner.stage("days"):
        day_ids = runner.each(
            "days",
            [(number, (tasks.day_task, key, len(inputs), block.days)) for number, block in enumerate(blocks)],
            done=lambda number: _day_ids(out, blocks[number]),
        )
        for number in range(len(inputs)):  # the per-day files now live in _work/days
            for path in work_path(out, "read", str(number)).glob("*.pkl"):
                if path.name != "done.pkl":
                    path.unlink()
    excluded = _duplicate_ids(plan, day_ids, [str(path) for path in inputs], report)
    report.articles = plan.total - len(excluded)
    # Sent to every worker once: the plan has an entry per day, and thousands of tasks per stage read it.
    shared_plan = broadcast(client, plan)

    with runner.stage("copies"):
        copies = _copies(runner, key, out, shared_plan, blocks, options, excluded)
    report.copies = len(copies)
    not_original = np.array(sorted(set(copies) | excluded), dtype=np.int64)

    with runner.stage("statistics"):
        if not work_path(out, "statistics.pkl").exists():
            # A few runs of blocks per worker, not a task per block: every task's statistics are held until
            # merged, each about the size of the vocabulary, so a task per block made the stage's memory grow
            # with the archive (1.96 GB per worker at a million articles, 0.5 GB in the stages before it).
            runs = _runs(blocks, STATISTICS_TASKS_PER_WORKER * worker_count(client))
            parts = [
                runner.client.submit(
                    tasks.statistics_task,
                    key,
                    shared_plan,
                    run,
                    _within(not_original, DayRange((), run[0].first, run[-1].stop - run[0].first)),
                    pure=False,
                )
                for run in runs
            ]
            runner.wait("statistics", parts)
            while len(parts) > 1:  # a tree of merges: no single task adds up every block's vocabulary
                parts = [
                    runner.client.submit(tasks.merge_statistics, *parts[i : i + 4], pure=False)
                    for i in range(0, len(parts), 4)
                ]
            runner.client.submit(_save_statistics, key, parts[0], pure=False).result()
        else:
            report.resumed.append("statistics")

    windows = plan.windows(options.window_days, options.group.date_window_days)
    with runner.stage("windows"):
        clusters: list[WindowClusters] = runner.each(
            "windows",
            [
                (
                    w.number,
                    (tasks.window_task, key, shared_plan, w, _within(not_original, w.read), options.group),
                )
                for w in windows
            ],
            done=lambda number: _loaded(work_path(out, "windows", f"{number}.pkl")),
        )
        labels = np.full(plan.total, -1, dtype=np.int64)
        for article, label in stitch(clusters).items():
            labels[article] = label
        for article, decision in copies.items():
            labels[article] = labels[decision.candidate]
    report.stories = len(np.unique(labels[labels >= 0]))
    sizes = np.bincount(labels[labels >= 0]) if plan.total else np.zeros(0, dtype=np.int64)
    report.multi_article_stories = int(np.count_nonzero(sizes > 1))

    with runner.stage("digests"):
        starts = np.array([block.first for block in blocks], dtype=np.int64)
        story_block = np.where(
            labels >= 0, np.searchsorted(starts, np.maximum(labels, 0), side="right") - 1, -1
        )
        pending = [b for b in range(len(blocks)) if not work_path(out, "digested", f"{b}.json").exists()]
        if len(pending) < len(blocks):
            report.resumed.append(f"digests ({len(blocks) - len(pending)} of {len(blocks)} blocks)")
        if pending and not work_path(out, "routed.done").exists():
            clear(work_path(out, "routed"))
            routes = [
                runner.client.submit(
                    tasks.route_task,
                    key,
                    shared_plan,
                    block,
                    number,
                    story_block[block.first : block.stop],
                    pure=False,
                )
                for number, block in enumerate(blocks)
            ]
            runner.wait("routing", routes)
            save_json(work_path(out, "routed.done"), True)
        digests = []
        by_block = np.argsort(story_block, kind="stable")  # every article's number, grouped by story block
        bounds = np.searchsorted(story_block[by_block], np.arange(len(blocks) + 1))
        for b in pending:
            members = by_block[bounds[b] : bounds[b + 1]]
            block_labels = {int(n): int(labels[n]) for n in members}
            block_copies = {int(n): copies[int(n)] for n in members if int(n) in copies}
            digests.append(
                runner.client.submit(
                    tasks.digest_task, key, b, block_labels, block_copies, options.output, pure=False
                )
            )
        runner.wait("digests", digests)
        for b in range(len(blocks)):
            done = load_json(work_path(out, "digested", f"{b}.json"))
            report.digests += done["digests"]
            report.failed_digests.extend((story, reason) for story, reason in done["failures"])

    report.peak_worker_memory_mb = sorted(client.run(_peak_memory_mb).values())
    save_json(out / "report.json", report.to_json())
    for folder in ("read", "days", "windows", "routed", "pairs"):
        clear(work_path(out, folder))
    save_pickle(work_path(out, "report.pkl"), report)
    return report


class _Runner:
    """Submits a stage's tasks, shows their progress, times the stage."""

    def __init__(self, client: Client, progress: StageProgress, report: ArchiveReport) -> None:
        self.client = client
        self.progress = progress
        self.report = report

    def stage(self, name: str) -> _Timer:
        return _Timer(name, self.report)

    def each(
        self, name: str, work: Sequence[tuple[int, tuple[Any, ...]]], done: Callable[[int], Any]
    ) -> list[Any]:
        """Results in order of ``work``; parts that ``done`` finds finished already are not run again."""
        results: dict[int, Any] = {}
        futures = {}
        for number, (function, *arguments) in work:
            found = done(number)
            if found is not None:
                results[number] = found
            else:
                futures[self.client.submit(function, *arguments, pure=False)] = number
        if results:
            self.report.resumed.append(f"{name} ({len(results)} of {len(work)})")
        self.wait(name, list(futures))
        for future, number in futures.items():
            results[number] = future.result()
        return [results[number] for number, _ in work]

    def wait(self, name: str, futures: Sequence[Any]) -> None:
        self.progress.start(name, len(futures))
        for future in completed(futures):
            future.result()  # raises the task's error here
            self.progress.advance()
        self.progress.finish()


class _Timer:
    def __init__(self, name: str, report: ArchiveReport) -> None:
        self.name = name
        self.report = report
        self.started = 0.0

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.seconds[self.name] = time.perf_counter() - self.started


def _copies(
    runner: _Runner,
    key: str,
    out: Path,
    shared_plan: Future[Any],  # the plan, held by every worker
    blocks: Sequence[DayRange],
    options: ArchiveOptions,
    excluded: set[int],
) -> dict[int, CopyDecision]:
    """Every copy, by global number, pointing at its origin (``excluded`` articles are none and have none)."""
    saved = work_path(out, "copies.pkl")
    if saved.exists():
        runner.report.resumed.append("copies")
        copies: dict[int, CopyDecision] = load_pickle(saved)
        return copies
    client = runner.client
    threshold, horizon = options.group.near_duplicate, options.group.copy_horizon_days
    clear(work_path(out, "pairs"))  # a run killed during this stage left some: made again
    rows = [
        client.submit(tasks.rows_task, key, shared_plan, block.days, threshold, COPY_BUCKETS, pure=False)
        for block in blocks
    ]
    runner.wait("copy keys", rows)
    # Candidate pairs go to the work folder, split by the block of the article they are about, never through
    # here: at a million articles of look-alike press releases they were 700 million pairs (11.5 GB) when
    # gathered here; each decision task reads its block's.
    starts = np.array([block.first for block in blocks], dtype=np.int64)
    buckets = [
        client.submit(
            tasks.bucket_task,
            key,
            bucket,
            horizon,
            starts,
            *[client.submit(_pick, part, bucket, pure=False) for part in rows],
            pure=False,
        )
        for bucket in range(COPY_BUCKETS)
    ]
    runner.wait("copy buckets", buckets)
    rows.clear()  # the band rows are in the pair files now: the workers may free them
    exact = gather(client, buckets)
    buckets.clear()
    shared_exact = broadcast(client, set(np.concatenate([np.zeros(0, dtype=np.int64), *exact]).tolist()))
    shared_excluded = broadcast(client, excluded)
    decisions = [
        client.submit(
            tasks.decide_task,
            key,
            shared_plan,
            shared_exact,
            shared_excluded,
            threshold,
            number,
            pure=False,
        )
        for number in range(len(blocks))
    ]
    runner.wait("copy decisions", decisions)
    copies = resolve_origins(d for part in gather(client, decisions) for d in part)
    save_pickle(saved, copies)
    clear(work_path(out, "pairs"))
    return copies


def _pick(parts: dict[int, np.ndarray], bucket: int) -> np.ndarray:
    return parts.get(bucket, np.zeros(0, dtype=ROW))


def _save_statistics(out: str, statistics: object) -> None:
    save_pickle(work_path(out, "statistics.pkl"), statistics)


def _runs(blocks: Sequence[DayRange], count: int) -> list[list[DayRange]]:
    """The blocks in at most ``count`` runs of consecutive blocks, of about equal numbers of blocks."""
    size = max(1, -(-len(blocks) // max(1, count)))
    return [list(blocks[start : start + size]) for start in range(0, len(blocks), size)]


def _within(numbers: np.ndarray, block: DayRange) -> set[int]:
    """The members of the sorted ``numbers`` that lie in the block."""
    low, high = np.searchsorted(numbers, [block.first, block.stop])
    return set(numbers[low:high].tolist())


def _loaded(path: Path) -> Any:
    return load_pickle(path) if path.exists() else None


def _day_ids(out: Path, block: DayRange) -> dict[str, list[ArticleOrigin]] | None:
    if not all(work_path(out, "days", f"{day}.copy.pkl").exists() for day in block.days):
        return None
    return {day: load_pickle(work_path(out, "days", f"{day}.origins.pkl")) for day in block.days}


def _duplicate_ids(
    plan: ArchivePlan,
    day_ids: Sequence[dict[str, list[ArticleOrigin]]],
    inputs: Sequence[str],
    report: ArchiveReport,
) -> set[int]:
    """Articles whose id an earlier article has (in reading order): skipped, the first one kept."""
    seen: set[str] = set()
    excluded: set[int] = set()
    by_day = {day: ids for part in day_ids for day, ids in part.items()}
    for day in plan.days:
        for offset, (article_id, number, position) in enumerate(by_day[day]):
            if article_id in seen:
                excluded.add(plan.first[day] + offset)
                where = f"article {position} (id {article_id!r})"
                report.skipped.add(SkippedRecord(inputs[number], where, "an earlier article has its id"))
            seen.add(article_id)
    return excluded


def _start_or_resume(inputs: Sequence[Path], out: Path, options: ArchiveOptions) -> bool:
    """Resume when the inputs and options are those of the run that left the work folder, else start over.
    True when that run had finished (its report is kept in the work folder)."""
    job = {
        "format_version": FORMAT_VERSION,
        "inputs": [[str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns] for p in inputs],
        "since": options.since.isoformat() if options.since else None,
        "until": options.until.isoformat() if options.until else None,
        "window_days": options.window_days,
        "block_articles": options.block_articles,
        "output": options.output.value,
        "group": repr(options.group),
    }
    path = work_path(out, "job.json")
    if path.exists() and load_json(path) == job:
        return work_path(out, "report.pkl").exists()
    clear(out / WORK)
    for table in TABLES:
        clear(out / table)
    (out / "report.json").unlink(missing_ok=True)
    save_json(path, job)
    return False


def _peak_memory_mb() -> float:
    # ru_maxrss is in kilobytes on Linux: the worker process's peak resident memory
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
