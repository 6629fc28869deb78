"""Copies found by the shuffled MinHash bands equal those of the single-process index on real releases."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

import numpy as np
from tests.archive.demo_corpora import CONGRESS, first_of_each_id

from quickread.archive.copies import (
    PAIR,
    bucket_pairs,
    copy_features,
    decide,
    most_recent_candidates,
    resolve_origins,
    shuffle_rows,
)
from quickread.archive.plan import ArchivePlan, day_key
from quickread.group.duplicates import find_copies
from quickread.group.options import GroupOptions
from quickread.ingest.files import read_articles
from quickread.model import Article


def archive_copies(
    articles: list[Article], options: GroupOptions, buckets: int = 5
) -> dict[str, tuple[str, bool]]:
    """The archive's copy stage run in this process: per day, shuffled, decided, resolved."""
    by_day: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_day[day_key(article.date)].append(article)
    plan = ArchivePlan.from_counts({day: len(items) for day, items in by_day.items()})
    features = {
        day: copy_features(by_day[day], -1 if day == "undated" else dt.date.fromisoformat(day).toordinal())
        for day in plan.days
    }
    parts: dict[int, list[np.ndarray]] = defaultdict(list)
    for day in plan.days:
        for bucket, rows in shuffle_rows(
            features[day], plan.first[day], options.near_duplicate, buckets
        ).items():
            parts[bucket].append(rows)
    pairs = np.concatenate(
        [np.zeros(0, dtype=PAIR)] + [bucket_pairs(rows, options.copy_horizon_days) for rows in parts.values()]
    )
    signatures, ids = {}, {}
    for day in plan.days:
        for offset, (article_id, signature) in enumerate(
            zip(features[day].ids, features[day].signatures, strict=True)
        ):
            signatures[plan.first[day] + offset] = signature
            ids[plan.first[day] + offset] = article_id
    exact = set(pairs["article"][pairs["kind"] == 1].tolist())
    resolved = resolve_origins(
        decide(most_recent_candidates(pairs), signatures, ids, exact, options.near_duplicate)
    )
    return {ids[n]: (ids[d.candidate], d.exact) for n, d in resolved.items()}


def test_the_archive_finds_the_copies_the_index_finds_on_the_congress_releases() -> None:
    articles = first_of_each_id(read_articles(CONGRESS))
    options = GroupOptions()
    expected = {
        article_id: (match.origin_id, match.exact)
        for article_id, match in find_copies(
            articles, options.near_duplicate, options.copy_horizon_days
        ).items()
    }
    found = archive_copies(articles, options)
    assert len(expected) == 41  # joint releases and statements republished by other offices
    assert found == expected


def test_a_text_repeated_beyond_the_horizon_is_not_a_copy() -> None:
    base = read_articles(CONGRESS)[:1][0]
    day = base.date or dt.date(2019, 1, 1)
    later = dataclasses.replace(base, id="later", source="x", date=day + dt.timedelta(days=60))
    near = dataclasses.replace(base, id="near", source="y", date=day + dt.timedelta(days=2))
    found = archive_copies([base, near, later], GroupOptions())
    assert found == {"near": (base.id, True)}
