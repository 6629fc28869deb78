"""A Quick Read as one HTML fragment for a feed entry: lede, key points with their citations, the analysis
sections and the sources, every link absolute (a feed reader shows the entry far from the site).

Feed readers show entry HTML inside their own page, so the fragment has no script, no style and no id: each
citation links to the cited sentence's anchor on the article's own page on the site. Every value is escaped by
Jinja's autoescaping; an outlet's link is kept only when it is plain http(s).
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from quickread.model import Digest, KeyPoint
from quickread.render.analysis import Section, analysis_sections
from quickread.render.citations import citation_label
from quickread.render.html import article_page_path, safe_link, sentence_anchor


@dataclass(frozen=True, slots=True)
class CitationLink:
    label: str  # "Reuters, sentence 3"
    href: str  # absolute URL of the cited sentence on the article's page
    quote: str  # the cited sentence, shown as the link's title


@dataclass(frozen=True, slots=True)
class CitedText:
    text: str
    citations: tuple[CitationLink, ...]


@dataclass(frozen=True, slots=True)
class SourceLine:
    outlet: str
    title: str
    page: str  # absolute URL of the article's page on the site
    original: str | None  # the outlet's own URL when it is plain http(s)
    date: str | None


@dataclass(frozen=True, slots=True)
class FeedEntryView:
    lede: CitedText | None
    key_points: tuple[CitedText, ...]
    sections: tuple[Section, ...]
    sources: tuple[SourceLine, ...]


_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("quickread.render", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def feed_entry_view(digest: Digest, base: str) -> FeedEntryView:
    lede = _cited(digest, base, digest.lede_text, digest.lede) if digest.lede else None
    return FeedEntryView(
        lede=lede,
        key_points=tuple(_cited(digest, base, " ".join(p.text for p in b), b) for b in digest.bullets()),
        sections=tuple(analysis_sections(digest)),
        sources=tuple(
            SourceLine(
                outlet=article.source,
                title=article.title or "(untitled)",
                page=base + article_page_path(article.id),
                original=safe_link(article.url),
                date=article.date.isoformat() if article.date else None,
            )
            for article in digest.articles
        ),
    )


def render_feed_entry(digest: Digest, base: str) -> str:
    """The whole Quick Read as an HTML fragment; ``base`` is the site's root URL, without a final slash."""
    return _TEMPLATES.get_template("feed_entry.html.j2").render(entry=feed_entry_view(digest, base))


def _cited(digest: Digest, base: str, text: str, points: tuple[KeyPoint, ...]) -> CitedText:
    links: dict[str, CitationLink] = {}
    for point in points:
        for citation in point.citations:
            article = digest.article(citation.article_id)
            anchor = sentence_anchor(citation.article_id, citation.sentence)
            label = citation_label(digest, citation)
            links[label] = CitationLink(
                label=label,
                href=f"{base}{article_page_path(citation.article_id)}#{anchor}",
                quote=article.sentences[citation.sentence].text,
            )
    return CitedText(text, tuple(links.values()))
