"""Bag-of-words TF-IDF vectors for the sentences of one story, built per story (no global vocabulary)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

from quickread.text.stopwords import ENGLISH_STOP_WORDS

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
    """Row-normalised TF-IDF vectors, one row per sentence, over the story's own vocabulary.

    ``matrix`` is a scipy CSR matrix: a story has thousands of words and each sentence a dozen, and the
    sparse products are what keeps a 300-sentence story at a few milliseconds.
    """

    matrix: Any  # scipy.sparse.csr_matrix, rows x vocabulary
    words: tuple[frozenset[str], ...]
    tokens: tuple[tuple[str, ...], ...]  # each text's content words in order

    def similarity(self) -> FloatMatrix:
        result: FloatMatrix = (self.matrix @ self.matrix.T).toarray()
        return result


def sentence_vectors(texts: Sequence[str]) -> SentenceVectors:
    tokenised = [content_words(text) for text in texts]
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    counts: list[float] = []
    for row, words in enumerate(tokenised):
        for word, count in Counter(words).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
            counts.append(float(count))
    size = max(1, len(vocabulary))
    frequency = np.array(counts)
    document_frequency = np.bincount(np.array(columns, dtype=np.int64), minlength=size)
    idf = np.log((1.0 + len(texts)) / (1.0 + document_frequency)) + 1.0
    weights = (1.0 + np.log(frequency)) * idf[np.array(columns, dtype=np.int64)] if counts else frequency
    norms = np.sqrt(np.bincount(np.array(rows, dtype=np.int64), weights=weights**2, minlength=len(texts)))
    if counts:
        weights = weights / np.where(norms == 0.0, 1.0, norms)[np.array(rows, dtype=np.int64)]
    matrix = csr_matrix((weights, (rows, columns)), shape=(len(texts), size))
    return SentenceVectors(
        matrix=matrix,
        words=tuple(frozenset(words) for words in tokenised),
        tokens=tuple(tuple(words) for words in tokenised),
    )


def concepts(tokens: Sequence[str]) -> set[str]:
    """The facts a sentence can cover, approximated as its content words and adjacent content-word pairs.

    Pairs carry most of the signal (who did what); single words let a sentence get credit for a topic word
    even when phrased differently.
    """
    found = set(tokens)
    found.update(f"{a} {b}" for a, b in pairwise(tokens))
    return found
