"""Analysis stage benchmark: accuracy on the hand-checked Wikinews set, and speed.

    .venv/bin/python bench/analyze.py

Speed: a 10-article story (the ten Wikinews articles around the corpus's median length, as one story),
timed on one core (OMP/MKL threads set to 1 before numpy loads); the baseline runs the full spaCy
pipeline over every sentence in the same process.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import json
import time
from pathlib import Path

import spacy

from quickread.analyze.evaluation import Score, score_entity_merging, score_figures, score_quotes
from quickread.analyze.figures import find_figures
from quickread.analyze.models import NlpModels, load_models, model_directory
from quickread.analyze.story import analyze_story
from quickread.ingest.records import article_from_record
from quickread.model import Article, Digest, Quote

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "demo/wikinews_2019_2020/articles.jsonl"
DATA = ROOT / "tests/analyze/data"


def _rows() -> dict[str, dict[str, object]]:
    return {row["id"]: row for row in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())}


def _article(row: dict[str, object]) -> Article:
    return article_from_record(row, str(row["id"]), str(row["id"]))


def _digest(articles: list[Article]) -> Digest:
    return Digest(
        headline=articles[0].title, headline_article=None, lede=(), key_points=(), articles=tuple(articles)
    )


def _entity_scores(models: NlpModels, rows: dict[str, dict[str, object]]) -> tuple[Score, Score]:
    """(mention detection, pairwise merging) summed over the stories of entities.jsonl."""
    gold = [json.loads(line) for line in (DATA / "entities.jsonl").read_text().splitlines()]
    stories: dict[str, list[str]] = {}
    for row in gold:
        ids = stories.setdefault(row["story"], [])
        if row["article_id"] not in ids:
            ids.append(row["article_id"])
    scores = [
        score_entity_merging(
            analyze_story(_digest([_article(rows[i]) for i in ids]), models).entities, gold, ids
        )
        for ids in stories.values()
    ]
    fields = ("correct", "predicted", "gold")
    detection = Score(*(sum(getattr(s.detection, f) for s in scores) for f in fields))
    return detection, Score(*(sum(getattr(s.pairs, f) for s in scores) for f in fields))


def main() -> None:
    started = time.perf_counter()
    models = load_models()
    load_seconds = time.perf_counter() - started
    rows = _rows()
    gold_quotes = [json.loads(line) for line in (DATA / "quotes.jsonl").read_text().splitlines()]
    gold_figures = [json.loads(line) for line in (DATA / "figures.jsonl").read_text().splitlines()]
    quotes: list[Quote] = []
    for article_id in sorted({g["article_id"] for g in gold_quotes}):
        analysis = analyze_story(_digest([_article(rows[article_id])]), models)
        quotes.extend(analysis.quotes)
        quotes.extend(r.quote for r in analysis.rejected_quotes if r.quote.speaker == "")
    detection, attribution = score_quotes(quotes, gold_quotes)
    figures = [
        f
        for aid in sorted({g["article_id"] for g in gold_figures})
        for f in find_figures(_article(rows[aid]))
    ]
    figure_score = score_figures(figures, gold_figures)
    entity_detection, pairs = _entity_scores(models, rows)
    print("| measure | precision | recall | counts |")
    print("|---|---|---|---|")
    for name, score in (("quote detection", detection), ("speaker attribution", attribution),
                        ("figure extraction", figure_score), ("entity mention detection", entity_detection),
                        ("entity merging (pairwise, found mentions)", pairs)):  # fmt: skip
        print(f"| {name} | {score.precision:.3f} | {score.recall:.3f} | "
              f"{score.correct} right of {score.predicted} found, {score.gold} gold |")  # fmt: skip

    by_length = sorted((_article(row) for row in rows.values()), key=lambda a: len(a.sentences))
    middle = len(by_length) // 2
    story = by_length[middle - 5 : middle + 5]  # ten articles of the corpus's median length
    digest = _digest(story)
    analyze_story(digest, models)  # warm-up
    runs = 5
    started = time.perf_counter()
    for _ in range(runs):
        result = analyze_story(digest, models)
    analysis_seconds = (time.perf_counter() - started) / runs
    full = spacy.load(model_directory())
    sentences = [s.text for a in story for s in a.sentences]
    started = time.perf_counter()
    list(full.pipe(sentences, batch_size=64))
    baseline_seconds = time.perf_counter() - started
    print()
    print("| speed (one core) | seconds |")
    print("|---|---|")
    print(f"| model load (hash check + tok2vec/tagger/ner) | {load_seconds:.3f} |")
    print(f"| analysis of a 10-article story ({result.total_sentences} sentences, "
          f"{result.tagged_sentences} sent to spaCy) | {analysis_seconds:.3f} |")  # fmt: skip
    print(f"| baseline: full pipeline over every sentence | {baseline_seconds:.3f} |")
    print(f"| ratio baseline / analysis | {baseline_seconds / analysis_seconds:.1f}x |")


if __name__ == "__main__":
    main()
