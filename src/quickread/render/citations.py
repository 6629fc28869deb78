"""Human-readable citation labels shared by the renderers."""

from __future__ import annotations

from quickread.model import Citation, Digest


def citation_label(digest: Digest, citation: Citation) -> str:
    """ "Reuters, sentence 3": the outlet and the 1-based sentence number in its story."""
    return f"{outlet_label(digest, citation.article_id)}, sentence {citation.sentence + 1}"


def outlet_label(digest: Digest, article_id: str) -> str:
    """The outlet's name, with a number when one outlet has several articles in the digest."""
    article = digest.article(article_id)
    same_outlet = [a.id for a in digest.articles if a.source == article.source]
    if len(same_outlet) == 1:
        return article.source
    return f"{article.source} {same_outlet.index(article_id) + 1}"
