"""Scoring the analysis against the hand-checked Wikinews set in tests/analyze/data (used by the tests and
bench/analyze.py). Pure: the caller reads the files and builds the articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quickread.analyze.names import alias_key, name_tokens
from quickread.model import Figure, FigureKind, Quote


@dataclass(frozen=True, slots=True)
class Score:
    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def same_speaker(predicted: str, gold: str) -> bool:
    """Names match on the gold's last name ("Durbin" = "Dick Durbin"); descriptions match as written."""
    if alias_key(predicted) == alias_key(gold):
        return True
    gold_tokens, predicted_tokens = name_tokens(gold), name_tokens(predicted)
    return bool(gold_tokens and predicted_tokens) and gold_tokens[-1] == predicted_tokens[-1]


def score_quotes(found: Sequence[Quote], gold: Sequence[Mapping[str, Any]]) -> tuple[Score, Score]:
    """(detection, attribution): attribution precision is accuracy over quotes given a speaker."""
    by_text = {(g["article_id"], g["quote"]): g for g in gold}
    true_quotes = [g for g in gold if g["is_quote"]]
    detected = [q for q in found if by_text.get((q.citation.article_id, q.text), {}).get("is_quote")]
    attributed = [q for q in found if q.speaker and (q.citation.article_id, q.text) in by_text]
    right = [q for q in attributed if _speaker_ok(q, by_text[(q.citation.article_id, q.text)])]
    detection = Score(len(detected), len(found), len(true_quotes))
    attribution = Score(len(right), len(attributed), len([g for g in true_quotes if g["speaker"]]))
    return detection, attribution


def _speaker_ok(quote: Quote, gold: Mapping[str, Any]) -> bool:
    return bool(gold["is_quote"]) and same_speaker(quote.speaker, str(gold["speaker"]))


def score_figures(found: Sequence[Figure], gold: Sequence[Mapping[str, Any]]) -> Score:
    """A figure is right when its value and what it counts match a gold figure of the same sentence."""
    correct = predicted = total = 0
    for row in gold:
        mine = [
            f
            for f in found
            if f.citation.article_id == row["article_id"] and f.citation.sentence == row["sentence"]
        ]
        remaining = list(row["figures"])
        predicted += len(mine)
        total += len(remaining)
        for figure in mine:
            match = next((g for g in remaining if _figure_ok(figure, g)), None)
            if match is not None:
                remaining.remove(match)
                correct += 1
    return Score(correct, predicted, total)


def _figure_ok(figure: Figure, gold: Mapping[str, Any]) -> bool:
    if gold["unit"] in ("date", "year"):
        return figure.kind == FigureKind.DATE and figure.text == gold["text"]
    if figure.value != gold["value"] or figure.kind == FigureKind.DATE:
        return False
    unit = figure.unit.lower().split()
    return all(word in unit for word in gold["unit"].lower().split()) or unit[-1] in gold["unit"].lower()
