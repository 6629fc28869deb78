"""Choosing what the digest shows: the strongest quotes (one per speaker first) and the key figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set

from quickread.analyze.agreement import agree, figure_topic
from quickread.model import Entity, EntityKind, Figure, FigureKind, Quote, QuoteKind

# How many quotes and figures a digest shows: the seed page's Quick Read carries about this many of each.
MAX_SHOWN_QUOTES = 6
MAX_KEY_FIGURES = 8
# When key points and cross-source agreement yield fewer figures than this, the story's other exact counts
# fill up, earliest in their article first (news puts the numbers that matter high). Six is what the seed
# page's Quick Read states (troops in Syria and Iraq, attacks, explosions, dead).
MIN_KEY_FIGURES = 6
# Quotes shorter than this say little on their own; longer ones are cut by readers anyway.
_GOOD_QUOTE_WORDS = range(6, 45)
_KEY_KINDS = (FigureKind.COUNT, FigureKind.MONEY, FigureKind.PERCENT)
_SMALL_COUNT = 10
# Votes for an entity's kind from which it is shown (see shown_entities).
_SURE_KIND_VOTES = 2
_TOLL_WORDS = {"killed", "dead", "died", "injured", "wounded", "missing", "arrested", "hostages", "victims"}


def strongest_quotes(quotes: Sequence[Quote], cited: Set[tuple[str, int]]) -> tuple[Quote, ...]:
    """Best quote of each speaker first (best speakers first), then the remaining quotes by strength."""
    ranked = sorted(quotes, key=lambda q: -_quote_strength(q, cited))
    first: list[Quote] = []
    rest: list[Quote] = []
    speakers: set[str] = set()
    for quote in ranked:
        (rest if quote.speaker in speakers else first).append(quote)
        speakers.add(quote.speaker)
    return tuple([*first, *rest][:MAX_SHOWN_QUOTES])


def _quote_strength(quote: Quote, cited: Set[tuple[str, int]]) -> float:
    words = len(quote.text.split())
    return (
        2.0 * (quote.kind == QuoteKind.FULL)
        + 1.0 * (quote.speaker_entity is not None)
        + 1.0 * (words in _GOOD_QUOTE_WORDS)
        + 1.0 * ((quote.citation.article_id, quote.citation.sentence) in cited)
        + 0.5 * len(quote.sources)
        + min(words, 40) / 100
    )


def key_figures(figures: Sequence[Figure], cited: Set[tuple[str, int]]) -> tuple[Figure, ...]:
    """Counts, money and percentages that a key point states or that several sources state; one per fact."""
    exact = [
        f
        for f in figures
        if f.kind in _KEY_KINDS and f.value is not None and not _incidental(f) and _names_what_it_counts(f)
    ]
    chosen = _distinct(f for f in exact if _in_key_point(f, cited) or f.independent_sources >= 2)
    chosen.sort(key=lambda f: (-f.independent_sources, not _in_key_point(f, cited)))
    if len(chosen) < MIN_KEY_FIGURES:
        rest = sorted((f for f in exact if f not in chosen), key=lambda f: f.citation.sentence)
        chosen = _distinct([*chosen, *rest])[: max(MIN_KEY_FIGURES, len(chosen))]
    return tuple(chosen[:MAX_KEY_FIGURES])


def _incidental(figure: Figure) -> bool:
    """A small count written in words ("two women", "the two teenagers", "three others"): news style writes
    the counts that matter in digits from ten up, and a toll of any size is kept. On the issue-10 audit such
    counts were 8 of the 19 bad key figures left after the unit rules."""
    return (
        figure.kind is FigureKind.COUNT
        and not figure.text[-1:].isdigit()
        and (figure.value or 0) < _SMALL_COUNT
        and not any(word in _TOLL_WORDS for word in figure.unit.split())
    )


def _names_what_it_counts(figure: Figure) -> bool:
    """ "killing 12" says a toll but not of whom: shown alone, "12 (killed)" reads as nothing (5 of the
    issue-10 audit's bad key figures); such a count still counts for agreement and conflicts."""
    return figure.kind is not FigureKind.COUNT or not set(figure.unit.split()) <= _TOLL_WORDS


def _in_key_point(figure: Figure, cited: Set[tuple[str, int]]) -> bool:
    return (figure.citation.article_id, figure.citation.sentence) in cited


def _distinct(figures: Iterable[Figure]) -> list[Figure]:
    """One figure per fact: the first of those on one topic that agree, or with one phrase."""
    chosen: list[Figure] = []
    for figure in figures:
        topic = figure_topic(figure)
        duplicate = any(
            topic is not None and figure_topic(other) == topic and agree(figure, other) for other in chosen
        ) or any(other.phrase == figure.phrase for other in chosen)
        if not duplicate:
            chosen.append(figure)
    return chosen


def shown_entities(entities: Sequence[Entity]) -> tuple[Entity, ...]:
    """The people, organisations and places a reader is shown: those whose kind is sure.

    A person named in full is shown (98% right on the issue-10 audit when the recogniser named it twice,
    93% once). A person known by one word only ("Conrad", "Chris") is a first name, or a surname the story
    never completes: 8 of 25 were right, so it is not shown; nor is one whose kind is in doubt (kind_votes 0,
    see ``mentions.Group.sure_votes``). An organisation or a place the recogniser named
    once, with no word of the text to settle its kind, is wrong about one time in four (a team as a place,
    a product or a disease as an organisation): shown only from ``_SURE_KIND_VOTES`` on. A one-word
    organisation that is no acronym was right 23 times in 32 even then: not shown. Every entity stays in the
    analysis (a speaker may be found by it)."""
    return tuple(e for e in entities if _kind_is_sure(e))


def _kind_is_sure(entity: Entity) -> bool:
    one_word = len(entity.name.split()) == 1
    if entity.kind is EntityKind.PERSON:
        return not one_word and entity.kind_votes > 0
    if entity.kind is EntityKind.ORGANIZATION and one_word and not entity.name.isupper():
        return False  # "Keurig", "Salon", "Berenberg": a brand, a product or a person as often as a body
    return entity.kind_votes >= _SURE_KIND_VOTES
