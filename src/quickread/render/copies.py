"""Wire copies in a digest's source list: each republished report is shown once, under its origin, with every
outlet that carried it."""

from __future__ import annotations

from quickread.model import Digest
from quickread.render.citations import outlet_label


def copy_note(digest: Digest, article_id: str) -> str | None:
    """ "AP republished Reuters' story (exact copy)" for a copy, None for an original report."""
    for copy in digest.copies:
        if copy.article_id == article_id:
            kind = "exact copy" if copy.exact else "near-identical text"
            credit = f", credited to {copy.wire}" if copy.wire else ""
            origin = outlet_label(digest, copy.origin_id)
            return f"{outlet_label(digest, article_id)} republished {origin}’s story ({kind}{credit})"
    return None


def carried_by(digest: Digest, article_id: str) -> tuple[str, ...]:
    """The outlets that republished this article, in digest order."""
    return tuple(outlet_label(digest, c.article_id) for c in digest.copies if c.origin_id == article_id)
