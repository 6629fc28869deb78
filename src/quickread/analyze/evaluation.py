"""Scoring the analysis against the hand-checked Wikinews set in tests/analyze/data (used by the tests and
bench/analyze.py). Pure: the caller reads the files and builds the articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quickread.analyze.names import alias_key, name_tokens
from quickread.model import Entity, Figure, FigureKind, Mention, Quote


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


@dataclass(frozen=True, slots=True)
class MergeScore:
    """Entity merging scored pairwise over the gold mentions the system found.

    ``detection`` counts mentions (a system mention is right when it overlaps a gold mention); ``pairs``
    counts pairs of found mentions of one story: predicted same-entity pairs, gold same-entity pairs and
    pairs both put together. ``kinds_right`` is how many found mentions carry the gold kind.
    """

    detection: Score
    pairs: Score
    kinds_right: int


def score_entity_merging(
    found: Sequence[Entity], gold: Sequence[Mapping[str, Any]], article_ids: Sequence[str]
) -> MergeScore:
    """Score one story's entities against its gold mentions (rows of entities.jsonl for ``article_ids``)."""
    rows = [g for g in gold if g["article_id"] in article_ids]
    system = [(m, entity) for entity in found for m in entity.mentions]
    taken: set[int] = set()
    matched: list[tuple[str, str]] = []  # (system entity name, gold entity) per found gold mention
    kinds_right = 0
    for mention, entity in sorted(system, key=lambda item: (item[0].article_id, item[0].start)):
        # the closest overlapping gold mention: "Iraq" in "Prime Minister of Iraq" is the place
        candidates = [i for i, g in enumerate(rows) if i not in taken and _overlap(mention, g) > 0]
        if not candidates:
            continue
        row = max(candidates, key=lambda i: _overlap(mention, rows[i]))
        taken.add(row)
        matched.append((entity.name, str(rows[row]["entity"])))
        kinds_right += entity.kind.value == rows[row]["kind"]
    together = same_system = same_gold = 0
    for number, (system_a, gold_a) in enumerate(matched):
        for system_b, gold_b in matched[number + 1 :]:
            same_system += system_a == system_b
            same_gold += gold_a == gold_b
            together += system_a == system_b and gold_a == gold_b
    return MergeScore(
        detection=Score(len(matched), len(system), len(rows)),
        pairs=Score(together, same_system, same_gold),
        kinds_right=kinds_right,
    )


def _overlap(mention: Mention, gold: Mapping[str, Any]) -> float:
    """Shared characters over the union of both spans (0 when in different articles)."""
    if mention.article_id != gold["article_id"]:
        return 0.0
    start, end = int(gold["start"]), int(gold["end"])
    shared = min(mention.end, end) - max(mention.start, start)
    return shared / (max(mention.end, end) - min(mention.start, start)) if shared > 0 else 0.0
