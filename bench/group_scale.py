"""Cost curve of story grouping: seconds and peak memory for 1,000 / 10,000 / 100,000 articles.

    .venv/bin/python bench/group_scale.py [--data ../shared/data/dev] [--sizes 1000 10000 100000]

Scaling: the 1,975 dev articles (AllSides with their dates; ECB+, undated, given day ``i % 180`` of the
AllSides period) are repeated; copy k gets ids suffixed "~k" and every date shifted by k x 200 days, so
copies fall in different weeks and never meet (about 10 articles a day, like the dev data). Each size runs
in a fresh child process so that its peak RSS is its own. The baseline, in the same process, is
scikit-learn's TfidfVectorizer fit on the same texts: the cheapest step any grouping needs.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

from quickread.group.grouping import group
from quickread.group.index import StoryIndex
from quickread.group.stories import reading_order
from quickread.ingest.records import article_from_record
from quickread.model import Article

_SHIFT_DAYS = 200
_ADDS_TIMED = 200


def base_articles(data: Path) -> list[Article]:
    articles = []
    start = dt.date(2021, 4, 22)
    for name in ("allsides_articles.jsonl", "ecbplus_odd_topics.jsonl"):
        for number, line in enumerate((data / "clustering" / name).read_text(encoding="utf-8").splitlines()):
            record = json.loads(line)
            record["id"] = record["doc_id"]
            record.setdefault("date", (start + dt.timedelta(days=number % 180)).isoformat())
            articles.append(article_from_record(record, record["doc_id"], record["doc_id"]))
    return articles


def scaled(base: list[Article], size: int, first_copy: int = 0) -> list[Article]:
    out: list[Article] = []
    copy = first_copy
    while len(out) < size:
        shift = dt.timedelta(days=copy * _SHIFT_DAYS)
        out.extend(
            dataclasses.replace(a, id=f"{a.id}~{copy}", date=a.date + shift if a.date else None) for a in base
        )
        copy += 1
    return out[:size]


def measure(data: Path, size: int, with_index: bool) -> dict[str, float]:
    base = base_articles(data)
    articles = scaled(base, size)
    started = time.perf_counter()
    TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [f"{a.title}\n{a.text}" for a in articles]
    )
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    stories = group(articles)
    grouping = time.perf_counter() - started
    result = {"size": size, "group_s": grouping, "baseline_s": baseline, "stories": len(stories)}
    if with_index:
        index = StoryIndex()
        started = time.perf_counter()
        for position in sorted(range(len(articles)), key=lambda i: reading_order(articles[i], i)):
            index.add(articles[position])
        result["index_build_s"] = time.perf_counter() - started
        later = scaled(base, _ADDS_TIMED, first_copy=size // len(base) + 1)
        later.sort(key=lambda a: (a.date is None, a.date or dt.date.min))
        timings = []
        for article in later:
            started = time.perf_counter()
            index.add(article)
            timings.append((time.perf_counter() - started) * 1000)
        result["add_median_ms"] = statistics.median(timings)
        result["add_p95_ms"] = sorted(timings)[int(0.95 * len(timings))]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/dev")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--index-at", type=int, default=100000, help="also time a StoryIndex at this size")
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(measure(arguments.data, arguments.child, arguments.child == arguments.index_at)))
        return 0
    print(
        f"{'articles':>9} {'group s':>8} {'tfidf s':>8} {'ratio':>6} {'peak MB':>8} {'stories':>8} "
        f"{'index build s':>13} {'add ms p50/p95':>15}"
    )
    for size in arguments.sizes:
        command = [
            sys.executable,
            __file__,
            "--data",
            str(arguments.data),
            "--child",
            str(size),
            "--index-at",
            str(arguments.index_at),
        ]
        row = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        adds = f"{row['add_median_ms']:.1f}/{row['add_p95_ms']:.1f}" if "add_median_ms" in row else "-"
        build = f"{row['index_build_s']:.1f}" if "index_build_s" in row else "-"
        print(
            f"{size:>9,} {row['group_s']:>8.1f} {row['baseline_s']:>8.1f} "
            f"{row['group_s'] / row['baseline_s']:>6.1f} "
            f"{row['peak_rss_mb']:>8.0f} {row['stories']:>8,} {build:>13} {adds:>15}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
