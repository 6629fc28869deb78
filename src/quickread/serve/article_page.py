"""A source article's own page: where citation markers land. Its whole text is shown only when the outlet's
licence allows it (``ServeSettings.full_text_outlets``); otherwise the page shows the sentences the story's
Quick Read cites, each at its anchor, and links to the original: a real outlet's whole article would be a
copyright risk; the cited sentences are what a citation needs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from quickread.render.html import safe_link, sentence_anchor
from quickread.serve.site import Site
from quickread.store.repository import StoredArticle


def article_page(site: Site, found: StoredArticle, back_to: str | None) -> str:
    article = found.article
    full_text = site.settings.shows_full_text(article)
    shown = None if full_text else _cited_sentences(site, found)
    paragraphs: dict[int, list[tuple[str, str]]] = {}
    for sentence in article.sentences:
        if shown is not None and sentence.index not in shown:
            continue
        # Without the full text each cited sentence stands alone: its paragraph is not shown.
        where = sentence.paragraph if shown is None else sentence.index
        anchor = sentence_anchor(article.id, sentence.index)
        paragraphs.setdefault(where, []).append((anchor, sentence.text))
    return site.render(
        "article.html.j2",
        stored=found,
        link=safe_link(article.url),
        paragraphs=list(paragraphs.values()),
        full_text=full_text,
        back_to=back_to,
    )


def _cited_sentences(site: Site, found: StoredArticle) -> set[int]:
    """The sentences of this article that the latest Quick Read of its story cites."""
    if found.story_key is None:
        return set()
    version = site.repository.digest_version(found.story_key)
    if version is None:
        return set()
    cited = (c for c in _citations(json.loads(version.digest)) if c.get("article") == found.article.id)
    return {sentence for c in cited if isinstance(sentence := c.get("sentence"), int)}


def _citations(node: Any) -> Iterator[dict[str, Any]]:
    """Every citation object anywhere in a digest document (lede, key points, quotes, figures, conflicts)."""
    if isinstance(node, dict):
        if "article" in node and "sentence" in node:
            yield node
        for value in node.values():
            yield from _citations(value)
    elif isinstance(node, list):
        for value in node:
            yield from _citations(value)
