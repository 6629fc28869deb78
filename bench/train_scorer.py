"""Train the sentence scorer of quickread.digest.rank on NeuS train; write src/quickread/digest/scorer.json.

Target: how much of a sentence the reference summary says too, its mean ROUGE-1 and ROUGE-2 precision
against the reference. Precision, not F1 or an oracle label, because it does not depend on the sentence's
length or on the word budget: a 60-word oracle favours short sentences, which does not carry over to a
230-word Multi-News summary. A logistic regression (cross-entropy on the soft target) over rank.FEATURES
learns to predict it. Only NeuS train is used
(train-00/01.jsonl): never the sets the benchmark reports.

    .venv/bin/python bench/train_scorer.py [--data DIR] [--limit N] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
from rouge_score import rouge_scorer

from quickread.digest.rank import FEATURES, POSITION_WEIGHT, rank_story
from rouge_eval import DATA_DIR, SETS, Cluster, build_articles

TRAIN_FILES = ("neus/train-00.jsonl", "neus/train-01.jsonl")
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "quickread" / "digest" / "scorer.json"
BUDGET = SETS["neus"].budget
# L2 strength (scikit-learn's default C); with a dozen features and ~16,000 sentences the fit is not
# sensitive to it.
REGULARISATION_C = 1.0
MONOTONE = frozenset({"centrality", "article_centrality", "support", "support_strength", "title"})
_PRECISION = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def target(sentence: str, reference: tuple[str, ...]) -> float:
    """Mean ROUGE-1 and ROUGE-2 precision of one sentence against the reference, in [0, 1]."""
    rouge = _PRECISION.score("\n".join(reference), sentence)
    return 0.5 * (rouge["rouge1"].precision + rouge["rouge2"].precision)


def training_rows(data_dir: Path, limit: int | None) -> tuple[np.ndarray, np.ndarray]:
    features, targets = [], []
    load = SETS["neus"].load
    for name in TRAIN_FILES:
        with (data_dir / name).open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if limit is not None and number >= limit:
                    break
                cluster: Cluster = load(json.loads(line))
                articles = build_articles(cluster)
                if not articles:
                    continue
                story = rank_story(articles)
                features.append(story.features)
                targets.append(
                    np.array([target(c.sentence.text, cluster.reference) for c in story.candidates])
                )
    return np.vstack(features), np.concatenate(targets)


def fit_logistic(x: np.ndarray, y: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression on soft targets in [0, 1] plus a fixed offset, by Newton steps."""
    design = np.hstack([x, np.ones((x.shape[0], 1))])
    weights = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) / REGULARISATION_C
    penalty[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(design @ weights + offset)))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = (design * (p * (1.0 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights[:-1], float(weights[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--limit", type=int, default=None, help="first N stories of each file")
    parser.add_argument("--dry-run", action="store_true", help="print the weights, write nothing")
    args = parser.parse_args()
    x, y = training_rows(args.data, args.limit)
    fixed = FEATURES.index("position")
    learned = [i for i in range(len(FEATURES)) if i != fixed]
    while True:
        weights, bias = fit_logistic(x[:, learned], y, POSITION_WEIGHT * x[:, fixed])
        # Evidence that a sentence is central or widely reported must never count against it; these
        # features are correlated, and an unconstrained fit gives some of them negative weights that
        # flip sensible choices (the seed's lede). Drop the most negative one and refit until none is.
        wrong = [(w, i) for w, i in zip(weights, learned, strict=True) if FEATURES[i] in MONOTONE and w < 0]
        if not wrong:
            break
        learned.remove(min(wrong)[1])
    result: dict[str, Any] = {
        "about": "logistic sentence scorer for quickread.digest.rank; written by bench/train_scorer.py",
        "trained_on": f"NeuS train ({', '.join(TRAIN_FILES)}): {len(y)} sentences",
        "target": "mean ROUGE-1/ROUGE-2 precision of the sentence against the reference summary",
        "fixed": {"position": POSITION_WEIGHT},
        "features": [FEATURES[i] for i in learned],
        "weights": [round(float(w), 4) for w in weights],
        "bias": round(bias, 4),
    }
    text = json.dumps(result, indent=2) + "\n"
    print(text)
    if not args.dry_run:
        OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
