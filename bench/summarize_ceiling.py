"""How far quickread's ROUGE can go under its own rules: oracle ceilings next to the shipped digest.

The issue's ROUGE targets are compared with two ceilings computed from the reference itself (research
only; nothing here ships):

* ``scores=reference``: the shipped selection (lede, concept coverage, redundancy, standalone and
  every-source rules) fed a perfect sentence scorer: each sentence's score is its ROUGE-1/2 precision
  against the reference, the very target bench/train_scorer.py trains on. No learned scorer can rank
  better than this; it bounds what a stronger scorer alone can buy.
* ``oracle (shown)``: the greedy ROUGE oracle (Kedzie et al. style: add the sentence that most raises
  ROUGE-1 + ROUGE-2 F1 until none fits or none helps) over the sentences quickread may show as bullets
  (standalone fitness GOOD), whole sentences within the budget. ``oracle (all)`` lifts the standalone rule.

Same budgets, truncation and scoring as bench/summarize.py (bench/rouge_eval.py). The oracle's ROUGE is
counted incrementally on rouge-score's own tokens (bigrams across sentence ends included, as rouge-score
counts them over the joined text); the chosen sentences are then scored with rouge-score itself.

    .venv/bin/python bench/summarize_ceiling.py [--sets multinews,neus,cnndm] [--limit N] [--data DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from quickread.digest.options import DigestOptions
from quickread.digest.rank import rank_story
from quickread.digest.select import select
from quickread.digest.standalone import Fitness, fitness, trim_sentence
from quickread.model import Article
from rouge_eval import (
    _SCORER,
    DATA_DIR,
    SETS,
    Cluster,
    build_articles,
    fit_budget,
    load_clusters,
    quickread_system,
    score,
)
from train_scorer import target

# The R1 targets (issue 2), printed next to the ceilings.
TARGET_R1 = {"multinews": 46.0, "neus": 43.0, "cnndm": 42.0}


def reference_scored_system(articles: Sequence[Article], budget: int, reference: Sequence[str]) -> list[str]:
    """The shipped selection with each sentence scored by its ROUGE precision against the reference."""
    story = rank_story(articles)
    perfect = tuple(
        dataclasses.replace(c, score=target(c.sentence.text, tuple(reference))) for c in story.candidates
    )
    selection = select(dataclasses.replace(story, candidates=perfect), DigestOptions(max_words=budget))
    texts = [c.sentence.text for c in selection.lede]
    for c in selection.key_points:
        cut = trim_sentence(c.sentence.text)
        texts.append(cut.text if cut else c.sentence.text)
    return fit_budget(texts, budget)


@dataclass(frozen=True, slots=True)
class NgramCounts:
    """ROUGE-1/2 counts of lines joined as rouge-score joins them (bigrams span the line ends)."""

    unigrams: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)
    last: str | None = None

    def plus(self, tokens: Sequence[str]) -> NgramCounts:
        joined = [self.last, *tokens] if self.last is not None else list(tokens)
        return NgramCounts(
            self.unigrams + Counter(tokens),
            self.bigrams + Counter(pairwise(joined)),
            tokens[-1] if tokens else self.last,
        )

    def rouge_sum(self, reference: NgramCounts) -> float:
        """ROUGE-1 F1 + ROUGE-2 F1 against the reference, each in [0, 1]."""
        return _f1(self.unigrams, reference.unigrams) + _f1(self.bigrams, reference.bigrams)


def counts_of(lines: Sequence[str]) -> NgramCounts:
    counts = NgramCounts()
    for line in lines:
        counts = counts.plus(tokens(line))
    return counts


def tokens(text: str) -> list[str]:
    """rouge-score's own tokens: lower-cased, punctuation dropped, Porter-stemmed."""
    return list(_SCORER._tokenizer.tokenize(text))


def _f1(system: Counter[Any], reference: Counter[Any]) -> float:
    overlap = sum((system & reference).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(system.values()), overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def greedy_oracle(sentences: Sequence[str], reference: Sequence[str], budget: int) -> list[str]:
    """Add the sentence that most raises ROUGE-1 + ROUGE-2 F1 while one fits and one helps."""
    target_counts = counts_of(["\n".join(reference)])
    sentence_tokens = [tokens(s) for s in sentences]
    words = [len(s.split()) for s in sentences]
    chosen: list[int] = []
    summary, best, used = NgramCounts(), 0.0, 0
    while True:
        pick, pick_counts = None, summary
        for i, toks in enumerate(sentence_tokens):
            if i in chosen or used + words[i] > budget or not toks:
                continue
            extended = summary.plus(toks)
            value = extended.rouge_sum(target_counts)
            if value > best:
                best, pick, pick_counts = value, i, extended
        if pick is None:
            return [sentences[i] for i in chosen]
        chosen.append(pick)
        summary = pick_counts
        used += words[pick]


def ceiling_rows(name: str, clusters: Sequence[Cluster]) -> dict[str, tuple[float, float]]:
    budget = SETS[name].budget
    totals: dict[str, list[dict[str, float]]] = {}
    for cluster in clusters:
        articles = build_articles(cluster)
        if not articles:
            continue
        shown = [s.text for a in articles for s in a.sentences if fitness(s.text) is Fitness.GOOD]
        every = [s.text for a in articles for s in a.sentences]
        systems = {
            "quickread": quickread_system(articles, budget),
            "scores=reference": reference_scored_system(articles, budget, cluster.reference),
            "oracle (shown)": greedy_oracle(shown, cluster.reference, budget),
            "oracle (all)": greedy_oracle(every, cluster.reference, budget),
        }
        for system, lines in systems.items():
            totals.setdefault(system, []).append(score(lines, cluster.reference))
    return {
        system: (float(np.mean([r["rouge1"] for r in rows])), float(np.mean([r["rouge2"] for r in rows])))
        for system, rows in totals.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the dev data folder")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--limit", type=int, default=None, help="first N clusters of each set")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no dev data at {args.data} (pass --data DIR)")
    print(f"{'set':<10} {'system':<18} {'R1':>6} {'R2':>6} {'R1 / oracle (shown)':>20}")
    for name in args.sets.split(","):
        rows = ceiling_rows(name, load_clusters(SETS[name], args.data, args.limit))
        oracle = rows["oracle (shown)"][0]
        for system, (r1, r2) in rows.items():
            print(f"{name:<10} {system:<18} {r1:6.2f} {r2:6.2f} {r1 / oracle:20.2f}")
        print(f"{name:<10} {'target':<18} {TARGET_R1[name]:6.2f} {'':>6} {TARGET_R1[name] / oracle:20.2f}")


if __name__ == "__main__":
    main()
