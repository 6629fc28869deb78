"""Choosing the story index the newsroom uses, and restoring it from the state stored with the stories."""

from __future__ import annotations

from quickread.newsroom.stories import ExactTitleAssigner, StoryAssigner
from quickread.store.repository import Repository


def load_assigner(repository: Repository) -> StoryAssigner:
    """INTERIM: the exact-title grouping, until quickread.group's StoryIndex is available."""
    return ExactTitleAssigner()
