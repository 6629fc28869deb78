"""One self-contained HTML page per digest (inline CSS, no scripts), every source string escaped."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from quickread.model import Article, Digest, KeyPoint
from quickread.render.analysis import Section, analysis_sections
from quickread.render.citations import citation_label, outlet_label
from quickread.render.copies import carried_by, copy_note


@dataclass(frozen=True, slots=True)
class Marker:
    label: str
    anchor: str  # id of the cited sentence's element on the page
    quote: str  # the cited text, shown as the link's title


@dataclass(frozen=True, slots=True)
class PointView:
    text: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True, slots=True)
class SentenceView:
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    outlet: str
    article: Article
    link: str | None  # the article's URL when it is a plain http(s) link, never javascript: or data:
    copy_note: str | None  # set for a republished copy: shown as one line, its text not repeated
    carried_by: tuple[str, ...]  # outlets that republished this article
    paragraphs: tuple[tuple[SentenceView, ...], ...]


@dataclass(frozen=True, slots=True)
class PageView:
    headline: str
    lede: PointView | None
    key_points: tuple[PointView, ...]
    sections: tuple[Section, ...]
    articles: tuple[ArticleView, ...]


def sentence_anchor(article_id: str, sentence: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in article_id)
    return f"a-{safe}-s{sentence + 1}"


def page_view(digest: Digest) -> PageView:
    lede = _point_view(digest, digest.lede_text, digest.lede) if digest.lede else None
    return PageView(
        headline=digest.headline,
        lede=lede,
        key_points=tuple(_point_view(digest, " ".join(p.text for p in b), b) for b in digest.bullets()),
        sections=tuple(analysis_sections(digest)),
        articles=tuple(_article_view(digest, a) for a in digest.articles),
    )


def render_html(digest: Digest) -> str:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("quickread.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("digest.html.j2").render(page=page_view(digest))


def _point_view(digest: Digest, text: str, points: tuple[KeyPoint, ...]) -> PointView:
    markers = {}
    for point in points:
        for citation in point.citations:
            article = digest.article(citation.article_id)
            markers[citation_label(digest, citation)] = Marker(
                label=citation_label(digest, citation),
                anchor=sentence_anchor(citation.article_id, citation.sentence),
                quote=article.sentences[citation.sentence].text,
            )
    return PointView(text, tuple(markers.values()))


def _article_view(digest: Digest, article: Article) -> ArticleView:
    paragraphs: dict[int, list[SentenceView]] = {}
    for sentence in article.sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(
            SentenceView(sentence_anchor(article.id, sentence.index), sentence.text)
        )
    return ArticleView(
        outlet_label(digest, article.id),
        article,
        safe_link(article.url),
        copy_note(digest, article.id),
        carried_by(digest, article.id),
        tuple(tuple(views) for views in paragraphs.values()),
    )


def safe_link(url: str | None) -> str | None:
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None
