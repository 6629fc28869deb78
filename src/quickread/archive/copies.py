"""Copies across a whole archive: MinHash band keys shuffled into buckets, so that two copies meet in one
bucket wherever in the archive they are, then scored and resolved to their origins.

The single-process ``group.duplicates.find_copies`` walks the articles in reading order with one LSH index.
Here the same signatures (``group.duplicates.Signer``) and bands are computed per day in parallel; every
(band value, article) pair and every (exact text key, article) pair becomes a row; rows are routed to buckets
by hash; a bucket lists, for each article, the earlier articles sharing a band within the copy horizon (the
most recent ``MAX_SCORED_CANDIDATES`` of them, as the index does) and the earliest sharing its exact text.
The decision per article is then the index's: of the candidates of all its bands, the 50 most recent; an
exact copy copies the first text it repeats; otherwise the candidate with the highest estimated Jaccard at or
above the threshold (ties to the larger id), never an exact copy (the index does not hold those). Where it
can differ from the single process: the index forgets an article the day it passes out of the horizon of the
newest article read, the archive measures the horizon from each article, so a text repeated 33 days later
within a stream that has moved on may pair differently.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from quickread.group.duplicates import MAX_SCORED_CANDIDATES, Signer, band_ranges, normalised_words, text_key
from quickread.model import Article

BAND = 0
EXACT = 1
ROW = np.dtype([("hash", "<u8"), ("article", "<i8"), ("day", "<i4"), ("kind", "u1")])
PAIR = np.dtype([("article", "<i8"), ("candidate", "<i8"), ("kind", "u1")])
_RANDOM = np.random.default_rng(20261201)  # fixed: every worker must hash a band the same way
_MULTIPLIERS = _RANDOM.integers(1, 2**63, size=(64, 64), dtype=np.uint64) | np.uint64(1)
_SALTS = _RANDOM.integers(0, 2**63, size=64, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class CopyFeatures:
    """What finding copies needs of one day's articles, in reading order."""

    ids: tuple[str, ...]
    keys: tuple[str, ...]  # exact text identity
    signatures: np.ndarray  # (articles, permutations) uint64 MinHash values
    day: int  # the day's ordinal, -1 for undated articles


def copy_features(articles: Sequence[Article], day: int) -> CopyFeatures:
    signer = Signer()
    keys: list[str] = []
    rows: list[np.ndarray] = []
    for article in articles:
        words = normalised_words(article.text)
        keys.append(text_key(words))
        rows.append(signer.signature(words).hashvalues)
    signatures = np.vstack(rows).astype(np.uint64) if rows else np.zeros((0, 64), dtype=np.uint64)
    return CopyFeatures(tuple(a.id for a in articles), tuple(keys), signatures, day)


def shuffle_rows(features: CopyFeatures, first: int, threshold: float, buckets: int) -> dict[int, np.ndarray]:
    """The rows of one day, split by bucket: one per band per article and one for its exact text."""
    ranges = band_ranges(threshold)
    count = len(features.ids)
    rows = np.zeros(count * (len(ranges) + 1), dtype=ROW)
    numbers = np.arange(first, first + count, dtype=np.int64)
    with np.errstate(over="ignore"):
        for band, (start, stop) in enumerate(ranges):
            # A multiplicative hash of the band's values, salted by the band: equal bands hash equal; two
            # different ones colliding only add a candidate that the Jaccard estimate then turns down.
            values = features.signatures[:, start:stop] * _MULTIPLIERS[band, : stop - start]
            part = rows[band * count : (band + 1) * count]
            part["hash"] = values.sum(axis=1, dtype=np.uint64) ^ _SALTS[band]
            part["kind"] = BAND
        part = rows[len(ranges) * count :]
        part["hash"] = np.array([int(key[:16], 16) for key in features.keys], dtype=np.uint64)
        part["kind"] = EXACT
    rows["article"] = np.tile(numbers, len(ranges) + 1)
    rows["day"] = features.day
    bucket_of = rows["hash"] % np.uint64(buckets)
    return {int(bucket): rows[bucket_of == bucket] for bucket in np.unique(bucket_of).tolist()}


def bucket_pairs(parts: Iterable[np.ndarray], horizon_days: int) -> np.ndarray:
    """Candidate (article, earlier article) pairs among the rows of one bucket."""
    rows = np.concatenate([part for part in parts if len(part)] or [np.zeros(0, dtype=ROW)])
    if len(rows) < 2:
        return np.zeros(0, dtype=PAIR)
    rows = rows[np.lexsort((rows["article"], rows["kind"], rows["hash"]))]
    same = (rows["hash"][1:] == rows["hash"][:-1]) & (rows["kind"][1:] == rows["kind"][:-1])
    starts = np.flatnonzero(np.r_[True, ~same])
    sizes = np.diff(np.r_[starts, len(rows)])
    # Three flat buffers, 17 bytes a pair: a list of tuples took about 150, and at a million look-alike
    # releases a bucket's pairs made that the archive's peak (2.4 GB per worker).
    found, candidates, kinds = array("q"), array("q"), array("B")
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        run = rows[start : start + size]
        articles, days, kind = run["article"].tolist(), run["day"].tolist(), int(run["kind"][0])
        earliest = (
            0  # articles are numbered in date order (undated last): the earliest in reach only moves on
        )
        for position in range(1, size):
            day = days[position]
            if kind == EXACT:
                while day >= 0 and earliest < position and days[earliest] < day - horizon_days:
                    earliest += 1
                if day < 0:
                    earliest = 0
                if earliest < position:
                    found.append(articles[position])
                    candidates.append(articles[earliest])
                    kinds.append(EXACT)
                continue
            # the most recent earlier articles in reach, as the index scores them
            lowest = max(0, position - MAX_SCORED_CANDIDATES)
            for k in range(position - 1, lowest - 1, -1):
                if not _near(days[k], day, horizon_days):
                    break
                found.append(articles[position])
                candidates.append(articles[k])
                kinds.append(BAND)
    pairs = np.zeros(len(found), dtype=PAIR)
    if len(found):
        pairs["article"] = np.frombuffer(found, dtype=np.int64)
        pairs["candidate"] = np.frombuffer(candidates, dtype=np.int64)
        pairs["kind"] = np.frombuffer(kinds, dtype=np.uint8)
    return pairs


def most_recent_candidates(pairs: np.ndarray) -> np.ndarray:
    """Each article's pairs with its exact-text origin and its ``MAX_SCORED_CANDIDATES`` most recent distinct
    band candidates over all bands, as the single-process index scores them (buckets keep that many per
    band, so an article of look-alike texts may bring 14 times as many)."""
    pairs = np.unique(pairs)  # a candidate met in several bands, once
    band = pairs[pairs["kind"] == BAND]
    if not len(band):
        return pairs
    band = band[np.lexsort((-band["candidate"], band["article"]))]  # per article, most recent first
    starts = np.flatnonzero(np.r_[True, band["article"][1:] != band["article"][:-1]])
    rank = np.arange(len(band)) - np.repeat(starts, np.diff(np.r_[starts, len(band)]))
    return np.concatenate([pairs[pairs["kind"] == EXACT], band[rank < MAX_SCORED_CANDIDATES]])


@dataclass(frozen=True, slots=True)
class CopyDecision:
    article: int  # global number
    candidate: int  # the earlier article it copies
    exact: bool


def decide(
    pairs: np.ndarray,
    signatures: Mapping[int, np.ndarray],
    ids: Mapping[int, str],
    exact_copies: set[int],
    threshold: float,
) -> list[CopyDecision]:
    """For each article of ``pairs``: what it copies, if anything (``signatures``/``ids`` by global number;
    ``exact_copies``: every article known to repeat an earlier text exactly)."""
    decisions: list[CopyDecision] = []
    if not len(pairs):
        return decisions
    pairs = pairs[np.lexsort((pairs["candidate"], pairs["article"]))]
    bounds = np.r_[np.flatnonzero(np.r_[True, pairs["article"][1:] != pairs["article"][:-1]]), len(pairs)]
    for start, stop in itertools.pairwise(bounds.tolist()):
        chunk = pairs[start:stop]
        article = int(chunk["article"][0])
        exact = chunk["candidate"][chunk["kind"] == EXACT]
        if len(exact):
            decisions.append(CopyDecision(article, int(exact.min()), exact=True))
            continue
        best: tuple[float, str, int] | None = None
        mine = signatures[article]
        for candidate in sorted(set(chunk["candidate"].tolist())):
            if candidate in exact_copies:
                continue
            # datasketch's MinHash.jaccard, computed the same way so that the scores are equal
            score = float(np.float64(np.count_nonzero(mine == signatures[candidate])) / np.float64(len(mine)))
            if score >= threshold and (best is None or (score, ids[candidate]) > best[:2]):
                best = (score, ids[candidate], candidate)
        if best is not None:
            decisions.append(CopyDecision(article, best[2], exact=False))
    return decisions


def resolve_origins(decisions: Iterable[CopyDecision]) -> dict[int, CopyDecision]:
    """Each copy pointing at the first text of its chain (a copy of a copy copies the origin)."""
    resolved: dict[int, CopyDecision] = {}
    for decision in sorted(decisions, key=lambda d: d.article):
        known = resolved.get(decision.candidate)
        origin = known.candidate if known else decision.candidate
        resolved[decision.article] = CopyDecision(decision.article, origin, decision.exact)
    return resolved


def _near(day: int, other: int, horizon_days: int) -> bool:
    return day < 0 or other < 0 or abs(other - day) <= horizon_days
