"""The typed data model that flows through every stage of the pipeline.

Everything here is a frozen dataclass: stages never mutate their inputs, they return new values, so the same
functions run unchanged in the CLI, a server or a distributed engine.

Offsets: every ``start``/``end`` pair is a half-open range of character offsets into ``Article.text`` (the
normalised body, dateline removed). ``Article.text[start:end]`` is the exact cited text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Dateline:
    """The opening "BAGHDAD, Jan 5 (Reuters) –" of a wire story, split into what it says."""

    raw: str
    place: str | None = None
    date: str | None = None  # as written, e.g. "Jan 5"
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # position among the article's sentences, from 0
    text: str  # equals Article.text[start:end]
    start: int
    end: int
    paragraph: int  # index of the paragraph the sentence sits in, from 0


@dataclass(frozen=True, slots=True)
class Article:
    """One story as one outlet published it, normalised and split into sentences.

    Build it with ``quickread.text.article.build_article`` so that ``text`` and ``sentences`` agree.
    """

    id: str
    title: str
    text: str
    sentences: tuple[Sentence, ...]
    source: str  # the outlet, e.g. "Reuters"
    url: str | None = None
    date: dt.date | None = None
    author: str | None = None
    dateline: Dateline | None = None
    removed_boilerplate: tuple[str, ...] = ()  # lines dropped as not part of the story, kept for audit


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a piece of a digest comes from: a span inside one sentence of one article."""

    article_id: str
    sentence: int
    start: int
    end: int


class DateGranularity(StrEnum):
    DAY = "day"  # "on Tuesday", "yesterday", "Jan. 5"
    WEEK = "week"  # "last week", "earlier this week": Monday to Sunday
    MONTH = "month"  # "last month", "earlier this month", "in January"
    YEAR = "year"  # "last year"


@dataclass(frozen=True, slots=True)
class EventDate:
    """The date a sentence reports its event on, resolved from a written expression ("on Tuesday").

    ``first`` and ``last`` bound the period (equal for a day); ``expression`` is the text as written.
    """

    first: dt.date
    last: dt.date
    granularity: DateGranularity
    expression: str


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """A grounded statement: its text is ``Article.text[start:end]`` of its first citation.

    Further citations are other sentences (usually other outlets) that state the same fact. A point that
    ``continues`` the one before it is the next sentence of the same article and leans on it ("He said the
    talks would resume."): it is shown in the same bullet, never alone.
    """

    text: str
    citations: tuple[Citation, ...]
    continues: bool = False
    event_date: EventDate | None = None  # when its sentence dates what it reports
    # it reports an earlier development than the story's newest (digest.latest): shown as such, after the new
    earlier: bool = False


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    PLACE = "place"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    name: str  # canonical name, the longest proper form seen
    kind: EntityKind
    mentions: tuple[Mention, ...]
    role: str | None = None  # "Prime Minister", when the text gives one
    sources: tuple[str, ...] = ()  # outlets that mention it
    # How often the recogniser gave it this kind (a kind the text itself settles, "X militia", counts 3):
    # how sure the kind is. Not stored with a digest.
    kind_votes: int = 0


class QuoteKind(StrEnum):
    FULL = "full"  # a whole quoted sentence or clause
    PARTIAL = "partial"  # a fragment woven into the reporter's sentence


@dataclass(frozen=True, slots=True)
class Quote:
    text: str  # verbatim, without the quote marks
    speaker: str  # an entity's canonical name or a described speaker ("a government official")
    kind: QuoteKind
    citation: Citation
    speaker_entity: str | None = None  # canonical name when the speaker resolved to an entity
    sources: tuple[str, ...] = ()  # outlets printing this quote word for word


class FigureKind(StrEnum):
    COUNT = "count"  # "900 troops", "nearly 100 people killed"
    MONEY = "money"  # unit is a currency code
    PERCENT = "percent"  # unit is "%"
    DATE = "date"  # "Oct. 7", "2014"
    TIME = "time"  # a span of time back from the story: "a year ago"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts: "nearly 100 people killed"."""

    text: str  # as written in the source, e.g. "nearly 100"
    value: float | None
    unit: str  # what is counted, e.g. "troops", "people killed", "USD", "%"
    qualifier: str | None  # nearly, more than, at least, about...
    citation: Citation  # the span of ``phrase`` in its article
    sources: tuple[str, ...] = ()  # outlets stating the same figure
    kind: FigureKind = FigureKind.COUNT
    phrase: str = ""  # verbatim source text of the figure with its unit and place: "2,500 in Iraq"
    sentence_text: str = ""  # the whole sentence it came from
    independent_sources: int = 0  # sources once republished copies are counted with their origin

    @property
    def label(self) -> str:
        """The phrase, with the unit added in brackets when the phrase itself does not say it."""
        shown = self.phrase or self.text
        if self.kind == FigureKind.COUNT and self.unit.split()[0] not in shown:
            return f"{shown} ({self.unit})"
        return shown


class ConflictKind(StrEnum):
    QUANTITY = "quantity"  # two values for one count: ``versions`` holds the figures
    CLAIM = "claim"  # one actor said to confirm and to deny one event: ``claims`` holds the statements


@dataclass(frozen=True, slots=True)
class ClaimVersion:
    """One source's attributed claim, verbatim: "Iran acknowledged their government had shot down ..."."""

    label: str  # equals Article.text[citation.start:citation.end]
    citation: Citation
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two sources stating the same quantity (or claim) differently."""

    topic: str  # what is counted, e.g. "troops in Iraq", "killed"; for a claim, the actor and both verbs
    versions: tuple[Figure, ...] = ()  # QUANTITY: one per differing statement, each with its sources
    kind: ConflictKind = ConflictKind.QUANTITY
    claims: tuple[ClaimVersion, ...] = ()  # CLAIM: the contradicting statements

    @property
    def statements(self) -> tuple[Figure | ClaimVersion, ...]:
        """What the renderers list: the figures of a quantity conflict, or the claims of a claim conflict."""
        return self.claims if self.kind is ConflictKind.CLAIM else self.versions


@dataclass(frozen=True, slots=True)
class KeyPointSupport:
    """Which outlets state a key point (its citations), and how many of them are independent."""

    text: str  # the key point's text
    sources: tuple[str, ...]
    independent_sources: int


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One day of a story: a verbatim source sentence that says what happened, and who reported that day.

    ``text`` is ``Article.text[citation.start:citation.end]`` (its first letter possibly capitalised, as a key
    point's may be): a key point dated that day when there is one, else the lead sentence of the earliest
    article published that day.
    """

    date: dt.date
    text: str
    citation: Citation
    sources: tuple[str, ...]  # outlets that published that day, and those stating the key point dated to it


@dataclass(frozen=True, slots=True)
class Timeline:
    """A story's developments in date order, one entry a day; made only when the story spans two days."""

    entries: tuple[TimelineEntry, ...]
    days_left_out: int = 0  # days with fewer sources, not shown to keep the timeline short


@dataclass(frozen=True, slots=True)
class Digest:
    headline: str
    headline_article: str | None  # the article whose headline was used, None when built from a sentence
    lede: tuple[KeyPoint, ...]
    key_points: tuple[KeyPoint, ...]
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    key_point_support: tuple[KeyPointSupport, ...] = ()  # one per key point, in key_points order
    # Articles that republish another article of the digest (wire copies): listed with their outlet, never
    # cited, their text not repeated; the analysis counts them with their origin.
    copies: tuple[Copy, ...] = ()
    timeline: Timeline | None = None  # None for a story reported on one day only

    @property
    def lede_text(self) -> str:
        return " ".join(point.text for point in self.lede)

    def bullets(self) -> tuple[tuple[KeyPoint, ...], ...]:
        """The key points as shown: each bullet a point with the points that continue it."""
        groups: list[list[KeyPoint]] = []
        for point in self.key_points:
            if point.continues and groups:
                groups[-1].append(point)
            else:
                groups.append([point])
        return tuple(tuple(group) for group in groups)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


@dataclass(frozen=True, slots=True)
class Copy:
    """An article that republishes another's report: the same wire copy or near-identical text."""

    article_id: str
    source: str
    origin_id: str  # the article it copies: the wire agency's own, else the earliest of the copies
    wire: str | None = None  # the agency the text credits ("Reuters"), when it credits one
    exact: bool = False  # same text after normalisation, not only near-identical


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles about one event."""

    id: str
    article_ids: tuple[str, ...]
    headline: str
    sources: tuple[str, ...] = ()  # every outlet that carried the story, copies included
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    # Who reported it independently: a wire agency counts once however many outlets carry its copy.
    independent_sources: tuple[str, ...] = ()
    copies: tuple[Copy, ...] = ()  # articles shown once, under the article they copy

    @property
    def size(self) -> int:
        return len(self.article_ids)
