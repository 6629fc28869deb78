"""The oracle of bench/summarize_ceiling.py: its own ROUGE counting must agree with rouge-score.

The ceilings in docs/benchmarks.md (why the issue-2 targets are out of reach under the grounded rules) rest
on this greedy oracle; real Wikinews text (CC BY 2.5, tests/fixtures/wikinews), no dev data needed.
"""

from __future__ import annotations

import sys

import pytest

from conftest import REPO, WIKINEWS
from quickread.ingest.files import read_articles

sys.path.insert(0, str(REPO / "bench"))
import rouge_eval
import summarize_ceiling


@pytest.fixture
def texts() -> tuple[list[str], list[str]]:
    killed = read_articles(WIKINEWS / "soleimani-killed.txt")[0]
    vote = read_articles(WIKINEWS / "iraq-parliament-vote.txt")[0]
    # one article's opening plays the reference, the other article's sentences the candidates
    return [s.text for s in vote.sentences], [s.text for s in killed.sentences[:3]]


def test_incremental_counts_equal_rouge_score(texts: tuple[list[str], list[str]]) -> None:
    sentences, reference = texts
    lines = sentences[:4]
    ours = summarize_ceiling.counts_of(lines).rouge_sum(summarize_ceiling.counts_of(["\n".join(reference)]))
    theirs = rouge_eval.score(lines, reference)
    assert ours == pytest.approx((theirs["rouge1"] + theirs["rouge2"]) / 100.0, abs=1e-9)


def test_greedy_oracle_beats_every_single_sentence_within_budget(texts: tuple[list[str], list[str]]) -> None:
    sentences, reference = texts
    chosen = summarize_ceiling.greedy_oracle(sentences, reference, budget=60)

    def value(lines: list[str]) -> float:
        scores = rouge_eval.score(lines, reference)
        return scores["rouge1"] + scores["rouge2"]

    assert chosen and sum(len(line.split()) for line in chosen) <= 60
    assert all(line in sentences for line in chosen)
    fitting = [s for s in sentences if len(s.split()) <= 60]
    assert value(chosen) >= max(value([s]) for s in fitting)
