"""Bag-of-words TF-IDF vectors for the sentences of one story, built per story (no global vocabulary)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according", "mr", "mrs", "ms"}

FloatMatrix = NDArray[np.float64]


def content_words(text: str) -> list[str]:
    """Lower-cased content words with a light plural/possessive stem ("troops" -> "troop")."""
    words = []
    for word in _WORD.findall(text.lower().replace("’", "'").replace("'s ", " ")):
        if word in _STOP or (len(word) < 2 and not word.isdigit()):
            continue
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(word)
    return words


@dataclass(frozen=True, slots=True)
class SentenceVectors:
    """Row-normalised TF-IDF vectors, one row per sentence, over the story's own vocabulary."""

    matrix: FloatMatrix
    words: tuple[frozenset[str], ...]

    def similarity(self) -> FloatMatrix:
        return self.matrix @ self.matrix.T

    def similarity_to(self, vector: FloatMatrix) -> FloatMatrix:
        return self.matrix @ vector


def sentence_vectors(texts: Sequence[str]) -> SentenceVectors:
    tokenised = [content_words(text) for text in texts]
    vocabulary: dict[str, int] = {}
    for words in tokenised:
        for word in words:
            vocabulary.setdefault(word, len(vocabulary))
    counts = np.zeros((len(texts), max(1, len(vocabulary))), dtype=np.float64)
    for row, words in enumerate(tokenised):
        for word in words:
            counts[row, vocabulary[word]] += 1.0
    document_frequency = (counts > 0).sum(axis=0)
    idf = np.log((1.0 + len(texts)) / (1.0 + document_frequency)) + 1.0
    weights = np.where(counts > 0, 1.0 + np.log(np.maximum(counts, 1.0)), 0.0) * idf
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    matrix = weights / np.where(norms == 0.0, 1.0, norms)
    return SentenceVectors(matrix=matrix, words=tuple(frozenset(words) for words in tokenised))
