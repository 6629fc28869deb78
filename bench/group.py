"""Story grouping quality against human groupings: B-cubed precision, recall and F1, ours and the baseline.

    .venv/bin/python bench/group.py [--data ../shared/data/dev]

Methods: quickread (batch ``group``), index (``StoryIndex``, one article at a time: its stories after the last
article), arrival (the same index: the story each article was given on arrival, before later moves),
baseline.
Sets: AllSides (gold ``story_id``) and ECB+ odd topics (gold ``event_cluster``). The baseline is TF-IDF
(sublinear tf, English stop words) with average-link agglomerative clustering at cosine distance 0.8.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from quickread.group.grouping import group
from quickread.group.index import StoryIndex
from quickread.group.stories import reading_order
from quickread.ingest.records import article_from_record
from quickread.model import Article

SETS = {
    "allsides": ("allsides_articles.jsonl", "story_id"),
    "ecbplus": ("ecbplus_odd_topics.jsonl", "event_cluster"),
}
BASELINE_DISTANCE = 0.8


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class LabelledSet:
    articles: list[Article]
    gold: list[str]


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> Score:
    by_predicted: dict[str, set[int]] = defaultdict(set)
    by_gold: dict[str, set[int]] = defaultdict(set)
    for item, (p, g) in enumerate(zip(predicted, gold, strict=True)):
        by_predicted[p].add(item)
        by_gold[g].add(item)
    precision = recall = 0.0
    for p, g in zip(predicted, gold, strict=True):
        shared = len(by_predicted[p] & by_gold[g])
        precision += shared / len(by_predicted[p])
        recall += shared / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return Score(precision, recall, 2 * precision * recall / (precision + recall))


def load_set(data: Path, name: str) -> LabelledSet:
    file, gold_field = SETS[name]
    articles, gold = [], []
    for line in (data / "clustering" / file).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["id"] = record["doc_id"]
        articles.append(article_from_record(record, f"{file} {record['doc_id']}", record["doc_id"]))
        gold.append(str(record[gold_field]))
    return LabelledSet(articles, gold)


def ours(articles: Sequence[Article]) -> list[str]:
    story_of = {article_id: story.id for story in group(articles) for article_id in story.article_ids}
    return [story_of[article.id] for article in articles]


def indexed(articles: Sequence[Article]) -> list[str]:
    """The incremental StoryIndex, fed one article at a time in reading order (date, then input order): the
    stories after the last article, as a reader following each arrival's reported moves holds them."""
    return _index_run(articles).final


def indexed_on_arrival(articles: Sequence[Article]) -> list[str]:
    """The story each article was given when it arrived, as a reader that ignores later moves keeps it."""
    return _index_run(articles).on_arrival


@dataclass(frozen=True)
class IndexRun:
    final: list[str]
    on_arrival: list[str]


def _index_run(articles: Sequence[Article]) -> IndexRun:
    index = StoryIndex()
    story_of: dict[str, str] = {}
    on_arrival: dict[str, str] = {}
    for position in sorted(range(len(articles)), key=lambda i: reading_order(articles[i], i)):
        placed = index.add(articles[position])
        on_arrival[placed.article_id] = story_of[placed.article_id] = placed.story_id
        story_of.update((move.article_id, move.story_id) for move in placed.moved)
    return IndexRun(
        final=[story_of[article.id] for article in articles],
        on_arrival=[on_arrival[article.id] for article in articles],
    )


def baseline(articles: Sequence[Article]) -> list[str]:
    texts = [f"{article.title}\n{article.text}" for article in articles]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    clustering = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=BASELINE_DISTANCE
    )
    return [str(label) for label in clustering.fit_predict(matrix.toarray())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/dev")
    arguments = parser.parse_args()
    if not (arguments.data / "clustering").is_dir():
        print(f"no dev data at {arguments.data}/clustering", file=sys.stderr)
        return 2
    print(f"{'set':<10} {'method':<9} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}")
    for name in SETS:
        labelled = load_set(arguments.data, name)
        methods = (
            ("quickread", ours),
            ("index", indexed),
            ("arrival", indexed_on_arrival),
            ("baseline", baseline),
        )
        for method, run in methods:
            started = time.perf_counter()
            score = bcubed(run(labelled.articles), labelled.gold)
            seconds = time.perf_counter() - started
            print(
                f"{name:<10} {method:<9} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
                f" {seconds:8.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
