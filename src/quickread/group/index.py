"""StoryIndex: articles arrive over time; each joins an open story or starts one, nothing is regrouped.

An article joins the story whose articles it is most similar to on average (the test ``group`` uses to
merge clusters, with the index's own bar ``index_join``). Stories close after ``close_after`` without a new
article; for ``follow_up_window`` more they still take an article that clearly continues them (a stricter
threshold), then they are retired from the search structures so that memory and time per article stay flat
however long the stream runs.

The index is a pure function of the articles added, in order: no clock, no randomness. Time is the newest
article date seen, so a distributed engine can replay a window's articles and get the same stories.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from quickread.group.duplicates import CopyMatch, DuplicateIndex
from quickread.group.features import CorpusStatistics, SparseVector, article_terms
from quickread.group.lineage import trace_copies
from quickread.group.options import GroupOptions
from quickread.group.stories import build_story
from quickread.model import Article, Story

# Each article is findable by its most distinctive terms only: rare terms have short posting lists, so a
# lookup touches few stories. 12 found every gold pair's story on the dev sets that a full scan found.
_POSTED_TERMS = 12
# Candidate stories scored per article, those sharing the most posted terms first.
_MAX_CANDIDATES = 100


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str
    new_story: bool
    follow_up: bool = False  # joined a closed story
    copy_of: str | None = None  # the article this one republishes


@dataclass(slots=True)
class _LiveStory:
    articles: list[Article]
    originals: int = 0
    words: SparseVector = field(default_factory=dict)
    names: SparseVector = field(default_factory=dict)
    last_day: int = 0
    posted: set[str] = field(default_factory=set)
    matches: dict[str, CopyMatch] = field(default_factory=dict)


class StoryIndex:
    def __init__(
        self, options: GroupOptions | None = None, statistics: CorpusStatistics | None = None
    ) -> None:
        """``statistics``: the term statistics of a stream seen before, to resume an index (``replay``)."""
        self.options = options or GroupOptions()
        self._statistics = statistics or CorpusStatistics()
        self._duplicates = DuplicateIndex(self.options.near_duplicate)
        self._live: dict[int, _LiveStory] = {}
        self._story_of: dict[str, int] = {}
        self._postings: dict[str, set[int]] = {}
        self._expiry: list[tuple[int, int]] = []  # (last day, story number), lazily updated
        self._retired: list[tuple[int, Story]] = []
        self._today = 0
        self._next_number = 0

    def __len__(self) -> int:
        return len(self._story_of)

    @property
    def statistics(self) -> CorpusStatistics:
        return self._statistics

    def add(self, article: Article) -> Assignment:
        """Place one article. Raises ValueError when its id was added before."""
        return self._add(article, count_terms=True)

    def replay(self, article: Article) -> Assignment:
        """Place an article whose terms the statistics given at construction already count."""
        return self._add(article, count_terms=False)

    def _add(self, article: Article, *, count_terms: bool) -> Assignment:
        if article.id in self._story_of:
            raise ValueError(f"duplicate article id {article.id!r}")
        day = article.date.toordinal() if article.date else self._today
        self._today = max(self._today, day)
        self._retire_old_stories()
        match = self._duplicates.match_and_add(article)
        if match is not None and match.origin_id in self._story_of:
            number = self._story_of[match.origin_id]
            story = self._live[number]
            story.articles.append(article)
            known = story.matches.get(match.origin_id)
            story.matches[article.id] = CopyMatch(known.origin_id if known else match.origin_id, match.exact)
            self._story_of[article.id] = number
            return Assignment(article.id, self._story_id(number), new_story=False, copy_of=match.origin_id)
        terms = article_terms(article)
        if count_terms:
            self._statistics.count(terms)
        vectors = self._statistics.vectors(terms)
        weights = {
            **{"w:" + t: v for t, v in vectors.words.items()},
            **{"n:" + t: v for t, v in vectors.names.items()},
        }
        posted = sorted(weights, key=lambda term: (-weights[term], term))[:_POSTED_TERMS]
        best, follow_up = self._best_story(vectors.words, vectors.names, posted, day)
        new_story = best is None
        if best is None:
            best = self._next_number
            self._next_number += 1
            self._live[best] = _LiveStory(articles=[], last_day=day)
        story = self._live[best]
        story.articles.append(article)
        story.originals += 1
        _accumulate(story.words, vectors.words)
        _accumulate(story.names, vectors.names)
        story.last_day = max(story.last_day, day)
        heapq.heappush(self._expiry, (story.last_day, best))
        for term in posted:
            self._postings.setdefault(term, set()).add(best)
            story.posted.add(term)
        self._story_of[article.id] = best
        return Assignment(article.id, self._story_id(best), new_story=new_story, follow_up=follow_up)

    def stories(self) -> list[Story]:
        """Every story so far, retired ones included, in the order they were started."""
        live = [(number, self._build(story)) for number, story in self._live.items()]
        return [story for _, story in sorted(self._retired + live, key=lambda item: item[0])]

    def _best_story(
        self, words: SparseVector, names: SparseVector, posted: list[str], day: int
    ) -> tuple[int | None, bool]:
        hits: dict[int, int] = {}
        for term in posted:
            for number in self._postings.get(term, ()):
                hits[number] = hits.get(number, 0) + 1
        candidates = sorted(hits, key=lambda number: (-hits[number], number))[:_MAX_CANDIDATES]
        best: int | None = None
        best_score = 0.0
        best_is_follow_up = False
        for number in candidates:
            story = self._live[number]
            similarity = self.options.similarity(_dot(words, story.words), _dot(names, story.names))
            closed = self._today - story.last_day > self.options.close_after.days
            # A follow-up comes days or weeks later: no date decay, but a stricter bar instead.
            decay = 1.0 if closed else self.options.date_factor(abs(day - story.last_day))
            score = similarity / story.originals * decay
            needed = self.options.follow_up if closed else self.options.index_join
            if score >= needed and score > best_score:
                best, best_score, best_is_follow_up = number, score, closed
        return best, best_is_follow_up

    def _retire_old_stories(self) -> None:
        horizon = self._today - (self.options.close_after + self.options.follow_up_window).days
        while self._expiry and self._expiry[0][0] < horizon:
            last_day, number = heapq.heappop(self._expiry)
            story = self._live.get(number)
            if story is None or story.last_day != last_day:
                continue  # stale entry: the story grew since, a later entry stands for it
            for term in story.posted:
                posting = self._postings[term]
                posting.discard(number)
                if not posting:
                    del self._postings[term]
            for article in story.articles:
                self._duplicates.remove(article.id)
            self._retired.append((number, self._build(story)))
            del self._live[number]

    def _build(self, story: _LiveStory) -> Story:
        return build_story(story.articles, trace_copies(story.articles, story.matches))

    def _story_id(self, number: int) -> str:
        return f"story-{self._live[number].articles[0].id}"


def _dot(small: SparseVector, large: SparseVector) -> float:
    return sum(value * large.get(term, 0.0) for term, value in small.items())


def _accumulate(total: SparseVector, vector: SparseVector) -> None:
    for term, value in vector.items():
        total[term] = total.get(term, 0.0) + value
