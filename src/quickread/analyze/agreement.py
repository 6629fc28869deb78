"""Agreement across sources: who states each key point and figure, and where two sources differ.

Independence: two articles count once when they share an origin. The grouping stage (``quickread.group``)
will detect republished wire copies; until it passes an ``origins`` mapping (article id -> id of the article
it copies), every article is its own origin and sources are distinct outlets.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from quickread.model import Article, Conflict, Digest, Figure, FigureKind, KeyPointSupport
from quickread.text.stopwords import ENGLISH_STOP_WORDS

_COMPARABLE = (FigureKind.COUNT, FigureKind.MONEY, FigureKind.PERCENT)
# "nearly 100" means 90..100, "about 100" 90..110: the ranges within which a reporter would still write
# these words; 84 against "nearly 100" is then a conflict, 95 is not.
_NEARLY = 0.9
_ABOUT = 0.1
# Nouns too general to say that two numbers count the same thing ("39 people" and "1,000 people").
_VAGUE_UNITS = {"people", "person", "others", "times", "years", "days", "members", "things", "ways", "more"}
_CASUALTY_WORDS = ("killed", "dead", "died", "injured", "wounded", "missing", "arrested")
# Reports more than a day apart may rightly differ: tolls and counts are updated.
_MAX_DAYS_APART = 1
# Figures of one topic compared pair by pair (agreeing sources, conflicts). A real story has a handful per
# topic (the most in a story of the dev sets is far below this); hostile text of thousands of "12 troops"
# would cost minutes of pairs, so only the first ones of a topic, in reading order, are compared.
MAX_FIGURES_PER_TOPIC = 300
# Only counts of a named thing are compared for conflicts: money and shares name no measured thing by their
# unit ("USD", "%"), and units of time, length or index points measure anything ("16 years", "3 miles"). On
# the issue-10 audit, 223 flagged conflicts of the earlier rule were almost all such pairs (see
# docs/benchmarks.md).
_CONFLICT_KINDS = (FigureKind.COUNT,)
_MEASURE_UNITS = {
    "year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "time", "feet", "foot",
    "meter", "metre", "mile", "kilometer", "kilometre", "inch", "yard", "pound", "kilogram", "ton", "tonne",
    "gallon", "liter", "litre", "acre", "degree", "point", "block", "game", "round", "lap", "step",
}  # fmt: skip
# Two sentences report one event when they share this many content words, and this share of the shorter
# sentence's content words (the Groom by-election fixture's two sentences share 4 of 8; unrelated sentences
# of one story sharing a unit word rarely pass both: 17 of the 223 earlier flags did).
_EVENT_SHARED_WORDS = 3
_EVENT_OVERLAP = 0.4
# ... and the words around the two counts ("three children were injured" / "two children, were injured")
# share at least one content word among this many before and after each.
_LOCAL_WORDS_BEFORE = 3
# Shared words around two counts that make them one measure: one shared word ("children") let through a
# family's "seven children enrolled in college" against its "ten children"; two hold for the real ones the
# issue-10 audit found ("three children were injured in ... explosion" / "two children, were injured").
_LOCAL_SHARED_WORDS = 2
_OF_COMPLEMENT = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+)?(?:\w+\s+degree\s+)?([A-Za-z][\w-]+)")
_LOCAL_WORDS_AFTER = 4
_CONTENT_WORD = re.compile(r"[a-z][a-z'’]{2,}")
# "three other states", "two more victims": a part of a count, not the count.
_PART_WORDS = {"other", "more", "additional", "another", "remaining", "further", "new", "extra"}
# A number someone expects, plans or aims for is no statement of what is: "economists expected 845,000 jobs".
_FORECAST = re.compile(
    r"\b(?:expect(?:s|ed|ing)?|forecasts?|projected|projections?|predict(?:s|ed|ions?)?|estimates?|target|"
    r"goal|aims? to|plans? to|could|would|may|might)\b",
    re.IGNORECASE,
)
# "three of the eight charges": against "three charges" elsewhere, the eight is the total of that subset.
_PARTITIVE_BEFORE = re.compile(r"\b(?P<part>[\w,.]+) of (?:the |their |its |his |her )?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Origins:
    """Which article each article copies; an article absent from the mapping is its own origin."""

    copies: Mapping[str, str]
    outlet: Mapping[str, str]  # article id -> outlet

    def origin(self, article_id: str) -> str:
        return self.copies.get(article_id, article_id)

    def independent(self, article_ids: Sequence[str]) -> int:
        """Distinct outlets once every article is replaced by its origin."""
        return len({self.outlet.get(self.origin(a), self.origin(a)) for a in article_ids})


def make_origins(articles: Sequence[Article], copies: Mapping[str, str] | None = None) -> Origins:
    return Origins(copies or {}, {article.id: article.source for article in articles})


def key_point_support(digest: Digest, origins: Origins) -> tuple[KeyPointSupport, ...]:
    supports = []
    for point in digest.key_points:
        ids = [citation.article_id for citation in point.citations]
        sources = tuple(sorted({origins.outlet[i] for i in ids if i in origins.outlet}))
        supports.append(KeyPointSupport(point.text, sources, origins.independent(ids)))
    return tuple(supports)


def figure_topic(figure: Figure) -> str | None:
    """What a figure counts, comparable across sources, or None when too vague to compare."""
    if figure.kind not in _COMPARABLE or figure.value is None:
        return None
    unit = figure.unit.lower()
    casualty = next((word for word in _CASUALTY_WORDS if word in unit.split()), None)
    if casualty:
        return "killed" if casualty in ("killed", "dead", "died") else casualty
    if unit in _VAGUE_UNITS:
        return None
    head = unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit
    place = figure.phrase.split(figure.text, 1)[-1].split(" in ", 1)
    where = f" in {place[1]}" if len(place) == 2 else ""
    return head + where


def _range(figure: Figure) -> tuple[float, float]:
    value = figure.value if figure.value is not None else math.nan
    qualifier = figure.qualifier
    if qualifier == "nearly":
        return value * _NEARLY, value
    if qualifier == "about":
        return value * (1 - _ABOUT), value * (1 + _ABOUT)
    if qualifier == "more than":
        return value + 1e-9, math.inf
    if qualifier == "at least":
        return value, math.inf
    if qualifier in ("up to", "less than"):
        return 0.0, value
    return value, value


def agree(first: Figure, second: Figure) -> bool:
    low_a, high_a = _range(first)
    low_b, high_b = _range(second)
    return low_a <= high_b and low_b <= high_a


def with_sources(figures: Sequence[Figure], origins: Origins) -> list[Figure]:
    """Each figure with the outlets stating an agreeing figure on the same topic."""
    topics = [figure_topic(f) for f in figures]
    by_topic: dict[str, list[Figure]] = {}
    for figure, topic in zip(figures, topics, strict=True):
        if topic is not None:
            by_topic.setdefault(topic, []).append(figure)
    result = []
    for figure, topic in zip(figures, topics, strict=True):
        ids = [figure.citation.article_id]
        if topic is not None:
            same_topic = by_topic[topic][:MAX_FIGURES_PER_TOPIC]
            ids += [other.citation.article_id for other in same_topic if agree(figure, other)]
        sources = tuple(sorted({origins.outlet.get(i, i) for i in ids}))
        result.append(replace(figure, sources=sources, independent_sources=origins.independent(ids)))
    return result


def find_conflicts(
    figures: Sequence[Figure], articles: Sequence[Article], origins: Origins
) -> tuple[Conflict, ...]:
    """Topics that two outlets state with values that cannot both be true."""
    dates = {article.id: article.date for article in articles}
    by_topic: dict[str, list[Figure]] = {}
    for figure in figures:
        topic = figure_topic(figure)
        if topic is not None and _comparable(figure, topic):
            by_topic.setdefault(topic, []).append(figure)
    conflicts = []
    for topic, group in by_topic.items():
        versions = _conflicting_versions(group, origins, dates)
        if versions:
            conflicts.append(Conflict(topic, versions))
    return tuple(conflicts)


def _conflicting_versions(
    group: list[Figure], origins: Origins, dates: Mapping[str, dt.date | None]
) -> tuple[Figure, ...] | None:
    group = group[:MAX_FIGURES_PER_TOPIC]
    for number, first in enumerate(group):
        for second in group[number + 1 :]:
            a, b = first.citation.article_id, second.citation.article_id
            if origins.outlet.get(origins.origin(a)) == origins.outlet.get(origins.origin(b)):
                continue  # one outlet updating itself is not two sources differing
            if agree(first, second) or not _same_time(dates.get(a), dates.get(b)):
                continue
            if not same_event(first, second):
                continue
            if any(agree(first, f) for f in group if f.citation.article_id == b):
                continue  # the second outlet also states the first version
            return first, second
    return None


def _same_time(first: dt.date | None, second: dt.date | None) -> bool:
    if first is not None and second is not None:
        return abs((first - second).days) <= _MAX_DAYS_APART
    return True


def _comparable(figure: Figure, topic: str) -> bool:
    """A count of a named thing, not a measure of time or length, not a part ("three other states"), not a
    forecast or a target ("economists expected 845,000 jobs")."""
    if figure.kind not in _CONFLICT_KINDS or not topic.split() or topic.split()[0] in _MEASURE_UNITS:
        return False
    if _PART_WORDS & set(figure.phrase.lower().split()):
        return False
    return _FORECAST.search(figure.sentence_text) is None


def same_event(first: Figure, second: Figure) -> bool:
    """The two figures' sentences report one event: they share enough content words overall, and the words
    around each count share one ("injured")."""
    if _part_of(first) == second.text.lower() or _part_of(second) == first.text.lower():
        return False  # "three of the eight charges" against "three charges": a subset and its total
    words_a, words_b = _content_words(first.sentence_text), _content_words(second.sentence_text)
    shared = words_a & words_b
    if len(shared) < _EVENT_SHARED_WORDS or len(shared) < _EVENT_OVERLAP * min(len(words_a), len(words_b)):
        return False
    if _complement(first) != _complement(second):
        return False  # "two counts of assault" and "six counts of criminal mischief" count different things
    return len(_words_around(first) & _words_around(second)) >= _LOCAL_SHARED_WORDS


def _part_of(figure: Figure) -> str | None:
    return _part_before(figure.sentence_text, figure.phrase)


@functools.lru_cache(maxsize=4096)  # asked once per pair of figures; the answer is the figure's own
def _part_before(sentence: str, phrase: str) -> str | None:
    at = sentence.find(phrase)
    found = _PARTITIVE_BEFORE.search(sentence, 0, at) if at >= 0 else None
    return found.group("part").lower() if found else None


def _complement(figure: Figure) -> str | None:
    """The first content word of the "of" phrase after the counted noun: "counts of assault" -> assault."""
    at = figure.sentence_text.find(figure.phrase)
    if at < 0:
        return None
    found = _OF_COMPLEMENT.match(figure.sentence_text, at + len(figure.phrase))
    return found.group(1).lower() if found else None


@functools.lru_cache(maxsize=4096)  # asked once per pair of figures, of the same few sentences
def _content_words(text: str) -> frozenset[str]:
    words = _CONTENT_WORD.findall(text.lower().replace("-", " "))
    return frozenset(w for w in words if w not in ENGLISH_STOP_WORDS)


def _words_around(figure: Figure) -> set[str]:
    at = figure.sentence_text.find(figure.text)
    if at < 0:
        return set()
    unit = set(figure.unit.lower().split())  # shared by construction
    before, after = (_content_words_list(part, unit) for part in (figure.sentence_text[:at],
                     figure.sentence_text[at + len(figure.text) :]))  # fmt: skip
    return {*before[-_LOCAL_WORDS_BEFORE:], *after[:_LOCAL_WORDS_AFTER]}


def _content_words_list(text: str, leave_out: set[str]) -> list[str]:
    return [
        w for w in _CONTENT_WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS and w not in leave_out
    ]
