"""The newsroom's story index: quickread.group's StoryIndex behind the StoryAssigner interface, restored
from the state stored with the stories.

The StoryIndex is a pure function of the articles added, in order. Its stored state is the stream's term
statistics plus the articles still inside its live horizon (open stories and the follow-up window), each with
the key of the story the index holds it in now; loading replays those articles over the stored statistics,
so that stories hold the same articles as before the restart. Index story ids are mapped onto the stored
keys so that a story keeps its key across restarts even when its first article has left the horizon.

The index may later move an article to another story, or end a story by merging it into another
(``Assignment.moved`` and ``merged``). Each step reports the net effect of its articles' arrivals: every
article given, in the story it is in at the end of the step, the earlier articles moved, and the stories
ended with the story each went into (chains resolved); the store applies them in the same transaction as the
state, in which a moved article is replayed under its new story's key. So the stored stories, the index and
the assigner agree, across restarts too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from quickread.group.features import CorpusStatistics
from quickread.group.index import Assignment, StoryIndex
from quickread.group.options import GroupOptions
from quickread.model import Article
from quickread.newsroom.stories import AssignmentStep, StoryAssigner
from quickread.store.repository import Repository

INDEX_NAME = "story-index"


@dataclass(frozen=True, slots=True)
class _Placed:
    story_key: str
    day: int  # the article's date as an ordinal; undated articles take the newest date seen


@dataclass(slots=True)
class _StepChanges:
    """What one ``assign`` call changed, by stored key, as it accumulates over the call's arrivals."""

    story_now: dict[str, str] = field(default_factory=dict)  # article id -> its story key now
    ended: dict[str, str] = field(default_factory=dict)  # ended story key -> the story key it went into

    def went_into(self, key: str) -> str:
        """Where a story key's articles are at the end of the step (itself unless it ended)."""
        seen = {key}
        while key in self.ended and self.ended[key] not in seen:
            key = self.ended[key]
            seen.add(key)
        return key


class IndexAssigner:
    """Places articles with a StoryIndex; remembers the articles the index still looks at."""

    name = INDEX_NAME

    def __init__(
        self, options: GroupOptions | None = None, statistics: CorpusStatistics | None = None
    ) -> None:
        self.index = StoryIndex(options, statistics)
        self._horizon_days = self.index.options.copy_horizon_days
        self._key_of_story: dict[str, str] = {}  # index story id -> stored story key
        self._placed: dict[str, _Placed] = {}  # article id -> its story now, in the order placed
        self._newest_day = 0

    def assign(self, articles: Sequence[Article]) -> AssignmentStep:
        changes = _StepChanges()
        headlines: dict[str, str] = {}
        for article in articles:
            placed = self.index.add(article)
            key = self._remember(article, placed, stored_key=None, changes=changes)
            headlines.setdefault(key, article.title or article.id)
        given = {article.id for article in articles}
        final = {article_id: changes.went_into(key) for article_id, key in changes.story_now.items()}
        self._forget_old()
        return AssignmentStep(
            story_of={article.id: final[article.id] for article in articles},
            headlines=headlines,
            moved={article_id: key for article_id, key in final.items() if article_id not in given},
            ended={key: changes.went_into(key) for key in changes.ended},
        )

    def replay(self, article: Article, stored_key: str) -> None:
        """Add an article that was placed before a restart, under the key it was stored with."""
        placed = self.index.replay(article)
        self._remember(article, placed, stored_key=stored_key, changes=_StepChanges())

    def state(self) -> str:
        return json.dumps(
            {
                "statistics": self.index.statistics.to_json(),
                "articles": [[article_id, p.story_key] for article_id, p in self._placed.items()],
            }
        )

    def _remember(
        self, article: Article, placed: Assignment, stored_key: str | None, changes: _StepChanges
    ) -> str:
        key = self._key_of_story.setdefault(placed.story_id, stored_key or placed.story_id)
        day = article.date.toordinal() if article.date else self._newest_day
        self._newest_day = max(self._newest_day, day)
        self._placed[article.id] = _Placed(key, day)
        changes.story_now[article.id] = key
        for move in placed.moved:
            # Reported whether or not the article is still in the horizon: the store holds every article.
            moved_key = self._key_of_story.setdefault(move.story_id, move.story_id)
            changes.story_now[move.article_id] = moved_key
            known = self._placed.get(move.article_id)
            if known is not None:
                self._placed[move.article_id] = replace(known, story_key=moved_key)
        for merge in placed.merged:
            ended_key = self._key_of_story.pop(merge.story_id, merge.story_id)  # an index id never comes back
            into_key = self._key_of_story.setdefault(merge.into, merge.into)
            # After a restart two index stories can share a stored key (the replay grouped its articles
            # apart); the key ends only with the last of them.
            if ended_key != into_key and ended_key not in self._key_of_story.values():
                changes.ended[ended_key] = into_key
        return key

    def _forget_old(self) -> None:
        horizon = self._newest_day - self._horizon_days
        self._placed = {article_id: p for article_id, p in self._placed.items() if p.day >= horizon}


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
