"""What a Quick Read shows on the dev sets, as judgeable items keyed by offsets (issue 10's audit).

Runs the full Quick Read (digest and analysis) over Multi-News validation, CNN/DM validation and the AllSides
raw stories from ``../shared/data/dev`` (research-only: read at run time, never copied), and lists every shown
claim as an ``Item``: a quote and its speaker, a key figure and its label, an entity and its kind, a key-point
bullet, a conflict. An item's key is (set, cluster id, article position, character offsets), so judgments
stored under ``bench/audit/labels/`` never hold the texts themselves.

Sampling is by a salted hash of the key (``in_sample``), not by position: an item that survives a change stays
in the sample, and new items enter it at the same rate, so a rescore after a change sees the same items plus
the new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quickread.analyze.models import NlpModels
from quickread.analyze.story import NO_SPEAKER, analyze_story
from quickread.digest.build import digest
from quickread.model import Article, Digest, Quote
from quickread.render.analysis import MAX_ENTITIES_SHOWN
from quickread.text.article import EmptyArticleError, build_article

DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
SETS = ("multinews", "cnndm", "allsides")
KINDS = ("quote", "figure", "entity", "key_point", "conflict")
SEED = "quickread-audit-1"
# Share of each kind's items that is judged, set from the counts of the first run (4,711 quotes, 2,732 key
# figures, 7,580 shown entities, 5,126 bullets, 223 conflicts) so that each sample holds the minimum
# (400 quotes, 400 figures, 500 entities, 400 key points) with room for items that later rules withhold;
# every conflict is judged.
# key_point 0.09 -> 0.10 in session 6: stricter rules show fewer bullets, and the sample must hold 400.
SAMPLE_RATES = {"quote": 0.10, "figure": 0.28, "entity": 0.12, "key_point": 0.10, "conflict": 1.0}


@dataclass(frozen=True, slots=True)
class RawArticle:
    title: str
    text: str
    source: str
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    set: str
    id: str
    articles: tuple[RawArticle, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One shown claim. ``key`` identifies it across runs; ``shown`` is what the reader sees of it."""

    kind: str
    set: str
    cluster: str
    article: int  # position of the article in its cluster
    start: int
    end: int
    shown: dict[str, Any]
    context: str = field(default="", compare=False)  # source text around it, for annotators only

    @property
    def key(self) -> str:
        return f"{self.kind}|{self.set}|{self.cluster}|{self.article}|{self.start}|{self.end}"


def in_sample(key: str, kind: str) -> bool:
    digest_bytes = hashlib.sha256(f"{SEED}|{key}".encode()).digest()
    return int.from_bytes(digest_bytes[:8], "big") / 2**64 < SAMPLE_RATES[kind]


def load_clusters(set_name: str, data_dir: Path = DATA_DIR, limit: int | None = None) -> list[Cluster]:
    path = {
        "multinews": "multinews/validation.jsonl",
        "cnndm": "cnndm/validation.jsonl",
        "allsides": "allsides/stories_raw.jsonl",
    }[set_name]
    clusters = []
    with (data_dir / path).open(encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(clusters) >= limit:
                break
            clusters.append(_cluster(set_name, json.loads(line)))
    return clusters


def _cluster(set_name: str, row: dict[str, Any]) -> Cluster:
    if set_name == "multinews":  # outlets are not named: each document is its own source
        docs = [RawArticle("", text, f"source {n + 1}") for n, text in enumerate(row["documents"])]
        return Cluster(set_name, str(row["id"]), tuple(docs))
    if set_name == "cnndm":
        return Cluster(set_name, str(row["id"]), (RawArticle("", row["article"], "CNN/Daily Mail"),))
    date = dt.date.fromisoformat(row["date"][:10]) if row.get("date") else None
    articles = tuple(
        RawArticle(a.get("title", ""), "\n\n".join(a.get("body_paragraphs", [])), a["source"], date)
        for a in row["articles"]
    )
    return Cluster(set_name, str(row["story_id"]), articles)


def build_articles(cluster: Cluster) -> list[Article]:
    built = []
    for position, raw in enumerate(cluster.articles):
        if not raw.text.strip():
            continue
        try:
            built.append(
                build_article(
                    id=f"{cluster.id}/{position}",
                    raw_text=raw.text,
                    title=raw.title,
                    source=raw.source,
                    date=raw.date,
                )
            )
        except EmptyArticleError:
            continue
    return built


def cluster_items(cluster: Cluster, models: NlpModels) -> list[Item]:
    """Every claim the Quick Read of one cluster shows (quotes: every attributed or unattributed one)."""
    articles = build_articles(cluster)
    if not articles:
        return []
    built = digest(articles)
    found = analyze_story(built, models)
    by_id = {a.id: a for a in articles}
    unattributed = [r.quote for r in found.rejected_quotes if r.reason == NO_SPEAKER]
    return [
        *_quote_items(cluster, by_id, found.quotes, unattributed),
        *_figure_items(cluster, by_id, found.key_figures),
        *_entity_items(cluster, by_id, found.shown_entities[:MAX_ENTITIES_SHOWN]),
        *_key_point_items(cluster, by_id, built),
        *_conflict_items(cluster, by_id, found.conflicts),
    ]


def _position(article_id: str) -> int:
    return int(article_id.rsplit("/", 1)[1])


def _context(article: Article, start: int, end: int, before: int = 700, after: int = 300) -> str:
    """The source around a span, the span marked with ⟦ ⟧ (article text, research-only: never stored)."""
    low = max(0, start - before)
    high = min(len(article.text), end + after)
    return f"{article.text[low:start]}⟦{article.text[start:end]}⟧{article.text[end:high]}"


def _item(
    kind: str, cluster: Cluster, article: Article, start: int, end: int, shown: dict[str, Any], **ctx: int
) -> Item:
    return Item(
        kind,
        cluster.set,
        cluster.id,
        _position(article.id),
        start,
        end,
        shown,
        _context(article, start, end, **ctx),
    )


def _quote_items(
    cluster: Cluster, by_id: dict[str, Article], quotes: Sequence[Quote], unattributed: Sequence[Quote]
) -> Iterator[Item]:
    for quote in (*quotes, *unattributed):
        article = by_id[quote.citation.article_id]
        shown = {"text": quote.text, "speaker": quote.speaker or "(unattributed)", "kind": str(quote.kind)}
        yield _item("quote", cluster, article, quote.citation.start, quote.citation.end, shown, before=900)


def _figure_items(cluster: Cluster, by_id: dict[str, Article], figures: Sequence[Any]) -> Iterator[Item]:
    for figure in figures:
        article = by_id[figure.citation.article_id]
        at = figure.phrase.find(figure.text)
        start = figure.citation.start + max(at, 0)
        shown = {"label": figure.label, "unit": figure.unit, "kind": str(figure.kind), "value": figure.value}
        yield _item("figure", cluster, article, start, start + len(figure.text), shown, before=300, after=200)


def _entity_items(cluster: Cluster, by_id: dict[str, Article], entities: Sequence[Any]) -> Iterator[Item]:
    for entity in entities:
        first = entity.mentions[0]
        article = by_id[first.article_id]
        shown = {"name": entity.name, "kind": str(entity.kind), "role": entity.role}
        yield _item("entity", cluster, article, first.start, first.end, shown, before=300, after=200)


def _key_point_items(cluster: Cluster, by_id: dict[str, Article], built: Digest) -> Iterator[Item]:
    for bullet in built.bullets():
        first, last = bullet[0].citations[0], bullet[-1].citations[0]
        article = by_id[first.article_id]
        shown = {"text": " ".join(point.text for point in bullet)}
        yield _item("key_point", cluster, article, first.start, last.end, shown, before=600)


def _conflict_items(cluster: Cluster, by_id: dict[str, Article], conflicts: Sequence[Any]) -> Iterator[Item]:
    for conflict in conflicts:
        statements = conflict.statements
        first = statements[0].citation
        article = by_id[first.article_id]
        shown = {
            "topic": conflict.topic,
            "versions": [
                {
                    "article": _position(s.citation.article_id),
                    "start": s.citation.start,
                    "end": s.citation.end,
                    "label": s.label,
                    "sentence": _sentence_text(by_id[s.citation.article_id], s.citation.sentence),
                }
                for s in statements
            ],
        }
        yield _item("conflict", cluster, article, first.start, first.end, shown, before=200, after=200)


def _sentence_text(article: Article, index: int) -> str:
    return article.sentences[index].text
