"""Cluster records for batch digests: {"id", "documents": [str]} or {"id", "articles": [{...}]}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quickread.ingest.errors import InputError
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article


def articles_from_cluster(record: Mapping[str, Any], name: str) -> list[Article]:
    """The articles of one cluster record; ``name`` identifies the record in errors ("in.jsonl line 3")."""
    if not isinstance(record, Mapping):
        raise InputError(name, "not a JSON object")
    cluster_id = str(record.get("id", name))
    documents = record.get("documents")
    records = record.get("articles")
    if isinstance(documents, list):
        articles = []
        for number, document in enumerate(documents):
            if not isinstance(document, str):
                raise InputError(name, f"document {number} is not a string")
            if not document.strip():
                continue  # an empty document adds nothing; the others still make the digest
            try:
                articles.append(build_article(id=f"{cluster_id}-{number}", raw_text=document))
            except EmptyArticleError:
                continue
    elif isinstance(records, list):
        articles = [
            article_from_record(item, f"{name} article {number}", f"{cluster_id}-{number}")
            for number, item in enumerate(records)
        ]
    else:
        raise InputError(name, 'needs "documents" (a list of texts) or "articles" (a list of objects)')
    if not articles:
        raise InputError(name, "no article text in the cluster")
    return articles
