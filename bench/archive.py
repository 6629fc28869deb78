"""`quickread archive` on Dask: the same answer as the single process, the scale curve, a worker killed.

    .venv/bin/python bench/archive.py same  [--data ../shared/data/dev] [--workers 2]
    .venv/bin/python bench/archive.py scale [--sizes 10000 100000 1000000] [--quick-reads-up-to 10000]
    .venv/bin/python bench/archive.py kill  [--size 10000]

same: for AllSides and ECB+ (dev sets) and the two demo corpora, the archive's stories against the single
process's (``group.group``, what `quickread stories` runs) as B-cubed F1, the articles placed differently, and
the Quick Reads compared byte for byte (digest JSON) for every story both make of the same articles.

scale: inputs built from the shipped demo corpora (2,248 congressional releases and 293 Wikinews articles,
the first of each id): replica k gets ids suffixed "~k", every date moved k x 91 days (a quarter: more than
the 33-day copy horizon, so replicas are not copies of each other; a replica's releases fill a new quarter),
and one sentence appended ("Archive replica k.") so that no two texts are equal. That is about 28 articles a
day: the windows stay small; a real crawl (thousands a day) makes the grouping windows cost more (see
bench/group_scale.py for grouping's own curve). Written as .jsonl.gz files of 10,000 articles. Each run goes
in a fresh LocalCluster; the single-process path runs in a child process beside it on the sizes given.

kill: a clean run and a run in which one worker process is killed (SIGKILL) during the Quick Reads; the
tables of the two must be equal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from quickread.archive.cluster import dask_client
from quickread.archive.inputs import read_input
from quickread.archive.job import run_archive
from quickread.archive.options import ArchiveOptions, ArchiveOutput
from quickread.group.grouping import group
from quickread.ingest.files import read_articles
from quickread.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEMO = [
    ROOT / "demo/congress_press_2019q1/articles.jsonl.gz",
    ROOT / "demo/wikinews_2019_2020/articles.jsonl",
]
SETS = {"allsides": ("allsides_articles.jsonl", "doc_id"), "ecbplus": ("ecbplus_odd_topics.jsonl", "doc_id")}
REPLICA_DAYS = 91
FILE_ARTICLES = 10_000


class Quiet:
    """StageProgress that prints each stage's end (the bench's output is its table)."""

    def start(self, stage: str, total: int) -> None:
        self.stage, self.started = stage, time.perf_counter()

    def advance(self) -> None:
        pass

    def finish(self) -> None:
        print(f"    {self.stage}: {time.perf_counter() - self.started:.1f} s", file=sys.stderr, flush=True)


def first_of_each_id(articles: Sequence[Article]) -> list[Article]:
    seen: set[str] = set()
    kept = []
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            kept.append(article)
    return kept


def bcubed_f1(predicted: dict[str, str], gold: dict[str, str]) -> float:
    by_p: dict[str, set[str]] = defaultdict(set)
    by_g: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_p[predicted[item]].add(item)
        by_g[gold[item]].add(item)
    precision = sum(len(by_p[predicted[i]] & by_g[gold[i]]) / len(by_p[predicted[i]]) for i in gold) / len(
        gold
    )
    recall = sum(len(by_p[predicted[i]] & by_g[gold[i]]) / len(by_g[gold[i]]) for i in gold) / len(gold)
    return 2 * precision * recall / (precision + recall)


def archive_tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        table: sorted(pq.read_table(out / table).to_pylist(), key=lambda row: json.dumps(row, default=str))
        for table in ("articles", "stories", "memberships", "digests")
    }


def dev_inputs(data: Path, folder: Path) -> dict[str, list[Path]]:
    inputs: dict[str, list[Path]] = {}
    for name, (file, id_field) in SETS.items():
        path = folder / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for line in (data / "clustering" / file).read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                record["id"] = record[id_field]
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        inputs[name] = [path]
    inputs["wikinews (demo)"] = [DEMO[1]]
    inputs["congress (demo)"] = [DEMO[0]]
    return inputs


def same(arguments: argparse.Namespace) -> None:
    from quickread.analyze.models import load_models
    from quickread.pipeline import quick_read
    from quickread.render.json_out import digest_to_json

    models = load_models()
    print(
        "| set | articles | stories (archive / single) | B-cubed F1 vs single | articles placed differently "
        "| Quick Reads identical | archive s | single s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch, dask_client(arguments.workers) as client:
        folder = Path(scratch)
        for name, inputs in dev_inputs(arguments.data, folder).items():
            out = folder / f"out-{name.split()[0]}"
            started = time.perf_counter()
            run_archive(inputs, out, client, ArchiveOptions(), Quiet())
            archive_seconds = time.perf_counter() - started
            tables = archive_tables(out)
            archived = {row["article_id"]: row["story_id"] for row in tables["memberships"]}
            started = time.perf_counter()
            articles = first_of_each_id([a for path in inputs for a in read_articles(path)])
            stories = group(articles)
            by_id = {a.id: a for a in articles}
            single = {a: s.id for s in stories for a in s.article_ids}
            digests = {row["story_id"]: row["digest"] for row in tables["digests"]}
            members = defaultdict(set)
            for article_id, story_id in archived.items():
                members[story_id].add(article_id)
            identical = compared = 0
            for story in stories:
                if set(story.article_ids) != members.get(story.id):
                    continue
                made = quick_read([by_id[a] for a in story.article_ids], models=models, copies=story.copies)
                compared += 1
                mine, theirs = json.loads(json.dumps(digest_to_json(made))), json.loads(digests[story.id])
                identical += mine == theirs
                if mine != theirs:
                    fields = [field for field in mine if mine[field] != theirs.get(field)]
                    print(f"    {name}: {story.id} differs in {', '.join(fields)}", file=sys.stderr)
            single_seconds = time.perf_counter() - started
            moved = (
                sum(
                    1
                    for a in single
                    if len({archived[b] for b in single if single[b] == single[a]} | {archived[a]}) > 1
                )
                if len(single) < 3000
                else -1
            )
            print(
                f"| {name} | {len(articles):,} | {len(set(archived.values())):,} / {len(stories):,} | "
                f"{bcubed_f1(archived, single):.4f} | {moved} | {identical}/{compared} | "
                f"{archive_seconds:.0f} | {single_seconds:.0f} |",
                flush=True,
            )


def scaled_inputs(size: int, folder: Path) -> list[Path]:
    base = first_of_each_id([a for path in DEMO for a in read_articles(path)])
    paths: list[Path] = []
    lines: list[str] = []
    for number in range(size):
        replica, article = divmod(number, len(base))[0], base[number % len(base)]
        moved = article.date + dt.timedelta(days=replica * REPLICA_DAYS) if article.date else None
        record = {
            "id": f"{article.id}~{replica}",
            "title": article.title,
            "text": f"{article.text}\n\nArchive replica {replica}.",
            "source": article.source,
            "date": moved.isoformat() if moved else None,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        if len(lines) == FILE_ARTICLES or number == size - 1:
            paths.append(folder / f"part-{len(paths):04d}.jsonl.gz")
            with gzip.open(paths[-1], "wt", encoding="utf-8") as handle:
                handle.writelines(lines)
            lines = []
    return paths


def single_process(paths: Sequence[Path], quick_reads: bool) -> dict[str, float]:
    """`quickread stories` in this process: read, group, and (if asked) every story's Quick Read."""
    started = time.perf_counter()
    # `quickread stories` reads a file whole, up to 10 MB: these inputs are bigger, so they are streamed with
    # the archive's reader, which builds the same articles
    articles = first_of_each_id([a for path in paths for batch in read_input(path) for a in batch.articles])
    stories = group(articles)
    if quick_reads:
        from quickread.analyze.models import load_models
        from quickread.pipeline import quick_read

        models = load_models()
        by_id = {a.id: a for a in articles}
        for story in stories:
            quick_read([by_id[a] for a in story.article_ids], models=models, copies=story.copies)
    return {
        "seconds": time.perf_counter() - started,
        "stories": len(stories),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def scale(arguments: argparse.Namespace) -> None:
    print(
        "| articles | output | workers | wall s | articles/s | peak MB per worker | client peak MB | stories "
        "| per stage (s) |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---|")
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory(dir=arguments.scratch) as scratch:
            folder = Path(scratch)
            paths = scaled_inputs(size, folder)
            output = (
                ArchiveOutput.QUICK_READS if size <= arguments.quick_reads_up_to else ArchiveOutput.STORIES
            )
            for workers in arguments.workers:
                if workers == 1 and size > arguments.one_worker_up_to:
                    continue
                out = folder / f"out-{workers}"
                with dask_client(workers) as client:
                    started = time.perf_counter()
                    report = run_archive(paths, out, client, ArchiveOptions(output=output), Quiet())
                    wall = time.perf_counter() - started
                stages = ", ".join(f"{k} {v:.0f}" for k, v in report.seconds.items())
                print(
                    f"| {size:,} | {output.value} | {workers} | {wall:.0f} | {size / wall:.0f} | "
                    f"{max(report.peak_worker_memory_mb):.0f} | {_peak_mb():.0f} | {report.stories:,} | "
                    f"{stages} |",
                    flush=True,
                )
                shutil.rmtree(out)
            if size <= arguments.single_up_to:
                command = [
                    sys.executable,
                    __file__,
                    "single",
                    output.value,
                    *map(str, paths),
                ]
                row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
                print(
                    f"| {size:,} | {output.value} | single process | {row['seconds']:.0f} | "
                    f"{size / row['seconds']:.0f} | | {row['peak_mb']:.0f} | {row['stories']:,} | |",
                    flush=True,
                )


def _peak_mb() -> float:
    """This process's peak resident memory so far (the archive's client: it grows with the archive)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def kill(arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(dir=arguments.scratch) as scratch:
        folder = Path(scratch)
        paths = scaled_inputs(arguments.size, folder)
        with dask_client(2) as client:
            started = time.perf_counter()
            run_archive(paths, folder / "clean", client, ArchiveOptions(), Quiet())
            clean_seconds = time.perf_counter() - started
        with dask_client(2) as client:
            pids = client.run(os.getpid)
            victim = next(iter(pids.values()))
            killed = threading.Event()

            def kill_when_digesting() -> None:
                digested = folder / "killed" / "_work" / "digested"
                while not killed.is_set():
                    if digested.exists() and any(digested.iterdir()):
                        os.kill(victim, signal.SIGKILL)
                        killed.set()
                    time.sleep(0.2)

            watcher = threading.Thread(target=kill_when_digesting, daemon=True)
            watcher.start()
            started = time.perf_counter()
            run_archive(paths, folder / "killed", client, ArchiveOptions(), Quiet())
            killed_seconds = time.perf_counter() - started
            killed.set()
        equal = archive_tables(folder / "clean") == archive_tables(folder / "killed")
        print("| articles | clean run s | run with a worker killed s | worker killed | tables equal |")
        print("|---:|---:|---:|---|---|")
        print(f"| {arguments.size:,} | {clean_seconds:.0f} | {killed_seconds:.0f} | pid {victim} | {equal} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    same_parser = commands.add_parser("same")
    same_parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/dev")
    same_parser.add_argument("--workers", type=int, default=2)
    scale_parser = commands.add_parser("scale")
    scale_parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    scale_parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    scale_parser.add_argument("--quick-reads-up-to", type=int, default=10_000)
    scale_parser.add_argument("--one-worker-up-to", type=int, default=100_000)
    scale_parser.add_argument("--single-up-to", type=int, default=100_000)
    scale_parser.add_argument("--scratch", type=Path, default=None)
    kill_parser = commands.add_parser("kill")
    kill_parser.add_argument("--size", type=int, default=10_000)
    kill_parser.add_argument("--scratch", type=Path, default=None)
    single_parser = commands.add_parser("single")
    single_parser.add_argument("mode", choices=[o.value for o in ArchiveOutput])
    single_parser.add_argument("paths", type=Path, nargs="+")
    arguments = parser.parse_args()
    if arguments.command == "single":
        print(json.dumps(single_process(arguments.paths, arguments.mode == ArchiveOutput.QUICK_READS.value)))
    else:
        {"same": same, "scale": scale, "kill": kill}[arguments.command](arguments)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
