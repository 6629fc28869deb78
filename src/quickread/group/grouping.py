"""``group(articles)``: the whole input at once, clustered with average link over a sparse candidate graph.

Only pairs published within ``date_window_days`` of each other are compared (undated articles are compared
with everything), so the work grows with articles times articles-per-window, not with articles squared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from quickread.group.cluster import average_link
from quickread.group.duplicates import find_copies
from quickread.group.features import ArticleVectors, CorpusStatistics, article_terms
from quickread.group.lineage import trace_copies
from quickread.group.options import GroupOptions
from quickread.group.stories import build_story, reading_order
from quickread.model import Article, Copy, Story

# Rows compared at once: bounds the dense-ish block product to a few million entries.
_CHUNK = 1000


def group(articles: Sequence[Article], options: GroupOptions | None = None) -> list[Story]:
    """Stories in order of their first article. Raises ValueError on duplicate article ids."""
    options = options or GroupOptions()
    articles = [
        articles[i] for i in sorted(range(len(articles)), key=lambda i: reading_order(articles[i], i))
    ]
    ids = [article.id for article in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate article ids: {sorted({i for i in ids if ids.count(i) > 1})[:5]}")
    matches = find_copies(articles, options.near_duplicate, options.copy_horizon_days)
    originals = [article for article in articles if article.id not in matches]
    statistics = CorpusStatistics()
    terms = [article_terms(article) for article in originals]
    for item in terms:
        statistics.count(item)
    labels = event_labels(originals, [statistics.vectors(item) for item in terms], options)
    members: dict[int, list[Article]] = {}
    for article, label in zip(originals, labels, strict=True):
        members.setdefault(label, []).append(article)
    story_of = {article.id: label for article, label in zip(originals, labels, strict=True)}
    for article in articles:
        if article.id in matches:
            members[story_of[matches[article.id].origin_id]].append(article)
    position = {article_id: number for number, article_id in enumerate(ids)}
    stories = []
    for label in sorted(members):  # a label is its first member's row, so stories come in reading order
        story_articles = sorted(members[label], key=lambda article: position[article.id])
        stories.append(build_story(story_articles, trace_copies(story_articles, matches)))
    return stories


def event_labels(
    articles: Sequence[Article], vectors: Sequence[ArticleVectors], options: GroupOptions
) -> list[int]:
    """The clustering of ``group``: each article's cluster label (its first member's row), average link over
    the pairs close enough in time. ``articles`` in reading order, originals only."""
    return average_link(len(articles), candidate_similarities(articles, vectors, options), options.same_event)


def copies_among(articles: Sequence[Article], options: GroupOptions | None = None) -> list[Copy]:
    """The wire copies and near-identical republications among one story's articles, with their origins."""
    options = options or GroupOptions()
    return trace_copies(articles, find_copies(articles, options.near_duplicate, options.copy_horizon_days))


def candidate_similarities(
    articles: Sequence[Article], vectors: Sequence[ArticleVectors], options: GroupOptions
) -> dict[tuple[int, int], float]:
    """Similarity of every pair close enough in time, keeping those of at least ``options.weakest_link``.

    ``articles`` must be in reading order (dated by date, then undated).
    """
    if not articles:
        return {}
    words = _matrix([vector.words for vector in vectors])
    names = _matrix([vector.names for vector in vectors])
    days = np.array([a.date.toordinal() if a.date else -1 for a in articles], dtype=np.int64)
    dated = int(np.count_nonzero(days >= 0))
    pairs: dict[tuple[int, int], float] = {}
    for start in range(0, len(articles), _CHUNK):
        stop = min(start + _CHUNK, len(articles))
        if start < dated:
            stop = min(stop, dated)
            last = int(np.searchsorted(days[:dated], days[stop - 1] + options.date_window_days, side="right"))
            columns = np.r_[start:last, dated : len(articles)]
        else:
            columns = np.r_[start : len(articles)]
        _add_block(pairs, words, names, days, np.r_[start:stop], columns, options)
    return pairs


def _add_block(
    pairs: dict[tuple[int, int], float],
    words: Any,
    names: Any,
    days: Any,
    rows: Any,
    columns: Any,
    options: GroupOptions,
) -> None:
    block = (
        options.word_share * (words[rows] @ words[columns].T)
        + (1.0 - options.word_share) * (names[rows] @ names[columns].T)
    ).tocoo()
    row_index = rows[block.row]
    column_index = columns[block.col]
    keep = row_index < column_index
    row_index, column_index, values = row_index[keep], column_index[keep], block.data[keep]
    row_days, column_days = days[row_index], days[column_index]
    gaps = np.where((row_days >= 0) & (column_days >= 0), np.abs(row_days - column_days), 0)
    values = values * np.exp(-np.maximum(gaps - 1.0, 0.0) / options.date_decay_days)
    keep = values >= options.weakest_link
    for a, b, value in zip(
        row_index[keep].tolist(), column_index[keep].tolist(), values[keep].tolist(), strict=True
    ):
        pairs[(a, b)] = value


def _matrix(rows: Sequence[dict[str, float]]) -> Any:
    # Imported here: scikit-learn costs about 0.8 s to import, which `import quickread` should not pay.
    from sklearn.feature_extraction import DictVectorizer

    return DictVectorizer(dtype=np.float32, sort=False).fit_transform(rows).tocsr()
