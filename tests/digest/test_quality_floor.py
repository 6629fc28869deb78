"""ROUGE floor of the digest on the dev sets: fails when a figure drops more than 0.5 point below its record.

The recorded figures are those of docs/benchmarks.md, section "Summarization (issue 2)"; update both together.
Runs the whole dev sets (about 20 s on the 2-core box); skips when ../shared/data/dev is absent.
"""

from __future__ import annotations

import sys

import pytest

from conftest import DEV_DATA, REPO

sys.path.insert(0, str(REPO / "bench"))  # the scoring code is shared with bench/summarize.py
import rouge_eval

# set -> (R1, R2, RLsum), mean F1 x 100, from `.venv/bin/python bench/summarize.py` (docs/benchmarks.md)
# Lowered only by product rules, never to pass a test: in session 1 the every-source rule (NeuS 38.95 ->
# 38.82) and bullets that hide their actor behind a pronoun after an opening phrase or are a bare quotation
# (Multi-News 44.91 / 15.30 / 40.68 -> 44.56 / 14.94 / 40.32); in session 2 bullets that are whole sentences
# and name their actor (NeuS 38.78 / 17.63 / 32.77 and CNN/DM 39.78 / 17.45 / 35.22 -> the figures below;
# Multi-News 45.66 / 15.60 / 41.25 -> 45.52 / 15.52 / 41.14 for "I"/"we" after an opening phrase, since
# raised to 45.60 / 15.62 / 41.20).
# Raised by concept-coverage selection (session 1) and by dropping page furniture and continuations
# (session 2, Multi-News 44.75 / 15.02 / 40.47 -> 45.66 / 15.60 / 41.25).
RECORDED = {
    "multinews": (45.60, 15.62, 41.20),
    "neus": (38.66, 17.53, 32.63),
    "cnndm": (39.89, 17.37, 35.36),
}
TOLERANCE = 0.5


@pytest.mark.parametrize("set_name", sorted(RECORDED))
def test_rouge_does_not_drop_below_the_recorded_figures(set_name: str) -> None:
    if not DEV_DATA.is_dir():
        pytest.skip(f"dev data not found at {DEV_DATA} (read at run time, never committed)")
    dev_set = rouge_eval.SETS[set_name]
    clusters = rouge_eval.load_clusters(dev_set, DEV_DATA)
    built = [rouge_eval.build_articles(c) for c in clusters]
    result = rouge_eval.evaluate(dev_set, "quickread", clusters, built)
    got = (result.rouge1, result.rouge2, result.rouge_lsum)
    for name, value, floor in zip(("R1", "R2", "RLsum"), got, RECORDED[set_name], strict=True):
        assert value >= floor - TOLERANCE, (
            f"{set_name} {name} {value:.2f} < recorded {floor:.2f} - {TOLERANCE}"
        )
