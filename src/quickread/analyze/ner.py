"""Running spaCy's entity recogniser over the sentences that need it.

Only sentences that can hold a name beyond their first word are sent to spaCy, and of those only the ones the
digest may show or that carry quotes; further mentions of the names found are then located in every sentence
by plain string search (see ``entities.py``), which is far cheaper than tagging the whole story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quickread.analyze.models import NlpModels
from quickread.model import Article, EntityKind, Sentence

_LABEL_KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
# An adjective of nationality or religion followed by one of these words names a group ("Islamic State"),
# which the small model tags as NORP + nothing.
_GROUP_HEADS = re.compile(
    r" (State|Army|Party|Front|Movement|Guards?|Brotherhood|Council|Jihad|Resistance)\b"
)
_CAPITALISED_LATER = re.compile(r"\s[A-Z]")
# spaCy batch size for nlp.pipe: sentences are short, a larger batch amortises the per-batch cost (tried 16,
# 64, 256 on the bench story; 64 was as fast as 256 and uses less memory).
_BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class RecognisedSpan:
    """One entity span spaCy found, in Article.text offsets."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    kind: EntityKind


@dataclass(frozen=True, slots=True)
class SentenceRef:
    article: Article
    sentence: Sentence


def needs_ner(sentence: Sentence) -> bool:
    """True when a capitalised word follows the first one: without it the sentence names nothing new."""
    return _CAPITALISED_LATER.search(sentence.text) is not None


def recognise(models: NlpModels, sentences: Sequence[SentenceRef]) -> list[RecognisedSpan]:
    """Entity spans of the given sentences, mapped back to article offsets."""
    chosen = [ref for ref in sentences if needs_ner(ref.sentence)]
    found: list[RecognisedSpan] = []
    docs = models.nlp.pipe((ref.sentence.text for ref in chosen), batch_size=_BATCH_SIZE)
    for ref, doc in zip(chosen, docs, strict=True):
        found.extend(_spans_of(ref, doc.ents))
    return found


def _spans_of(ref: SentenceRef, ents: Iterable[object]) -> list[RecognisedSpan]:
    spans = []
    text = ref.sentence.text
    for ent in ents:
        label = str(getattr(ent, "label_", ""))
        start = int(getattr(ent, "start_char", 0))
        end = int(getattr(ent, "end_char", 0))
        kind = _LABEL_KINDS.get(label)
        if label == "NORP":
            group = _GROUP_HEADS.match(text, end)
            if group is None:
                continue
            end, kind = group.end(), EntityKind.ORGANIZATION
        if kind is None:
            continue
        base = ref.sentence.start
        spans.append(
            RecognisedSpan(
                ref.article.id, ref.sentence.index, base + start, base + end, text[start:end], kind
            )
        )
    return spans
