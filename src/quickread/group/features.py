"""What an article says as weighted terms: its words, and the names and numbers that tell events apart.

spaCy's entity recogniser would cost ~40 minutes of CPU for 100,000 articles on this machine, so names are
found cheaply: a capitalised token the article never writes in lower case ("Rahman", "Mannheim", "IBF").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from quickread.model import Article
from quickread.text.stopwords import ENGLISH_STOP_WORDS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_STOP_WORDS = frozenset(ENGLISH_STOP_WORDS)
# Longest first, so "es" is tried before "s"; a stem keeps at least 4 letters so "news" and "gas" survive.
_SUFFIXES = ("ing", "ed", "es", "s")

SparseVector = dict[str, float]


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """Raw term counts of one article (title and text)."""

    words: Mapping[str, int]
    names: Mapping[str, int]  # proper names and numbers other than years


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def article_terms(article: Article) -> ArticleTerms:
    text = f"{article.title}\n{article.text}"
    tokens = _TOKEN.findall(text)
    written_lower = {token.lower() for token in tokens if token[0].islower()}
    words: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for token in tokens:
        lowered = token.lower().replace("’", "'")
        if lowered in _STOP_WORDS or len(lowered) < 2:
            continue
        words[stem(lowered)] += 1
        if token[0].isupper() and lowered not in written_lower:
            names[lowered] += 1
        elif token[0].isdigit() and len(token) > 1 and not _YEAR.fullmatch(token):
            # Years say little (every 2024 story has "2024"); counts and scores ("52-3", "6.1") say much.
            names["#" + token] += 1
    return ArticleTerms(words=dict(words), names=dict(names))


@dataclass(slots=True)
class TermStatistics:
    """Document frequencies, for inverse document frequency weights (scikit-learn's smoothed form)."""

    documents: int = 0
    frequencies: Counter[str] = field(default_factory=Counter)

    def count(self, terms: Iterable[str]) -> None:
        self.documents += 1
        self.frequencies.update(terms)

    def to_json(self) -> dict[str, object]:
        return {"documents": self.documents, "frequencies": dict(self.frequencies)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TermStatistics:
        return cls(int(data["documents"]), Counter({str(k): int(v) for k, v in data["frequencies"].items()}))

    def idf(self, term: str) -> float:
        return math.log((self.documents + 1) / (self.frequencies.get(term, 0) + 1)) + 1.0

    def weigh(self, counts: Mapping[str, int]) -> SparseVector:
        """Sublinear tf times idf, scaled to unit length."""
        vector = {term: (1.0 + math.log(count)) * self.idf(term) for term, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {term: value / norm for term, value in vector.items()}


@dataclass(frozen=True, slots=True)
class ArticleVectors:
    words: SparseVector
    names: SparseVector


@dataclass(slots=True)
class CorpusStatistics:
    """Term statistics of the articles seen so far: the whole input for ``group``, the stream for an index."""

    words: TermStatistics = field(default_factory=TermStatistics)
    names: TermStatistics = field(default_factory=TermStatistics)

    def count(self, terms: ArticleTerms) -> None:
        self.words.count(terms.words)
        self.names.count(terms.names)

    def to_json(self) -> dict[str, object]:
        return {"words": self.words.to_json(), "names": self.names.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CorpusStatistics:
        return cls(TermStatistics.from_json(data["words"]), TermStatistics.from_json(data["names"]))

    def vectors(self, terms: ArticleTerms) -> ArticleVectors:
        return ArticleVectors(words=self.words.weigh(terms.words), names=self.names.weigh(terms.names))
