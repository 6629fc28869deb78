"""Articles stored and placed in stories by hand, for tests that need a repository with stories but no
grouping or digest run."""

from __future__ import annotations

from quickread.model import Article
from quickread.store.repository import IncomingArticle, StoryAssignment
from quickread.store.sql_repository import SqlRepository


def stored(repository: SqlRepository, *pairs: tuple[Article, str]) -> None:
    """Store each article and place it in the story named beside it (headline "Headline <story>")."""
    repository.add_articles([IncomingArticle(a) for a, _ in pairs])
    repository.save_assignment(
        StoryAssignment(
            story_of={a.id: story for a, story in pairs},
            headlines={story: f"Headline {story}" for _, story in pairs},
            index_name="test",
            index_state="{}",
        )
    )
