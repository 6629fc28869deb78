"""Scoring every sentence of a story: how central, how early, how widely supported across sources.

Each sentence gets a handful of features (lead position, centrality to the story and to its own article,
support from other sources, closeness to the headlines, length, quotes, numbers, standalone fitness); a
small logistic model turns them into the probability that the sentence belongs in a summary. Its weights
live in ``scorer.json`` next to this module and are trained by ``bench/train_scorer.py`` on NeuS train.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

from quickread.digest.standalone import Fitness, fitness
from quickread.digest.vectors import FloatMatrix, concepts, sentence_vectors
from quickread.model import Article, Sentence

# Two sentences from different articles whose cosine is at least this state the same fact (checked by
# reading pairs on the seed and Multi-News: 0.5 and above are paraphrases or copies).
SAME_FACT_SIMILARITY = 0.5
# Sentence length (words) at which the length feature saturates: longer sentences carry more facts up to
# about a typical news sentence, beyond that length is no merit of its own (read off Multi-News sentences,
# median 24 words).
LENGTH_SCALE = 30.0

# A concept (content word or word pair) counts as something the story repeats once two sentences state it;
# its weight is the number of sentences stating it times the number of articles (more outlets, more
# weight). Not tuned: the coverage term is a tie-breaker next to the learned score (see select.py).
CONCEPT_MIN_SENTENCES = 2
# The lead-position weight is fixed, not learned: NeuS train holds only the opening few sentences of each
# article, so it cannot teach how importance falls off deep into a long article. 1.0 was chosen on the dev
# sets among 0.6, 1.0, 2.0 (all three sets within 0.3 R1 of one another; 1.0 best on average).
POSITION_WEIGHT = 1.0

FEATURES = (
    "position",  # 1/sqrt(1 + index in article): the lead carries the news
    "centrality",  # cosine to the story centroid
    "article_centrality",  # cosine to the own article's centroid
    "support",  # share of other articles stating the same fact
    "support_strength",  # mean over other articles of the best cosine to one of their sentences
    "title",  # cosine to the sources' headlines (0 when there are none)
    "length",  # words / LENGTH_SCALE, capped at 1
    "quote",  # holds a quote mark: quotes colour, summaries report
    "digits",  # holds a number
    "dependent",  # leans on earlier text (see standalone.fitness)
)


@dataclass(frozen=True, slots=True)
class LinearScorer:
    """A logistic model over FEATURES: probability that a sentence belongs in a reference summary."""

    weights: FloatMatrix
    bias: float

    def __call__(self, features: FloatMatrix) -> FloatMatrix:
        logits = features @ self.weights + self.bias
        result: FloatMatrix = 1.0 / (1.0 + np.exp(-logits))
        return result

    @classmethod
    def load(cls) -> LinearScorer:
        data = json.loads(resources.files("quickread.digest").joinpath("scorer.json").read_text("utf-8"))
        by_name = dict(zip(data["features"], data["weights"], strict=True)) | data.get("fixed", {})
        return cls(np.array([float(by_name.get(name, 0.0)) for name in FEATURES]), float(data["bias"]))


_SCORER = LinearScorer.load()


@dataclass(frozen=True, slots=True)
class Candidate:
    row: int  # row in the story's similarity matrix
    article: Article
    sentence: Sentence
    fitness: Fitness
    score: float


@dataclass(frozen=True, slots=True)
class RankedStory:
    candidates: tuple[Candidate, ...]  # every sentence of every article, in reading order
    similarity: FloatMatrix  # sentence-by-sentence cosine similarity, rows as candidates
    title_similarity: FloatMatrix  # each article title's similarity to the story, by article order
    features: FloatMatrix  # one row per candidate, columns as FEATURES
    concepts: FloatMatrix  # 0/1, one row per candidate, one column per concept the story repeats
    concept_weights: FloatMatrix  # how often the story states each concept (see _concepts)


def rank_story(articles: Sequence[Article], scorer: LinearScorer | None = None) -> RankedStory:
    pairs = [(article, sentence) for article in articles for sentence in article.sentences]
    titles = [article.title for article in articles if article.title]
    vectors = sentence_vectors([sentence.text for _, sentence in pairs] + titles)
    sentence_matrix = vectors.matrix[: len(pairs)]
    title_matrix = vectors.matrix[len(pairs) :]
    similarity: FloatMatrix = (sentence_matrix @ sentence_matrix.T).toarray()
    centroid = _unit(np.asarray(sentence_matrix.sum(axis=0)).ravel())
    title_similarity = np.zeros(len(articles))
    if titles:
        title_rows = iter(np.asarray(title_matrix @ centroid).ravel())
        title_similarity = np.array([next(title_rows) if a.title else 0.0 for a in articles])

    fitnesses = [fitness(sentence.text, opens_article=sentence.index == 0) for _, sentence in pairs]
    features = _features(articles, pairs, fitnesses, sentence_matrix, title_matrix, similarity, centroid)
    scores = (scorer or _SCORER)(features)
    candidates = tuple(
        Candidate(row, article, sentence, fitnesses[row], float(scores[row]))
        for row, (article, sentence) in enumerate(pairs)
    )
    article_of_row = [position for position, article in enumerate(articles) for _ in article.sentences]
    concept_rows, concept_weights = _concepts(vectors.tokens[: len(pairs)], article_of_row)
    return RankedStory(candidates, similarity, title_similarity, features, concept_rows, concept_weights)


def _concepts(
    tokens: Sequence[Sequence[str]], article_of_row: Sequence[int]
) -> tuple[FloatMatrix, FloatMatrix]:
    """Concepts stated in at least two sentences, weighted by sentences and articles that state them.

    A fact the story repeats, above all one several outlets report, is what a summary must cover.
    """
    per_row = [concepts(t) for t in tokens]
    sentences_with = Counter(concept for found in per_row for concept in found)
    column = {c: i for i, c in enumerate(c for c, n in sentences_with.items() if n >= CONCEPT_MIN_SENTENCES)}
    rows, columns = [], []
    for row, found in enumerate(per_row):
        for concept in found:
            position = column.get(concept)
            if position is not None:
                rows.append(row)
                columns.append(position)
    matrix = np.zeros((len(per_row), len(column)))
    matrix[rows, columns] = 1.0
    # articles stating each concept: count the distinct articles among the rows holding it
    by_article = np.zeros((int(max(article_of_row, default=0)) + 1, len(column)))
    np.add.at(by_article, np.asarray(article_of_row, dtype=np.int64), matrix)
    weights = matrix.sum(axis=0) * (by_article > 0).sum(axis=0)
    return matrix, weights


def _features(
    articles: Sequence[Article],
    pairs: list[tuple[Article, Sentence]],
    fitnesses: list[Fitness],
    sentence_matrix: Any,  # scipy CSR, see vectors.SentenceVectors
    title_matrix: Any,
    similarity: FloatMatrix,
    centroid: FloatMatrix,
) -> FloatMatrix:
    rows = len(pairs)
    table = np.zeros((rows, len(FEATURES)))
    if rows == 0:
        return table
    column = {name: position for position, name in enumerate(FEATURES)}
    index = np.array([sentence.index for _, sentence in pairs], dtype=np.float64)
    article_of_row = np.array([p for p, a in enumerate(articles) for _ in a.sentences])
    table[:, column["position"]] = 1.0 / np.sqrt(1.0 + index)
    table[:, column["centrality"]] = np.asarray(sentence_matrix @ centroid).ravel()

    membership = csr_matrix((np.ones(rows), (article_of_row, np.arange(rows))), shape=(len(articles), rows))
    article_centroids = np.asarray((membership @ sentence_matrix).todense())
    norms = np.linalg.norm(article_centroids, axis=1, keepdims=True)
    article_centroids /= np.where(norms == 0.0, 1.0, norms)
    to_centroids = np.asarray(sentence_matrix @ article_centroids.T)
    table[:, column["article_centrality"]] = to_centroids[np.arange(rows), article_of_row]

    if len(articles) > 1:
        # best[i, p]: the closest sentence of article p to sentence i
        best = np.zeros((rows, len(articles)))
        for position in range(len(articles)):
            columns = article_of_row == position
            if columns.any():
                best[:, position] = similarity[:, columns].max(axis=1)
        best[np.arange(rows), article_of_row] = np.nan  # a sentence's own article is no support
        others = float(len(articles) - 1)
        table[:, column["support"]] = np.nansum(best >= SAME_FACT_SIMILARITY, axis=1) / others
        table[:, column["support_strength"]] = np.nansum(best, axis=1) / others
    if title_matrix.shape[0]:
        title_vector = _unit(np.asarray(title_matrix.sum(axis=0)).ravel())
        table[:, column["title"]] = np.asarray(sentence_matrix @ title_vector).ravel()

    texts = [sentence.text for _, sentence in pairs]
    table[:, column["length"]] = np.minimum(1.0, np.array([len(t.split()) for t in texts]) / LENGTH_SCALE)
    table[:, column["quote"]] = [_quoted(t) for t in texts]
    table[:, column["digits"]] = [_DIGIT.search(t) is not None for t in texts]
    table[:, column["dependent"]] = [f is Fitness.DEPENDENT for f in fitnesses]
    return table


_DIGIT = re.compile(r"\d")


def _quoted(text: str) -> bool:
    """A quotation, not an apostrophe: a double quote mark, or a single one opening a word."""
    return '"' in text or "“" in text or "”" in text or "‘" in text or " '" in text or text.startswith("'")


def _unit(vector: FloatMatrix) -> FloatMatrix:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
