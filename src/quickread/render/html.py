"""One self-contained HTML page per digest (inline CSS, no scripts), every source string escaped.

The same view feeds the web story page: there the citations link to the site's article pages and a source's
full text is shown only where its licence allows it (``PageLinks``)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import jinja2

from quickread.digest.timeline import day_label, newest_year
from quickread.model import Article, Citation, Digest, KeyPoint, Timeline
from quickread.render.analysis import FIGURES_TITLE, QUOTES_TITLE, analysis_sections
from quickread.render.citations import outlet_label
from quickread.render.copies import carried_by, copy_note
from quickread.text.event_dates import ShownDate, shown_date


@dataclass(frozen=True, slots=True)
class Marker:
    """A short numbered citation marker: "[2]" is the second source in the page's source list. One marker per
    source of a point: a bullet of two sentences from one source carries one "[2]" for both."""

    number: int  # the cited article's place in the source list, 1-based
    key: str  # the marker's own element id, so a page reached from it can link back to it
    anchor: str  # id of the first cited sentence's element (on this page and on the article's own page)
    href: str  # where the marker leads: that sentence on this page or on the article's page
    outlet: str  # shown in the popover
    quote: str  # the cited sentences of this source, in the point's order


@dataclass(frozen=True, slots=True)
class PointView:
    text: str
    markers: tuple[Marker, ...]
    when: ShownDate | None = None  # the event date shown beside a bullet or the lede
    earlier: bool = False  # the bullet reports an earlier development than the story's newest


@dataclass(frozen=True, slots=True)
class SectionView:
    """An analysis section; its quotes and figures carry a marker linking the sentence they come from."""

    title: str
    items: tuple[PointView, ...]


@dataclass(frozen=True, slots=True)
class TimelineLineView:
    """One day of the story's timeline: its date, a cited source sentence and the outlets of that day."""

    label: str  # "Thu 2 Jan"
    iso: str  # the HTML datetime value: "2020-01-02"
    text: str
    markers: tuple[Marker, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineView:
    lines: tuple[TimelineLineView, ...]
    days_left_out: int


@dataclass(frozen=True, slots=True)
class SentenceView:
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    number: int  # the number its citation markers show
    outlet: str
    article: Article
    link: str | None  # the article's URL when it is a plain http(s) link, never javascript: or data:
    page: str | None  # the article's own page on the site (None on the standalone page)
    copy_note: str | None  # set for a republished copy: shown as one line, its text not repeated
    carried_by: tuple[str, ...]  # outlets that republished this article
    published: str | None  # the article's date as an HTML datetime value
    full_text: bool  # every paragraph shown; otherwise only the cited sentences
    paragraphs: tuple[tuple[SentenceView, ...], ...]  # with full_text False: one cited sentence each


@dataclass(frozen=True, slots=True)
class PageView:
    headline: str
    lede: PointView | None
    key_points: tuple[PointView, ...]
    sections: tuple[SectionView, ...]
    articles: tuple[ArticleView, ...]
    timeline: TimelineView | None = None  # shown after the Quick Read when the story spans several days


def _every_text(article: Article) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Where a page's citations lead and which sources it prints in full.

    The standalone page (the default) holds every source's full text and links within itself. The web story
    page passes ``article_page`` (an article id to the URL of the site's page for it) and ``full_text``
    (whether an article's licence allows showing all of it; the others show only their cited sentences).
    """

    article_page: Callable[[str], str] | None = None
    full_text: Callable[[Article], bool] = field(default=_every_text)


STANDALONE = PageLinks()


def article_page_path(article_id: str) -> str:
    """The site's own page for an article (its path); citation markers and feeds link its sentences there."""
    return f"/articles/{quote(article_id, safe='')}"


def sentence_anchor(article_id: str, sentence: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in article_id)
    return f"a-{safe}-s{sentence + 1}"


def page_view(digest: Digest, links: PageLinks = STANDALONE) -> PageView:
    markers = _MarkerMaker(digest, links)
    lede = (
        PointView(digest.lede_text, markers.of(digest.lede), shown_date(digest.lede, digest.articles))
        if digest.lede
        else None
    )
    key_points = tuple(
        PointView(" ".join(p.text for p in b), markers.of(b), shown_date(b, digest.articles), b[0].earlier)
        for b in digest.bullets()
    )
    timeline = _timeline_view(digest, digest.timeline, markers) if digest.timeline else None
    sections = tuple(
        SectionView(
            section.title, tuple(markers.item(section.title, n, text) for n, text in enumerate(section.items))
        )
        for section in analysis_sections(digest)
    )
    return PageView(
        headline=digest.headline,
        lede=lede,
        key_points=key_points,
        sections=sections,
        articles=tuple(_article_view(digest, a, links, markers.cited) for a in digest.articles),
        timeline=timeline,
    )


def _timeline_view(digest: Digest, timeline: Timeline, markers: _MarkerMaker) -> TimelineView:
    year = newest_year(digest.articles)
    lines = tuple(
        TimelineLineView(
            label=day_label(entry.date, year),
            iso=entry.date.isoformat(),
            text=entry.text,
            markers=(markers.marker(entry.citation),),
            sources=entry.sources,
        )
        for entry in timeline.entries
    )
    return TimelineView(lines, timeline.days_left_out)


def render_html(digest: Digest) -> str:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("quickread.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("digest.html.j2").render(page=page_view(digest))


class _MarkerMaker:
    """Numbers the markers in page order and remembers which sentences are cited."""

    def __init__(self, digest: Digest, links: PageLinks) -> None:
        self.digest = digest
        self.links = links
        self.numbers = {article.id: n for n, article in enumerate(digest.articles, start=1)}
        self.keys: Iterator[int] = itertools.count(1)
        self.cited: set[tuple[str, int]] = set()

    def of(self, points: tuple[KeyPoint, ...]) -> tuple[Marker, ...]:
        by_article: dict[str, list[Citation]] = {}
        for citation in (c for point in points for c in point.citations):
            cited = by_article.setdefault(citation.article_id, [])
            if all(c.sentence != citation.sentence for c in cited):
                cited.append(citation)
        return tuple(self.marker(*citations) for citations in by_article.values())

    def item(self, title: str, index: int, text: str) -> PointView:
        """An analysis line: a quote or a figure gets the marker of its sentence."""
        cited: Citation | None = None
        if title == QUOTES_TITLE:
            cited = self.digest.quotes[index].citation
        elif title == FIGURES_TITLE:
            cited = self.digest.figures[index].citation
        return PointView(text, (self.marker(cited),) if cited is not None else ())

    def marker(self, citation: Citation, *more: Citation) -> Marker:
        """The marker of one sentence, or of several sentences of the same article."""
        article = self.digest.article(citation.article_id)
        self.cited.update((c.article_id, c.sentence) for c in (citation, *more))
        key = f"cite-{next(self.keys)}"
        anchor = sentence_anchor(citation.article_id, citation.sentence)
        if self.links.article_page is None:
            href = f"#{anchor}"
        else:
            href = f"{self.links.article_page(citation.article_id)}?from={key}#{anchor}"
        return Marker(
            number=self.numbers[citation.article_id],
            key=key,
            anchor=anchor,
            href=href,
            outlet=outlet_label(self.digest, citation.article_id),
            quote=" ".join(article.sentences[c.sentence].text for c in (citation, *more)),
        )


def _article_view(
    digest: Digest, article: Article, links: PageLinks, cited: set[tuple[str, int]]
) -> ArticleView:
    full_text = links.full_text(article)
    paragraphs: dict[int, list[SentenceView]] = {}
    for sentence in article.sentences:
        if full_text or (article.id, sentence.index) in cited:
            # Without the full text each cited sentence stands alone: its paragraph is not shown.
            where = sentence.paragraph if full_text else sentence.index
            paragraphs.setdefault(where, []).append(
                SentenceView(sentence_anchor(article.id, sentence.index), sentence.text)
            )
    return ArticleView(
        number=digest.articles.index(article) + 1,
        outlet=outlet_label(digest, article.id),
        article=article,
        link=safe_link(article.url),
        page=links.article_page(article.id) if links.article_page else None,
        copy_note=copy_note(digest, article.id),
        carried_by=carried_by(digest, article.id),
        published=machine_time(article.date) if article.date else None,
        full_text=full_text,
        paragraphs=tuple(tuple(views) for views in paragraphs.values()),
    )


def machine_time(value: dt.date | dt.datetime) -> str:
    """A date or time as an HTML ``datetime`` value: ISO 8601 to the second, since HTML allows at most three
    fractional digits and Python writes six."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def safe_link(url: str | None) -> str | None:
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None
