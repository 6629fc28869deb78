"""The JSON documents the API and the JSON Feed return, built from repository records."""

from __future__ import annotations

from typing import Any

from quickread.store.repository import StorySummary, VersionSummary


def story_summary_json(story: StorySummary) -> dict[str, Any]:
    return {
        "id": story.key,
        "headline": story.headline,
        "lede": story.lede,
        "articles": story.article_count,
        "sources": story.source_count,
        "outlets": list(story.outlets),
        "first_date": story.first_date.isoformat() if story.first_date else None,
        "last_date": story.last_date.isoformat() if story.last_date else None,
        "updated_at": story.updated_at.isoformat(),
        "significance": round(story.significance, 6),
        "url": f"/stories/{story.key}",
    }


def version_json(version: VersionSummary) -> dict[str, Any]:
    return {
        "version": version.version,
        "created_at": version.created_at.isoformat(),
        "articles": version.article_count,
        "headline": version.headline,
        "what_changed": version.what_changed,
    }
