"""Summarization benchmark: quickread's digest against Lead and sumy baselines on the dev sets.

Prints one table (set x system x ROUGE-1/2/Lsum F1 + ms per cluster) and a speed block. Rules (budget,
truncation, reference tokenisation) are in bench/rouge_eval.py. Run from the repository root:

    .venv/bin/python bench/summarize.py [--sets multinews,neus,cnndm] [--limit N] [--json] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from rouge_eval import (
    DATA_DIR,
    SETS,
    SYSTEM_NAMES,
    Result,
    build_articles,
    evaluate,
    load_clusters,
    make_system,
)

# Time-to-first-digest is measured in a fresh interpreter, so that nothing is already imported.
_COLD_START = """
import time
started = time.perf_counter()
import quickread
from quickread.digest.build import digest
from quickread.text.article import build_article
a = build_article(
    id="a",
    raw_text="Officials said on Monday that the bridge over the river will close for repairs. "
    "The work is expected to last three months and cost about 4 million dollars.",
)
digest([a])
print(time.perf_counter() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the dev data folder")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--systems", default=",".join(SYSTEM_NAMES), help="comma-separated")
    parser.add_argument("--limit", type=int, default=None, help="first N clusters of each set")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurements")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no dev data at {args.data} (pass --data DIR)")

    results: list[Result] = []
    for set_name in args.sets.split(","):
        dev_set = SETS[set_name]
        clusters = load_clusters(dev_set, args.data, args.limit)
        built = [build_articles(c) for c in clusters]
        for system_name in args.systems.split(","):
            results.append(evaluate(dev_set, system_name, clusters, built))
    speed = {} if args.no_speed else measure_speed(args.data, args.limit)

    if args.json:
        rows = [{k: v for k, v in asdict(r).items() if k != "per_cluster"} for r in results]
        print(json.dumps({"results": rows, "speed": speed}, indent=2))
        return
    print(f"{'set':<10} {'system':<10} {'n':>4} {'R1':>6} {'R2':>6} {'RLsum':>6} {'ms/cluster':>10}")
    for r in results:
        print(
            f"{r.dev_set:<10} {r.system:<10} {r.clusters:>4} {r.rouge1:6.2f} {r.rouge2:6.2f} "
            f"{r.rouge_lsum:6.2f} {r.ms_per_cluster:10.1f}"
        )
    if speed:
        print()
        for key, value in speed.items():
            print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")


def measure_speed(data_dir: Path, limit: int | None) -> dict[str, float]:
    """End-to-end Multi-News throughput (raw text in: build_article + digest), against sumy LexRank."""
    clusters = load_clusters(SETS["multinews"], data_dir, limit)
    budget = SETS["multinews"].budget

    def throughput(system_name: str) -> float:
        system = make_system(system_name)
        started = time.perf_counter()
        for cluster in clusters:
            articles = build_articles(cluster)
            if articles:
                system(articles, budget)
        return len(clusters) / (time.perf_counter() - started)

    throughput("quickread")  # warm-up: first-call costs are measured by the cold start below
    ours = throughput("quickread")
    lexrank = throughput("lexrank")
    cold = subprocess.run([sys.executable, "-c", _COLD_START], capture_output=True, text=True, check=True)
    return {
        "multinews_clusters_per_s": ours,
        "lexrank_clusters_per_s": lexrank,
        "speed_ratio_vs_lexrank": ours / lexrank,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "cold_import_and_first_digest_s": float(cold.stdout.strip()),
    }


if __name__ == "__main__":
    main()
