"""Grounding check: every statement in a digest is text of the sentence it cites."""

from __future__ import annotations

from collections.abc import Sequence

from quickread.model import Citation, Digest


class GroundingError(AssertionError):
    """A digest statement whose text is not found in its cited source sentence: a bug, never shown."""


def verify_grounding(digest: Digest) -> None:
    """Raise GroundingError unless every lede sentence, key point and timeline line is grounded in its first
    citation.

    Allowed difference: the first letter may be capitalised (after a leading connective was trimmed).
    Every further citation must point at a real sentence of a real article.
    """
    for point in (*digest.lede, *digest.key_points):
        _verify_text(digest, point.text, point.citations)
    for entry in digest.timeline.entries if digest.timeline else ():
        _verify_text(digest, entry.text, (entry.citation,))


def _verify_text(digest: Digest, text: str, citations: Sequence[Citation]) -> None:
    if not citations:
        raise GroundingError(f"no citation for {text!r}")
    for citation in citations:
        try:
            article = digest.article(citation.article_id)
        except KeyError:
            raise GroundingError(f"cites unknown article {citation.article_id!r}") from None
        if not 0 <= citation.sentence < len(article.sentences):
            raise GroundingError(f"cites sentence {citation.sentence} of {article.id!r}, which has none")
        sentence = article.sentences[citation.sentence]
        if not sentence.start <= citation.start < citation.end <= sentence.end:
            raise GroundingError(f"citation span of {text!r} lies outside its sentence")
    first = citations[0]
    source = digest.article(first.article_id).text[first.start : first.end]
    if source != text and source[:1].upper() + source[1:] != text:
        raise GroundingError(f"{text!r} is not the text of its cited sentence {source!r}")
