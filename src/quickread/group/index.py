"""StoryIndex: articles arrive over time; at each arrival the open stories are regrouped as ``group`` would.

The originals of the open stories form a window (``group.window``). Each new article joins it and the window
is clustered again with group()'s average link, weighted by the term statistics of now. So a story may take in
another (a merge) or hand an article over to a story it fits better (a move); each ``Assignment`` lists the
earlier articles its arrival moved and the stories it ended. A story keeps its id while it keeps members;
when two meet, the older story's id survives. (Joining each article greedily, with weights frozen at its
arrival and no regrouping, kept the index at B-cubed F1 0.869 / 0.859 on AllSides / ECB+ against 0.888 / 0.921
for group(); regrouping the window gives 0.879 / 0.924: docs/benchmarks.md.)

A story closes after ``close_after`` without a new article: its articles settle (leave the window, so they no
longer move). For ``follow_up_window`` more it stays in the search structures (with ``GroupOptions.follow_up``
set, an article that clearly continues it joins it: a stricter threshold, no date decay; by default a later
development is a story of its own), then it is retired. The window holds at most
``_WINDOW_ARTICLES`` articles (beyond that the oldest settle early), so memory and time per article stay flat
however long the stream runs.

The index is a pure function of the articles added, in order: no clock, no randomness. Time is the newest
article date seen, so a distributed engine can replay a window's articles and get the same stories.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import Counter
from dataclasses import dataclass, field

from quickread.group.duplicates import CopyMatch, DuplicateIndex
from quickread.group.features import CorpusStatistics, SparseVector, article_terms
from quickread.group.lineage import trace_copies
from quickread.group.options import GroupOptions
from quickread.group.stories import build_story
from quickread.group.window import OpenWindow, settled_vectors
from quickread.model import Article, Story

# A settled article is findable by its most distinctive terms only: rare terms have short posting lists, so a
# lookup touches few stories. 12 found every gold pair's story on the dev sets that a full scan found.
_POSTED_TERMS = 12
# Settled stories scored per article for a follow-up, those sharing the most posted terms first.
_MAX_CANDIDATES = 100
# Articles clustered again at each arrival; beyond this many the oldest settle early. The cost of an arrival
# grows with its square: a full window costs 7 ms p50 on 2 cores (500: 18 ms, 1,000: 60 ms). AllSides (about
# 10 articles a day) never fills it; ECB+, undated, is one window of 496 articles: B-cubed F1 0.860 with 50,
# 0.876 with 100, 0.910 with 200, 0.924 with 300, 0.921 with 500 (all of it: batch grouping's figure).
_WINDOW_ARTICLES = 300
_UNPLACED = -1  # the story number of the arriving article until it is placed


@dataclass(frozen=True, slots=True)
class Moved:
    """An earlier article that an arrival moved to another story (a copy moves with its original)."""

    article_id: str
    story_id: str  # the story it is in now


@dataclass(frozen=True, slots=True)
class StoryMerge:
    """A story that an arrival ended: none of its articles is left in it, and most are now in ``into``."""

    story_id: str
    into: str


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    story_id: str
    new_story: bool
    follow_up: bool = False  # joined a closed story
    copy_of: str | None = None  # the article this one republishes
    moved: tuple[Moved, ...] = ()  # earlier articles this arrival regrouped, in the order they were added
    merged: tuple[StoryMerge, ...] = ()  # stories this arrival ended


@dataclass(slots=True)
class _Member:
    article: Article
    arrival: int  # position in the stream: a story lists its articles in this order
    story: int
    day: int
    match: CopyMatch | None = None  # for a copy: the original it copies, whose story it follows


@dataclass(slots=True)
class _LiveStory:
    id: str
    members: set[str] = field(default_factory=set)
    in_window: int = 0
    last_day: int = 0
    # The settled originals, for follow-ups: their weights summed, their most distinctive terms posted.
    settled: int = 0
    settled_day: int = 0
    words: SparseVector = field(default_factory=dict)
    names: SparseVector = field(default_factory=dict)
    posted: set[str] = field(default_factory=set)


class StoryIndex:
    def __init__(
        self, options: GroupOptions | None = None, statistics: CorpusStatistics | None = None
    ) -> None:
        """``statistics``: the term statistics of a stream seen before, to resume an index (``replay``)."""
        self.options = options or GroupOptions()
        self._statistics = statistics or CorpusStatistics()
        self._duplicates = DuplicateIndex(self.options.near_duplicate)
        self._added: set[str] = set()
        self._members: dict[str, _Member] = {}  # articles of live stories
        self._live: dict[int, _LiveStory] = {}
        self._window = OpenWindow()
        self._copies: dict[str, list[str]] = {}  # original -> its copies in live stories
        self._postings: dict[str, set[int]] = {}
        self._expiry: list[tuple[int, int]] = []  # (last day, story number), lazily updated
        self._retired: list[tuple[int, Story]] = []
        self._story_ids: set[str] = set()  # every id handed out, so that none is handed out twice
        self._today = 0
        self._next_number = 0
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._added)

    @property
    def statistics(self) -> CorpusStatistics:
        return self._statistics

    def add(self, article: Article) -> Assignment:
        """Place one article. Raises ValueError when its id was added before."""
        return self._add(article, count_terms=True)

    def replay(self, article: Article) -> Assignment:
        """Place an article whose terms the statistics given at construction already count."""
        return self._add(article, count_terms=False)

    def stories(self) -> list[Story]:
        """Every story so far, retired ones included, in the order they were started."""
        live = [(number, self._build(story)) for number, story in self._live.items()]
        return [story for _, story in sorted(self._retired + live, key=lambda item: item[0])]

    def _add(self, article: Article, *, count_terms: bool) -> Assignment:
        if article.id in self._added:
            raise ValueError(f"duplicate article id {article.id!r}")
        day = article.date.toordinal() if article.date else self._today
        self._today = max(self._today, day)
        self._settle_closed_stories()
        self._retire_old_stories()
        self._added.add(article.id)
        arrival = self._arrivals
        self._arrivals += 1
        match = self._duplicates.match_and_add(article)
        if match is not None and match.origin_id in self._members:
            return self._add_copy(article, arrival, match)
        terms = article_terms(article)
        if count_terms:
            self._statistics.count(terms)
        self._members[article.id] = _Member(article, arrival, _UNPLACED, day)
        self._window.add(article.id, day, terms, self._statistics)
        while len(self._window) > _WINDOW_ARTICLES:
            self._settle(self._window.oldest())
        return self._regroup(article.id)

    def _add_copy(self, article: Article, arrival: int, match: CopyMatch) -> Assignment:
        known = self._members[match.origin_id].match
        original = known.origin_id if known else match.origin_id
        number = self._members[original].story
        self._members[article.id] = _Member(
            article, arrival, number, self._members[original].day, CopyMatch(original, match.exact)
        )
        self._copies.setdefault(original, []).append(article.id)
        story = self._live[number]
        story.members.add(article.id)
        return Assignment(article.id, story.id, new_story=False, copy_of=match.origin_id)

    def _regroup(self, article_id: str) -> Assignment:
        """Cluster the window again; each cluster takes the oldest story among its members' stories."""
        first_new = self._next_number
        before = {i: self._members[i].story for i in self._window}
        placed: dict[str, int] = {}
        taken: set[int] = set()
        follow_up = False
        # Clusters come oldest first, so that an older story chooses before a newer one.
        for ids in self._window.clusters(self._statistics, self.options):
            prior = sorted({before[i] for i in ids} - {_UNPLACED} - taken)
            if prior:
                number = prior[0]
            elif ids == [article_id]:
                number, follow_up = self._follow_up_or_new(article_id)
            else:
                number = self._new_story(ids[0])
            taken.add(number)
            placed.update((i, number) for i in ids)
        moved = [i for i in placed if before[i] != placed[i]]
        changed = {placed[i] for i in moved} | ({before[i] for i in moved} - {_UNPLACED})
        moved_articles = [copy for i in moved for copy in self._move(i, placed[i])]
        merges = []
        for number in sorted(changed - taken):  # every story it had in the window went elsewhere
            shares = Counter(placed[i] for i, was in before.items() if was == number)
            into = min(shares, key=lambda n: (-shares[n], n))
            moved_articles.extend(self._absorb(number, into))
            merges.append(StoryMerge(self._live[number].id, self._live[into].id))
            del self._live[number]
            changed.discard(number)
        self._refresh(changed)
        moved_articles = sorted(set(moved_articles) - {article_id}, key=lambda i: self._members[i].arrival)
        return Assignment(
            article_id,
            self._live[placed[article_id]].id,
            new_story=placed[article_id] >= first_new,
            follow_up=follow_up,
            moved=tuple(Moved(i, self._live[self._members[i].story].id) for i in moved_articles),
            merged=tuple(merges),
        )

    def _follow_up_or_new(self, article_id: str) -> tuple[int, bool]:
        """A settled story this article clearly continues (``follow_up``: it was closed), else a new one."""
        day = self._members[article_id].day
        vectors = settled_vectors(self._window.article(article_id), self._statistics)
        weights = {
            **{"w:" + t: v for t, v in vectors.words.items()},
            **{"n:" + t: v for t, v in vectors.names.items()},
        }
        hits: dict[int, int] = {}
        for term in _top_terms(weights):
            for number in self._postings.get(term, ()):
                hits[number] = hits.get(number, 0) + 1
        best: int | None = None
        best_score = 0.0
        best_is_follow_up = False
        for number in sorted(hits, key=lambda number: (-hits[number], number))[:_MAX_CANDIDATES]:
            story = self._live[number]
            if story.in_window:
                continue  # its open articles are in the window, where the clustering placed this one
            similarity = self.options.similarity(
                _dot(vectors.words, story.words), _dot(vectors.names, story.names)
            )
            closed = self._today - story.last_day > self.options.close_after.days
            if closed:
                if self.options.follow_up is None:
                    continue  # a development of a closed story is a story of its own
                # A follow-up comes days or weeks later: no date decay, but a stricter bar instead.
                score, needed = similarity / story.settled, self.options.follow_up
            else:
                decay = self.options.date_factor(abs(day - story.last_day))
                score, needed = similarity / story.settled * decay, self.options.index_join
            if score >= needed and score > best_score:
                best, best_score, best_is_follow_up = number, score, closed
        if best is None:
            return self._new_story(article_id), False
        return best, best_is_follow_up

    def _new_story(self, named_after: str) -> int:
        number = self._next_number
        self._next_number += 1
        story_id = f"story-{named_after}"
        if story_id in self._story_ids:  # the article named a story before, and has left it
            story_id = f"{story_id}-{number}"
        self._story_ids.add(story_id)
        self._live[number] = _LiveStory(id=story_id)
        return number

    def _move(self, article_id: str, number: int) -> list[str]:
        """Put a window article and its copies in story ``number``; the ids of the articles moved."""
        ids = [article_id, *self._copies.get(article_id, ())]
        for moving in ids:
            member = self._members[moving]
            if member.story != _UNPLACED:
                self._live[member.story].members.discard(moving)
            member.story = number
            self._live[number].members.add(moving)
        return ids

    def _absorb(self, number: int, into: int) -> list[str]:
        """Story ``number`` lost all its window articles: its settled ones go where most of those went."""
        gone, story = self._live[number], self._live[into]
        for article_id in gone.members:
            self._members[article_id].story = into
        story.members |= gone.members
        story.settled += gone.settled
        story.settled_day = max(story.settled_day, gone.settled_day)
        _accumulate(story.words, gone.words)
        _accumulate(story.names, gone.names)
        for term in gone.posted:
            posting = self._postings[term]
            posting.discard(number)
            posting.add(into)
        story.posted |= gone.posted
        return sorted(gone.members)

    def _refresh(self, numbers: set[int]) -> None:
        """Window count and newest day of the stories whose window articles changed: one pass over the
        window, not over their members, which a long-running story has many of."""
        window_days: dict[int, list[int]] = {number: [] for number in numbers}
        for article_id in self._window:
            member = self._members[article_id]
            if member.story in window_days:
                window_days[member.story].append(member.day)
        for number, days in window_days.items():
            story = self._live[number]
            story.in_window = len(days)
            last_day = max([story.settled_day, *days])
            if last_day != story.last_day:
                story.last_day = last_day
                heapq.heappush(self._expiry, (last_day, number))

    def _settle(self, article_id: str) -> None:
        """The article leaves the window and stays in its story; its weights now count for follow-ups."""
        entry = self._window.remove(article_id)
        member = self._members[article_id]
        number = member.story
        story = self._live[number]
        story.in_window -= 1
        story.settled += 1
        story.settled_day = max(story.settled_day, entry.day)
        vectors = settled_vectors(entry, self._statistics)
        _accumulate(story.words, vectors.words)
        _accumulate(story.names, vectors.names)
        weights = {
            **{"w:" + t: v for t, v in vectors.words.items()},
            **{"n:" + t: v for t, v in vectors.names.items()},
        }
        for term in _top_terms(weights):
            self._postings.setdefault(term, set()).add(number)
            story.posted.add(term)

    def _settle_closed_stories(self) -> None:
        close_before = self._today - self.options.close_after.days
        closed = [
            article_id
            for article_id in self._window
            if self._live[self._members[article_id].story].last_day < close_before
        ]
        for article_id in closed:
            self._settle(article_id)

    def _retire_old_stories(self) -> None:
        horizon = self._today - (self.options.close_after + self.options.follow_up_window).days
        while self._expiry and self._expiry[0][0] < horizon:
            last_day, number = heapq.heappop(self._expiry)
            story = self._live.get(number)
            if story is None or story.last_day != last_day:
                continue  # stale entry: the story changed since, a later entry stands for it
            for term in story.posted:
                posting = self._postings[term]
                posting.discard(number)
                if not posting:
                    del self._postings[term]
            self._retired.append((number, self._build(story)))
            for article_id in story.members:
                self._duplicates.remove(article_id)
                self._copies.pop(article_id, None)
                del self._members[article_id]
            del self._live[number]

    def _build(self, story: _LiveStory) -> Story:
        members = sorted((self._members[i] for i in story.members), key=lambda member: member.arrival)
        articles = [member.article for member in members]
        matches = {m.article.id: m.match for m in members if m.match is not None}
        return dataclasses.replace(build_story(articles, trace_copies(articles, matches)), id=story.id)


def _top_terms(weights: SparseVector) -> list[str]:
    return sorted(weights, key=lambda term: (-weights[term], term))[:_POSTED_TERMS]


def _dot(small: SparseVector, large: SparseVector) -> float:
    return sum(value * large.get(term, 0.0) for term, value in small.items())


def _accumulate(total: SparseVector, vector: SparseVector) -> None:
    for term, value in vector.items():
        total[term] = total.get(term, 0.0) + value
