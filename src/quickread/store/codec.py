"""How an Article becomes a row and back, and the two identities that make ingestion idempotent."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from quickread.model import Article, Dateline, Sentence

# Query parameters that only track the reader: two links differing in these are the same article.
_TRACKING_PREFIXES = ("utm_", "mc_", "fbclid", "gclid", "ocid", "cmpid", "ref_src")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """The URL that identifies an article: lower-case host, no default port, fragment or trackers."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url.strip()
    host = parts.hostname.lower()
    if parts.port and parts.port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def content_hash(article: Article) -> str:
    """SHA-256 of the case-folded words of title and body: the same text re-published elsewhere matches."""
    words = " ".join(article.title.casefold().split()) + "\n" + " ".join(article.text.casefold().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def extraction_json(article: Article) -> str:
    """What build_article found beyond the text, so a stored article is rebuilt exactly (offsets too)."""
    dateline = article.dateline
    return json.dumps(
        {
            "sentences": [[s.start, s.end, s.paragraph] for s in article.sentences],
            "dateline": None
            if dateline is None
            else {
                "raw": dateline.raw,
                "place": dateline.place,
                "date": dateline.date,
                "outlet": dateline.outlet,
            },
            "removed": list(article.removed_boilerplate),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def article_from_row(row: Any) -> Article:
    """Rebuild an Article from a row with key, title, text, extraction, source, url, published, author."""
    extraction = json.loads(row.extraction)
    text: str = row.text
    sentences = tuple(
        Sentence(index=number, text=text[start:end], start=start, end=end, paragraph=paragraph)
        for number, (start, end, paragraph) in enumerate(extraction["sentences"])
    )
    dateline = extraction.get("dateline")
    return Article(
        id=row.key,
        title=row.title,
        text=text,
        sentences=sentences,
        source=row.source,
        url=row.url,
        date=row.published,
        author=row.author,
        dateline=None if dateline is None else Dateline(**dateline),
        removed_boilerplate=tuple(extraction.get("removed", ())),
    )
