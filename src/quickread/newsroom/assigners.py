"""The newsroom's story index: quickread.group's StoryIndex behind the StoryAssigner interface, restored
from the state stored with the stories.

The StoryIndex is a pure function of the articles added, in order. Its stored state is the stream's term
statistics plus the articles still inside its live horizon (open stories and the follow-up window), each with
the story key the newsroom gave it; loading replays those articles over the stored statistics. Stories then
hold the same articles as before the restart; their term weights use the statistics of now rather than of
each article's arrival, a small difference. Index story ids are mapped onto the stored keys so that a story
keeps its key across restarts even when its first article has left the horizon.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.group.features import CorpusStatistics
from quickread.group.index import StoryIndex
from quickread.group.options import GroupOptions
from quickread.model import Article
from quickread.newsroom.stories import AssignmentStep, StoryAssigner
from quickread.store.repository import Repository

INDEX_NAME = "story-index"


@dataclass(frozen=True, slots=True)
class _Placed:
    article_id: str
    story_key: str
    day: int  # the article's date as an ordinal; undated articles take the newest date seen


class IndexAssigner:
    """Places articles with a StoryIndex; remembers the articles the index still looks at."""

    name = INDEX_NAME

    def __init__(
        self, options: GroupOptions | None = None, statistics: CorpusStatistics | None = None
    ) -> None:
        self.index = StoryIndex(options, statistics)
        self._horizon_days = self.index.options.copy_horizon_days
        self._key_of_story: dict[str, str] = {}  # index story id -> stored story key
        self._placed: list[_Placed] = []
        self._newest_day = 0

    def assign(self, articles: Sequence[Article]) -> AssignmentStep:
        story_of: dict[str, str] = {}
        headlines: dict[str, str] = {}
        for article in articles:
            placed = self.index.add(article)
            key = self._remember(article, placed.story_id, stored_key=None)
            story_of[article.id] = key
            headlines.setdefault(key, article.title or article.id)
        self._forget_old()
        return AssignmentStep(story_of=story_of, headlines=headlines)

    def replay(self, article: Article, stored_key: str) -> None:
        """Add an article that was placed before a restart, under the key it was stored with."""
        placed = self.index.replay(article)
        self._remember(article, placed.story_id, stored_key=stored_key)

    def state(self) -> str:
        return json.dumps(
            {
                "statistics": self.index.statistics.to_json(),
                "articles": [[p.article_id, p.story_key] for p in self._placed],
            }
        )

    def _remember(self, article: Article, story_id: str, stored_key: str | None) -> str:
        key = self._key_of_story.setdefault(story_id, stored_key or story_id)
        day = article.date.toordinal() if article.date else self._newest_day
        self._newest_day = max(self._newest_day, day)
        self._placed.append(_Placed(article.id, key, day))
        return key

    def _forget_old(self) -> None:
        horizon = self._newest_day - self._horizon_days
        self._placed = [p for p in self._placed if p.day >= horizon]


def load_assigner(repository: Repository) -> StoryAssigner:
    """The story index, with the articles it still looks at replayed from the stored state."""
    state = repository.index_state(INDEX_NAME)
    if not state:
        return IndexAssigner()
    stored = json.loads(state)
    assigner = IndexAssigner(statistics=CorpusStatistics.from_json(stored["statistics"]))
    for article_id, story_key in stored["articles"]:
        found = repository.article(article_id)
        if found is not None:
            assigner.replay(found.article, story_key)
    return assigner
