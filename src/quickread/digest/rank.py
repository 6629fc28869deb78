"""Scoring every sentence of a story: how central, how early, how widely supported across sources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from quickread.digest.standalone import Fitness, fitness
from quickread.digest.vectors import FloatMatrix, sentence_vectors
from quickread.model import Article, Sentence

# Weights of the linear score. Tuned by hand on the dev sets with bench/summarize.py (grid over
# 0.1 steps, keeping one setting for all three sets); see docs/benchmarks.md.
W_CENTRALITY = 1.0
W_POSITION = 0.6
W_SUPPORT = 0.4
W_TITLE = 0.3
# Two sentences from different articles whose cosine is at least this state the same fact (checked by
# reading pairs on the seed and Multi-News: 0.5 and above are paraphrases or copies).
SAME_FACT_SIMILARITY = 0.5


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


def rank_story(articles: Sequence[Article]) -> RankedStory:
    pairs = [(article, sentence) for article in articles for sentence in article.sentences]
    titles = [article.title for article in articles]
    vectors = sentence_vectors([sentence.text for _, sentence in pairs] + titles)
    sentence_matrix = vectors.matrix[: len(pairs)]
    title_matrix = vectors.matrix[len(pairs) :]
    similarity = sentence_matrix @ sentence_matrix.T

    centroid = _unit(sentence_matrix.sum(axis=0))
    centrality = sentence_matrix @ centroid
    title_vector = _unit(title_matrix.sum(axis=0))
    title_score = sentence_matrix @ title_vector
    title_similarity = title_matrix @ centroid

    article_of_row = np.array([position for position, article in enumerate(articles) for _ in article.sentences])
    support = _cross_source_support(similarity, article_of_row, len(articles))

    candidates = []
    for row, (article, sentence) in enumerate(pairs):
        position = 1.0 / np.sqrt(1.0 + sentence.index)
        score = (
            W_CENTRALITY * float(centrality[row])
            + W_POSITION * float(position)
            + W_SUPPORT * float(support[row])
            + W_TITLE * float(title_score[row])
        )
        candidates.append(Candidate(row, article, sentence, fitness(sentence.text), score))
    return RankedStory(tuple(candidates), similarity, title_similarity)


def _cross_source_support(similarity: FloatMatrix, article_of_row: np.ndarray, articles: int) -> FloatMatrix:
    """For each sentence, the share of other articles holding a sentence that states the same fact."""
    if articles < 2:
        return np.zeros(similarity.shape[0])
    supported = np.zeros(similarity.shape[0])
    for position in range(articles):
        columns = article_of_row == position
        best = similarity[:, columns].max(axis=1) if columns.any() else np.zeros(similarity.shape[0])
        supported += (best >= SAME_FACT_SIMILARITY) & (article_of_row != position)
    return supported / (articles - 1)


def _unit(vector: FloatMatrix) -> FloatMatrix:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
