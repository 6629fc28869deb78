"""Shared evaluation code for the summarization benchmark and the quality-floor test (research only).

Loads the dev sets from ``../shared/data/dev`` (never copied into the repository), builds articles with
quickread's own text stage, runs quickread's digest and the baselines, and scores with ``rouge-score``.

Rules, the same for every system:

* Budget: each set has a word budget (Multi-News 230, NeuS 60, CNN/DM 55); words are ``str.split()``.
* Truncation: a system proposes sentences in its own priority order; each whole sentence is kept if it fits
  in the words left, else skipped, and the walk goes on (no sentence is ever cut).
* Scoring: ROUGE-1/2/Lsum F1 from ``rouge-score`` with the Porter stemmer; for Lsum the system and the
  reference are given one sentence a line.
* References: Multi-News drops its leading "– " and is split into sentences with quickread's splitter;
  NeuS likewise; CNN/DM's highlight bullets are joined one a line after undoing the PTB tokenisation
  (rouge-score's tokenizer drops punctuation anyway, so this changes almost nothing).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from quickread.digest.build import digest
from quickread.digest.options import DigestOptions
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article
from quickread.text.sentences import sentence_spans

DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"


@dataclass(frozen=True, slots=True)
class RawArticle:
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Cluster:
    id: str
    articles: tuple[RawArticle, ...]
    reference: tuple[str, ...]  # one sentence (or highlight bullet) a line


@dataclass(frozen=True, slots=True)
class DevSet:
    name: str
    path: str  # relative to the data folder
    budget: int
    load: Callable[[dict[str, Any]], Cluster]


def _multinews(row: dict[str, Any]) -> Cluster:
    # A Multi-News document's first line is often its headline; it is kept as body text (the raw documents
    # mark no title reliably, and splitting it off was not measured).
    articles = tuple(RawArticle("", text) for text in row["documents"] if text.strip())
    summary = row["summary"].strip().removeprefix("–").strip()
    return Cluster(row["id"], articles, split_sentences(summary))


def _neus(row: dict[str, Any]) -> Cluster:
    articles = tuple(RawArticle(a["title"], a["text"]) for a in row["articles"] if a["text"].strip())
    return Cluster(row["id"], articles, split_sentences(row["target_summary"]))


def _cnndm(row: dict[str, Any]) -> Cluster:
    bullets = tuple(detokenize_ptb(b) for b in row["reference_bullets"])
    return Cluster(row["id"], (RawArticle("", row["article"]),), bullets)


SETS: dict[str, DevSet] = {
    "multinews": DevSet("multinews", "multinews/validation.jsonl", 230, _multinews),
    "neus": DevSet("neus", "neus/val.jsonl", 60, _neus),
    "cnndm": DevSet("cnndm", "cnndm/validation.jsonl", 55, _cnndm),
}


def load_clusters(dev_set: DevSet, data_dir: Path = DATA_DIR, limit: int | None = None) -> list[Cluster]:
    clusters = []
    with (data_dir / dev_set.path).open(encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(clusters) >= limit:
                break
            clusters.append(dev_set.load(json.loads(line)))
    return clusters


def split_sentences(text: str) -> tuple[str, ...]:
    return tuple(text[s.start : s.end] for s in sentence_spans(" ".join(text.split())))


_PTB = [
    (re.compile(r"-lrb-\s*", re.IGNORECASE), "("),
    (re.compile(r"\s*-rrb-", re.IGNORECASE), ")"),
    (re.compile(r"``\s*"), '"'),
    (re.compile(r"\s*''"), '"'),
    (re.compile(r" (?=(?:'s|'re|'ve|'ll|'d|'m|n't)\b)", re.IGNORECASE), ""),
    (re.compile(r" (?=[.,;:!?%])"), ""),
    (re.compile(r"\$ (?=\d)"), "$"),
]


def detokenize_ptb(text: str) -> str:
    """Undo the PTB tokenisation of the CNN/DM references ("Locke 's side won ." -> "Locke's side won.")."""
    for pattern, replacement in _PTB:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def build_articles(cluster: Cluster) -> list[Article]:
    built = []
    for position, raw in enumerate(cluster.articles):
        try:
            built.append(build_article(id=f"{cluster.id}/{position}", raw_text=raw.text, title=raw.title))
        except EmptyArticleError:
            continue  # a document that is only furniture (a paywall notice): the desk would drop it too
    return built


def fit_budget(sentences: Sequence[str], budget: int) -> list[str]:
    """The truncation rule: walk sentences in priority order, keep each whole one that still fits."""
    kept, used = [], 0
    for sentence in sentences:
        words = len(sentence.split())
        if used + words <= budget:
            kept.append(sentence)
            used += words
    return kept


# --- systems: each takes the built articles and a budget and returns sentences, one a line ---------------

System = Callable[[Sequence[Article], int], list[str]]


def quickread_system(articles: Sequence[Article], budget: int) -> list[str]:
    result = digest(articles, DigestOptions(max_words=budget))
    return fit_budget([p.text for p in (*result.lede, *result.key_points)], budget)


def lead_system(articles: Sequence[Article], budget: int) -> list[str]:
    """Lead: the first sentences of the first article."""
    return fit_budget([s.text for s in articles[0].sentences], budget)


def lead_round_robin_system(articles: Sequence[Article], budget: int) -> list[str]:
    """Lead-RR: first sentence of each article, then the second of each, and so on."""
    order = []
    for index in range(max(len(a.sentences) for a in articles)):
        order.extend(a.sentences[index].text for a in articles if index < len(a.sentences))
    return fit_budget(order, budget)


_SUMY_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


class SumyTokenizer:
    """A sumy tokenizer on quickread's sentence splitter and a regex word tokenizer (no nltk data needed)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[s.start : s.end] for s in sentence_spans(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_SUMY_WORD.findall(sentence))


def _sumy_system(kind: str) -> System:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}
    summarizer = classes.get(kind, LuhnSummarizer)(Stemmer("english"))  # nltk's Snowball: no data needed
    summarizer.stop_words = get_stop_words("english")
    tokenizer = SumyTokenizer()

    def run(articles: Sequence[Article], budget: int) -> list[str]:
        # One sumy paragraph per source paragraph, over quickread's own sentences, so that every system
        # chooses among exactly the same sentences.
        paragraphs = []
        for article in articles:
            by_paragraph: dict[int, list[Any]] = {}
            for s in article.sentences:
                by_paragraph.setdefault(s.paragraph, []).append(SumySentence(s.text, tokenizer))
            paragraphs.extend(Paragraph(sentences) for sentences in by_paragraph.values())
        document = ObjectDocumentModel(paragraphs)
        kept: list[str] = []

        def take(ranked: Iterator[Any]) -> list[Any]:
            # sumy hands its sentences best first: apply the shared truncation rule to that order.
            chosen, used = [], 0
            for info in ranked:
                words = len(str(info.sentence).split())
                if used + words <= budget:
                    chosen.append(info)
                    used += words
            return chosen

        for sentence in summarizer(document, take):
            kept.append(str(sentence))
        return kept

    return run


SYSTEM_NAMES = ("quickread", "lead", "lead-rr", "lexrank", "textrank", "lsa", "luhn")


def make_system(name: str) -> System:
    if name == "quickread":
        return quickread_system
    if name == "lead":
        return lead_system
    if name == "lead-rr":
        return lead_round_robin_system
    return _sumy_system(name)


# --- scoring -------------------------------------------------------------------------------------------

_SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)


@dataclass(slots=True)
class Result:
    dev_set: str
    system: str
    clusters: int = 0
    rouge1: float = 0.0  # mean F1 x 100
    rouge2: float = 0.0
    rouge_lsum: float = 0.0
    seconds: float = 0.0  # system time only (articles are built once, outside the timer)
    per_cluster: list[dict[str, float]] = field(default_factory=list)

    @property
    def ms_per_cluster(self) -> float:
        return 1000.0 * self.seconds / max(1, self.clusters)


def score(system_lines: Sequence[str], reference_lines: Sequence[str]) -> dict[str, float]:
    scores = _SCORER.score("\n".join(reference_lines), "\n".join(system_lines))
    return {name: 100.0 * value.fmeasure for name, value in scores.items()}


def evaluate(
    dev_set: DevSet, system_name: str, clusters: Sequence[Cluster], built: Sequence[Sequence[Article]]
) -> Result:
    system = make_system(system_name)
    result = Result(dev_set.name, system_name)
    for cluster, articles in zip(clusters, built, strict=True):
        if not articles:
            continue
        started = time.perf_counter()
        lines = system(articles, dev_set.budget)
        result.seconds += time.perf_counter() - started
        if sum(len(line.split()) for line in lines) > dev_set.budget:
            raise AssertionError(f"{system_name} exceeded the {dev_set.budget}-word budget on {cluster.id}")
        result.per_cluster.append(score(lines, cluster.reference))
    result.clusters = len(result.per_cluster)
    for key, attribute in (("rouge1", "rouge1"), ("rouge2", "rouge2"), ("rougeLsum", "rouge_lsum")):
        values = [row[key] for row in result.per_cluster]
        setattr(result, attribute, sum(values) / max(1, len(values)))
    return result
