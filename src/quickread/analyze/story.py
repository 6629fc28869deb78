"""The analysis stage's entry point: a digest in, the same digest with entities, quotes, figures, conflicts
and key-point support filled in. Pure: the spaCy pipeline comes in through ``models``, nothing is read or
written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from quickread.analyze.agreement import find_conflicts, key_point_support, make_origins, with_sources
from quickread.analyze.claims import claim_conflicts, find_claims
from quickread.analyze.entities import build_entities
from quickread.analyze.figures import find_figures, with_tags
from quickread.analyze.models import NlpModels
from quickread.analyze.ner import SentenceRef, recognise
from quickread.analyze.quotes import FoundQuote, find_quotes
from quickread.analyze.ranking import key_figures, shown_entities, strongest_quotes
from quickread.analyze.speakers import attribute
from quickread.analyze.verbatim import RejectedQuote, verbatim_problem
from quickread.model import (
    Article,
    Citation,
    Conflict,
    Digest,
    Entity,
    Figure,
    FigureKind,
    KeyPointSupport,
    Quote,
    Sentence,
)

# The opening sentences name a story's main actors (and the people in its first paragraphs, such as the seed
# story's Abu Taqwa in sentence 3 of AP); they are tagged even when the digest does not cite them.
_LEAD_SENTENCES = 3
# The problem recorded for a verbatim quote whose speaker the text does not settle: it is not shown.
NO_SPEAKER = "no speaker found in the text"


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    """Everything the analysis found, including what the digest will not show and why."""

    entities: tuple[Entity, ...]
    shown_entities: tuple[Entity, ...]  # what a reader is shown (``ranking.shown_entities``)
    quotes: tuple[Quote, ...]  # every attributed quote that passed the verbatim check
    rejected_quotes: tuple[RejectedQuote, ...]  # failed the verbatim check or has no speaker
    figures: tuple[Figure, ...]  # every figure, with its sources
    key_figures: tuple[Figure, ...]
    shown_quotes: tuple[Quote, ...]
    conflicts: tuple[Conflict, ...]
    support: tuple[KeyPointSupport, ...]
    tagged_sentences: int  # sentences spaCy ran over
    total_sentences: int


def analyze_digest(digest: Digest, models: NlpModels, origins: Mapping[str, str] | None = None) -> Digest:
    """The digest with its analysis sections filled.

    ``origins`` maps a republished copy's article id to its source article's id (from the grouping stage).
    """
    found = analyze_story(digest, models, origins)
    return replace(
        digest,
        entities=found.shown_entities,
        quotes=found.shown_quotes,
        figures=found.key_figures,
        conflicts=found.conflicts,
        key_point_support=found.support,
    )


def analyze_story(
    digest: Digest, models: NlpModels, origins: Mapping[str, str] | None = None
) -> StoryAnalysis:
    articles = digest.articles
    source_map = make_origins(articles, origins)
    found_quotes = {article.id: find_quotes(article) for article in articles}
    chosen = _sentences_to_tag(digest, found_quotes)
    by_rules = {article.id: find_figures(article) for article in articles}
    recognised = recognise(models, chosen, tag_also=_count_sentences(articles, by_rules))
    entities = build_entities(articles, recognised.spans)
    quotes, rejected = _checked_quotes(articles, found_quotes, entities)
    figures = with_sources(
        [f for a in articles for f in with_tags(a, by_rules[a.id], recognised.sentence_tags(a.id))],
        source_map,
    )
    cited = {
        (c.article_id, c.sentence) for point in (*digest.lede, *digest.key_points) for c in point.citations
    }
    return StoryAnalysis(
        entities=entities,
        shown_entities=shown_entities(entities),
        quotes=tuple(quotes),
        rejected_quotes=tuple(rejected),
        figures=tuple(figures),
        key_figures=key_figures(figures, cited),
        shown_quotes=strongest_quotes(quotes, cited),
        conflicts=(
            *find_conflicts(figures, articles, source_map),
            *claim_conflicts(find_claims(articles, entities), source_map),
        ),
        support=key_point_support(digest, source_map),
        tagged_sentences=len(recognised.tags),
        total_sentences=sum(len(article.sentences) for article in articles),
    )


def _sentences_to_tag(digest: Digest, quotes: Mapping[str, Sequence[FoundQuote]]) -> list[SentenceRef]:
    """The lead sentences, the sentences the digest cites, and each quote's sentence and the one before it."""
    wanted: set[tuple[str, int]] = set()
    for point in (*digest.lede, *digest.key_points):
        wanted.update((c.article_id, c.sentence) for c in point.citations)
    for article in digest.articles:
        wanted.update((article.id, index) for index in range(min(_LEAD_SENTENCES, len(article.sentences))))
        for quote in quotes[article.id]:
            index = _sentence_of(article, quote.open_mark).index
            wanted.update({(article.id, index), (article.id, max(0, index - 1))})
    return [SentenceRef(a, s) for a in digest.articles for s in a.sentences if (a.id, s.index) in wanted]


def _count_sentences(
    articles: Sequence[Article], figures: Mapping[str, Sequence[Figure]]
) -> list[SentenceRef]:
    """The sentences where the rules see a count: the tagger reads what each one counts."""
    refs: list[SentenceRef] = []
    for article in articles:
        counts = {f.citation.sentence for f in figures[article.id] if f.kind is FigureKind.COUNT}
        refs.extend(SentenceRef(article, s) for s in article.sentences if s.index in counts)
    return refs


def _checked_quotes(
    articles: Sequence[Article], found: Mapping[str, Sequence[FoundQuote]], entities: Sequence[Entity]
) -> tuple[list[Quote], list[RejectedQuote]]:
    accepted: list[Quote] = []
    rejected: list[RejectedQuote] = []
    seen: dict[str, int] = {}
    for article in articles:
        speakers = attribute(article, found[article.id], entities)
        for candidate, speaker in zip(found[article.id], speakers, strict=True):
            sentence = _sentence_of(article, candidate.open_mark)
            quote = Quote(
                text=candidate.text,
                speaker=speaker.name if speaker else "",
                kind=candidate.kind,
                citation=Citation(article.id, sentence.index, candidate.start, candidate.end),
                speaker_entity=speaker.entity if speaker else None,
                sources=(article.source,),
            )
            problem = verbatim_problem(quote, article)
            if problem is None and speaker is None:
                problem = NO_SPEAKER
            if problem is not None:
                rejected.append(RejectedQuote(quote, problem))
                continue
            if quote.text in seen:  # the same words printed by another outlet: one quote, two sources
                earlier = accepted[seen[quote.text]]
                merged = tuple(sorted({*earlier.sources, article.source}))
                accepted[seen[quote.text]] = replace(earlier, sources=merged)
                continue
            seen[quote.text] = len(accepted)
            accepted.append(quote)
    return accepted, rejected


def _sentence_of(article: Article, offset: int) -> Sentence:
    for sentence in article.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    # a mark between sentences (a quote opening a paragraph before nupunkt's span): the next sentence
    following = [s for s in article.sentences if s.start >= offset]
    return following[0] if following else article.sentences[-1]
