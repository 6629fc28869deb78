"""Copies of one report: exact (same words after normalisation) and near (MinHash LSH on word trigrams).

A republished wire story keeps its body and changes around it: a new headline (the title is not hashed),
a trimmed ending, inserted links (URLs are dropped before hashing), so the body's trigrams mostly survive.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from datasketch import MinHash, MinHashLSH

from quickread.model import Article

_URL = re.compile(r"https?://\S+|www\.\S+")
_WORD = re.compile(r"\w+")
# 64 permutations estimate a Jaccard of 0.5 within about ±0.06, enough to tell a copy (> 0.5) from two
# outlets' own write-ups of one event (< 0.2 on the dev sets), at half the memory of the usual 128.
_PERMUTATIONS = 64
_SHINGLE = 3
# Indexed texts scored against a new one, the most recently indexed first. A report has a handful of copies
# in a month, far fewer than this, so the bound changes nothing for real news; without it a feed of 3,000
# near-identical items scored each item against every earlier one (4.5 million Jaccard estimates, and as many
# bucket entries visited, for 3,000 items: most of the 5 s the story index took and of the 6 s of finding the
# copies again for the digest). With it the work per text is constant. 50 costs 0.4 ms per text.
MAX_SCORED_CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class CopyMatch:
    origin_id: str  # the earlier article this one copies
    exact: bool


def normalised_words(text: str) -> list[str]:
    return _WORD.findall(_URL.sub(" ", text).lower())


def text_key(words: list[str]) -> str:
    """Identity of a text for exact copies: the same words after normalisation."""
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def band_ranges(threshold: float) -> list[tuple[int, int]]:
    """The signature slices that LSH compares: texts sharing one are candidates (datasketch's choice)."""
    bands = MinHashLSH(threshold=threshold, num_perm=_PERMUTATIONS)
    return [(band * bands.r, (band + 1) * bands.r) for band in range(bands.b)]


class Signer:
    """MinHash signatures of word-trigram sets; every Signer gives a text the same signature."""

    def __init__(self) -> None:
        template = MinHash(num_perm=_PERMUTATIONS, seed=1)
        self._permutations = template.permutations
        self._scheme = template.scheme

    def signature(self, words: list[str]) -> MinHash:
        signature = MinHash(num_perm=_PERMUTATIONS, permutations=self._permutations, scheme=self._scheme)
        starts = range(max(1, len(words) - _SHINGLE + 1))
        shingles = [" ".join(words[i : i + _SHINGLE]).encode() for i in starts]
        signature.update_batch(shingles)
        return signature


class DuplicateIndex:
    """Articles seen so far, findable by exact text and by near-identical text. Articles can be removed.

    Near-identical texts are found by MinHash LSH: the signature is cut into bands, and texts sharing a band
    are candidates. The bands are datasketch's (``MinHashLSH``'s choice for the threshold); the buckets are
    kept here, in indexing order, so that a lookup can take the most recent ``MAX_SCORED_CANDIDATES`` of a
    crowded bucket without walking it.
    """

    def __init__(self, threshold: float) -> None:
        self._threshold = threshold
        self._band_ranges = band_ranges(threshold)
        self._signer = Signer()
        self._exact: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}
        # band value -> ids of the texts with that band, oldest first (a dict keeps order and removes fast)
        self._buckets: dict[tuple[int, bytes], dict[str, None]] = {}
        self._sequence: dict[str, int] = {}  # id -> when it was indexed, to pick the most recent candidates
        self._indexed = 0

    def __len__(self) -> int:
        return len(self._keys)

    def match_and_add(self, article: Article) -> CopyMatch | None:
        """The earlier article this one copies, if any; the article is indexed either way."""
        words = normalised_words(article.text)
        key = text_key(words)
        self._keys[article.id] = key
        if key in self._exact:
            return CopyMatch(self._exact[key], exact=True)
        if article.id in self._signatures:
            raise ValueError(f"article {article.id!r} is indexed already")
        self._exact[key] = article.id
        signature = self._signer.signature(words)
        bands = self._bands(signature)
        best: tuple[float, str] | None = None
        for candidate in self._candidates(bands):
            score = float(signature.jaccard(self._signatures[candidate]))
            if score >= self._threshold and (best is None or (score, candidate) > best):
                best = (score, candidate)
        for band in bands:
            self._buckets.setdefault(band, {})[article.id] = None
        self._signatures[article.id] = signature
        self._sequence[article.id] = self._indexed
        self._indexed += 1
        return CopyMatch(best[1], exact=False) if best else None

    def remove(self, article_id: str) -> None:
        key = self._keys.pop(article_id, None)
        if key is not None and self._exact.get(key) == article_id:
            del self._exact[key]
        signature = self._signatures.pop(article_id, None)
        if signature is None:
            return
        del self._sequence[article_id]
        for band in self._bands(signature):
            bucket = self._buckets[band]
            del bucket[article_id]
            if not bucket:
                del self._buckets[band]

    def _candidates(self, bands: list[tuple[int, bytes]]) -> set[str]:
        """Indexed texts sharing a band with these: all of them, or the most recent MAX_SCORED_CANDIDATES."""
        found: set[str] = set()
        for band in bands:
            bucket = self._buckets.get(band)
            if bucket:
                found.update(islice(reversed(bucket), MAX_SCORED_CANDIDATES))
        if len(found) <= MAX_SCORED_CANDIDATES:
            return found
        return set(heapq.nlargest(MAX_SCORED_CANDIDATES, found, key=self._sequence.__getitem__))

    def _bands(self, signature: MinHash) -> list[tuple[int, bytes]]:
        values = signature.hashvalues
        return [(band, values[start:stop].tobytes()) for band, (start, stop) in enumerate(self._band_ranges)]


def find_copies(articles: Sequence[Article], threshold: float, horizon_days: int) -> dict[str, CopyMatch]:
    """For every article that copies an earlier one (by date, then input order): what it copies.

    Only articles within ``horizon_days`` of each other can be copies: a text rerun months later is a new
    publication, and the window keeps the index small however long the input spans.
    """
    order = sorted(range(len(articles)), key=lambda i: (articles[i].date is None, articles[i].date, i))
    index = DuplicateIndex(threshold)
    recent: deque[tuple[int, str]] = deque()
    copies: dict[str, CopyMatch] = {}
    for position in order:
        article = articles[position]
        if article.date is not None:
            day = article.date.toordinal()
            while recent and recent[0][0] < day - horizon_days:
                index.remove(recent.popleft()[1])
            recent.append((day, article.id))
        match = index.match_and_add(article)
        if match is not None:
            known = copies.get(match.origin_id)
            copies[article.id] = CopyMatch(known.origin_id if known else match.origin_id, match.exact)
    return copies


__all__ = [
    "CopyMatch",
    "DuplicateIndex",
    "Signer",
    "band_ranges",
    "find_copies",
    "normalised_words",
    "text_key",
]
