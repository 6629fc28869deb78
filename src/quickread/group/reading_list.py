"""What of a story its digest reads: all of it, up to bounds that keep one digest to seconds and megabytes.

A feed can pour thousands of near-identical items into one story, or one item can carry a book. The digest
and its analysis cost about 60 ms per article of 40 sentences, and the sentence similarity matrix grows with
the square of the story's sentences: a 3,000-item story took 91 s, an 8,000-sentence article 13 s and 1 GB.

Above ``MAX_READ_ARTICLES`` the digest reads a selection that keeps what matters, in this order: the earliest
and the latest report, one report of every outlet (its earliest), then reports spread evenly over the story's
time; copies (near-identical republications) only when room is left, each with the report it copies.
Above ``MAX_READ_SENTENCES`` the longest of the articles read are cut to their opening sentences (the same
number for each, as many as the budget allows): the lead carries the news. A story within both bounds is
read whole, so its digest is what it always was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from quickread.group.lineage import report_source
from quickread.group.stories import reading_order
from quickread.model import Article, Copy

# 50 articles of 40 sentences (Wikinews demo texts) take 3 s to digest and analyse on one laptop core, 100
# take 6 s. Real stories have fewer articles (the largest in the Wikinews demo year has 5, in the White House
# feed 2; a Multi-News cluster 9, an ECB+ topic 39), and every story within the bound is read whole.
MAX_READ_ARTICLES = 50
# One dense sentence-by-sentence matrix of 4,000 sentences is 128 MB; a one-article story of 4,000 sentences
# took 5.7 s and 430 MB at peak (8,000: 13 s and 1 GB). 50 articles of 40 sentences, a big story, are 2,000.
MAX_READ_SENTENCES = 4000


@dataclass(frozen=True, slots=True)
class ReadingList:
    articles: tuple[Article, ...]  # what the digest reads, in the story's order, each maybe cut short
    copies: tuple[Copy, ...]  # the copies among them, each with its origin among them
    left_out_articles: int  # the story's articles the digest does not read
    left_out_sentences: int  # sentences cut from the end of the articles it reads


def reading_list(
    articles: Sequence[Article],
    copies: Sequence[Copy],
    *,
    max_articles: int = MAX_READ_ARTICLES,
    max_sentences: int = MAX_READ_SENTENCES,
) -> ReadingList:
    """What a story's digest reads: all of it when it is within ``max_articles`` and ``max_sentences``.

    ``articles`` in the story's order, ``copies`` from ``group.grouping.copies_among`` over them.
    """
    if not 1 <= max_articles <= max_sentences:
        raise ValueError(f"need 1 <= max_articles <= max_sentences, got {max_articles} and {max_sentences}")
    read = list(articles) if len(articles) <= max_articles else _selection(articles, copies, max_articles)
    cap = _sentence_cap([len(article.sentences) for article in read], max_sentences)
    left_out_sentences = 0
    if cap is not None:
        left_out_sentences = sum(max(0, len(article.sentences) - cap) for article in read)
        read = [_opening(article, cap) for article in read]
    read_ids = {article.id for article in read}
    kept = tuple(c for c in copies if c.article_id in read_ids and c.origin_id in read_ids)
    return ReadingList(tuple(read), kept, len(articles) - len(read), left_out_sentences)


def _selection(articles: Sequence[Article], copies: Sequence[Copy], limit: int) -> list[Article]:
    ids = {article.id for article in articles}
    origin_of = {c.article_id: c.origin_id for c in copies if c.article_id in ids and c.origin_id in ids}
    order = sorted(range(len(articles)), key=lambda i: reading_order(articles[i], i))
    reports = [i for i in order if articles[i].id not in origin_of]
    chosen: dict[int, None] = {}  # positions in ``articles``, in the order they were picked
    _pick(chosen, [reports[0], reports[-1]] if reports else [], limit)
    _pick(chosen, _first_of_each_source(articles, reports), limit)
    _pick(chosen, _spread([i for i in reports if i not in chosen], limit - len(chosen)), limit)
    picked = {articles[i].id for i in chosen}
    copies_of_picked = [i for i in order if origin_of.get(articles[i].id) in picked]
    _pick(chosen, _first_of_each_source(articles, copies_of_picked), limit)
    _pick(chosen, copies_of_picked, limit)
    return [articles[i] for i in sorted(chosen)]


def _pick(chosen: dict[int, None], positions: Sequence[int], limit: int) -> None:
    for position in positions:
        if len(chosen) >= limit:
            return
        chosen.setdefault(position, None)


def _first_of_each_source(articles: Sequence[Article], positions: Sequence[int]) -> list[int]:
    """The first of ``positions`` from each source (a wire agency counts as its own source)."""
    first: dict[str, int] = {}
    for position in positions:
        first.setdefault(report_source(articles[position]), position)
    return list(first.values())


def _spread(positions: Sequence[int], count: int) -> list[int]:
    """``count`` of ``positions`` evenly spaced from first to last (all of them when there are fewer)."""
    if count <= 0:
        return []
    if count >= len(positions):
        return list(positions)
    if count == 1:
        return [positions[0]]
    last = len(positions) - 1
    return [positions[(step * last) // (count - 1)] for step in range(count)]


def _sentence_cap(lengths: Sequence[int], budget: int) -> int | None:
    """The most sentences each article may keep so that all keep at most ``budget``; None when all fit.

    Only the longest articles are cut: the cap is the largest one whose total fits (at least 1, as there are
    never more articles than the budget).
    """
    if sum(lengths) <= budget:
        return None
    low, high = 1, max(lengths)  # total(low) <= budget < total(high)
    while high - low > 1:
        middle = (low + high) // 2
        if sum(min(length, middle) for length in lengths) <= budget:
            low = middle
        else:
            high = middle
    return low


def _opening(article: Article, sentences: int) -> Article:
    """The article cut after its first ``sentences`` sentences (text and sentences alike, same offsets)."""
    if len(article.sentences) <= sentences:
        return article
    kept = article.sentences[:sentences]
    return replace(article, text=article.text[: kept[-1].end], sentences=kept)
