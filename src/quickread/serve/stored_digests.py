"""Turning a stored digest version back into a typed Digest.

Stored versions leave out the article bodies (they live once, in the articles table); the bodies are put back
from the story's articles before ``digest_from_json`` rebuilds the Digest, so the web pages and the CLI render
through the same code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quickread.model import Article, Digest
from quickread.render.json_in import DigestFormatError, digest_from_json
from quickread.render.json_out import article_to_json


def full_digest_json(stored: str, articles: Sequence[Article]) -> dict[str, Any]:
    """The stored digest JSON with each article's text and sentences restored (the CLI's full schema)."""
    document: dict[str, Any] = json.loads(stored)
    by_id = {article.id: article for article in articles}
    restored = []
    for entry in document.get("articles", []):
        if "text" in entry:
            restored.append(entry)
            continue
        article = by_id.get(str(entry.get("id")))
        if article is None:
            raise DigestFormatError(f"the digest cites article {entry.get('id')!r}, which is not stored")
        restored.append(article_to_json(article))
    document["articles"] = restored
    return document


def stored_digest(stored: str, articles: Sequence[Article]) -> Digest:
    return digest_from_json(full_digest_json(stored, articles))
