"""Choosing the lede and key points: most concepts covered, none restated, in budget, all sources heard."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from quickread.digest.options import DigestOptions
from quickread.digest.rank import FEATURES, Candidate, RankedStory
from quickread.digest.standalone import Fitness, Reading, fitness_as
from quickread.digest.vectors import FloatMatrix

# Above this cosine a candidate repeats an already chosen sentence (read on the seed: 0.45+ pairs restate
# the same fact in other words).
REDUNDANT_SIMILARITY = 0.45
LEDE_MAX_WORDS = 70
# Key points are chosen by concept coverage (in the spirit of Gillick & Favre's ILP summariser, solved with
# the cost-scaled submodular greedy): the digest should state as much of the story's repeated content
# (rank._concepts: content words and word pairs in two or more sentences) as the budget allows. A concept's
# weight is, summed over the articles that state it, the position weight (rank feature "position",
# 1/sqrt(1 + index)) of its earliest sentence there: what many outlets say, and say early, is the news. Each
# step takes the eligible sentence with the most (new concept weight + SCORE_PRIOR x learned score) per
# words^COST_EXPONENT; the best single sentence replaces the greedy's points when it alone is worth more
# (the check the greedy's guarantee needs). Concept weight is counted in units of the best single
# sentence's, so the prior has the same scale on every story. Both constants were picked on the dev sets
# with bench/summarize.py among round values, one setting for all sets: COST_EXPONENT 0 / 0.5 / 1,
# SCORE_PRIOR 0.1 / 0.3 / 1 (docs/benchmarks.md). An exact ILP (scipy.optimize.milp) was slower than the
# 50 clusters/s target on Multi-News and scored lower.
COST_EXPONENT = 0.5
SCORE_PRIOR = 0.3
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int_]


@dataclass(frozen=True, slots=True)
class Selection:
    lede: tuple[Candidate, ...]
    key_points: tuple[Candidate, ...]  # a continuation comes right after the point it continues
    continuations: frozenset[int] = frozenset()  # rows that continue the key point before them


def select(story: RankedStory, options: DigestOptions, latest: frozenset[str] | None = None) -> Selection:
    """The lede and key points; ``latest`` (the articles of the story's newest development, None when it was
    reported on one or two days) are where the lede comes from when one of them has a fit opening."""
    budget = options.max_words if options.max_words is not None else 10**9
    candidates = story.candidates
    if not candidates:
        return Selection((), ())
    words = np.array([_words(c) for c in candidates])
    scores = np.array([c.score for c in candidates])
    good = np.array([c.fitness is Fitness.GOOD for c in candidates])
    lede = _choose_lede(story, options, budget, latest)
    chosen: list[Candidate] = []
    continuations: set[int] = set()
    state = _Coverage(story)
    for candidate in lede:
        state.add(candidate.row)
    used = sum(_words(c) for c in lede)
    cost = np.maximum(words, 1) ** COST_EXPONENT
    first_value: FloatMatrix | None = None  # each sentence's worth alone (after the lede), for the check
    total = 0.0  # the greedy selection's worth: concept weight covered + prior
    # The sentence after a one-sentence lede may lean on it ("The company said..."): it can extend the lede.
    follower = _follower(story, lede[0]) if len(lede) == 1 and options.lede_sentences == 2 else None
    pair_rows = _pair_rows(story)
    while len(chosen) - len(continuations) < options.point_limit:
        eligible = good & ~state.taken & (words <= budget - used) & (state.closest < REDUNDANT_SIMILARITY)
        if follower is not None and words[follower.row] + used <= budget and not state.taken[follower.row]:
            eligible[follower.row] = (
                _words(lede[0]) + words[follower.row] <= LEDE_MAX_WORDS
                and state.closest[follower.row] < REDUNDANT_SIMILARITY
            )
        continuing = _continuations(story, chosen, continuations, state)
        eligible[continuing] = words[continuing] <= budget - used
        pairs = _pairs(pair_rows, eligible, good, state, words, budget - used)
        if not eligible.any() and not pairs.any():
            break
        worth = state.gain() + SCORE_PRIOR * scores
        if first_value is None:
            first_value = np.where(eligible & good, worth, -np.inf)
        single = np.where(eligible, worth / cost, -np.inf)
        # a dependent sentence with the one it leans on, as one bullet: worth both, costs both
        paired = np.where(
            pairs, (worth + np.roll(worth, 1)) / (words + np.roll(words, 1)) ** COST_EXPONENT, -np.inf
        )
        if float(paired.max(initial=-np.inf)) > float(single.max(initial=-np.inf)):
            row = int(np.argmax(paired))
            lead, leaning = candidates[row - 1], candidates[row]
            total += float(worth[row - 1] + worth[row])
            for part in (lead, leaning):
                state.add(part.row)
                used += _words(part)
            chosen.extend((lead, leaning))
            continuations.add(row)
            continue
        best = candidates[int(np.argmax(single))]
        total += float(worth[best.row])
        state.add(best.row)
        used += _words(best)
        if follower is not None and best.row == follower.row:
            lede.append(best)
            follower = None
        elif best.fitness is not Fitness.GOOD:  # a continuation: right after the point it leans on
            chosen.insert(chosen.index(candidates[best.row - 1]) + 1, best)
            continuations.add(best.row)
        else:
            chosen.append(best)
    if first_value is not None and len(chosen) > 1 and float(first_value.max()) > total:
        # the best single sentence beats the greedy's choice: the lede plus that one point
        lede = lede[:1]
        chosen = [candidates[int(np.argmax(first_value))]]
        continuations.clear()
        state = _Coverage(story)
        for candidate in (*lede, *chosen):
            state.add(candidate.row)
        used = sum(_words(c) for c in (*lede, *chosen))
    chosen = _cover_every_source(story, options, lede, chosen, continuations, budget - used, state)
    return Selection(tuple(lede), tuple(chosen), frozenset(continuations))


def _continuations(
    story: RankedStory, chosen: list[Candidate], continuations: set[int], state: _Coverage
) -> list[int]:
    """Rows that may continue a chosen key point: the next sentence of its article, when it leans on it.

    "He said the talks would resume in May." cannot stand alone, but right after the sentence that names
    him it is grounded and clear; a point takes one continuation at most.
    """
    rows = []
    for point in chosen:
        row = point.row + 1
        if point.row in continuations or row in continuations or row >= len(story.candidates):
            continue
        following = story.candidates[row]
        if (
            following.article is point.article
            and following.fitness is Fitness.DEPENDENT
            and not state.taken[row]
            and state.closest[row] < REDUNDANT_SIMILARITY
        ):
            rows.append(row)
    return rows


def _pair_rows(story: RankedStory) -> BoolArray:
    """Rows of dependent sentences right after a sentence of the same article: what ``_pairs`` may take."""
    result = np.zeros(len(story.candidates), dtype=bool)
    for row in range(1, len(story.candidates)):
        lead, leaning = story.candidates[row - 1], story.candidates[row]
        result[row] = (
            leaning.fitness is Fitness.DEPENDENT
            and lead.article is leaning.article
            and lead.sentence.index + 1 == leaning.sentence.index
        )
    return result


def _pairs(
    pair_rows: BoolArray,
    eligible: BoolArray,
    good: BoolArray,
    state: _Coverage,
    words: IntArray,
    room: int,
) -> BoolArray:
    """Rows of dependent sentences that may be taken now together with the sentence before them, which names
    what they lean on ("The victim recently disclosed the assaults ..." after the sentence naming both): the
    pair is one bullet, the second sentence its continuation. ``pair_rows[0]`` is False, so what ``np.roll``
    brings round to row 0 never counts."""
    lead_ok = np.roll(good & eligible, 1)
    result: BoolArray = (
        pair_rows
        & lead_ok
        & ~state.taken
        & (state.closest < REDUNDANT_SIMILARITY)
        & (words + np.roll(words, 1) <= room)
    )
    return result


class _Coverage:
    """Which rows are taken and each row's highest similarity to a taken one, updated as rows are added."""

    def __init__(self, story: RankedStory) -> None:
        self.similarity = story.similarity
        rows = len(story.candidates)
        self.taken = np.zeros(rows, dtype=bool)
        self.closest = np.zeros(rows)
        self.concepts = story.concepts
        self.weights = _concept_weights(story)
        self.uncovered = np.ones(len(self.weights), dtype=bool)
        best = float((self.concepts @ self.weights).max(initial=0.0))
        self.scale = 1.0 / best if best > 0 else 0.0

    def add(self, row: int) -> None:
        self.taken[row] = True
        self.closest = np.maximum(self.closest, self.similarity[row])
        self.uncovered &= self.concepts[row] == 0

    def gain(self) -> FloatMatrix:
        """Each row's weight of concepts not yet covered, in units of the best single sentence's weight."""
        result: FloatMatrix = (self.concepts @ (self.weights * self.uncovered)) * self.scale
        return result


def _concept_weights(story: RankedStory) -> FloatMatrix:
    """Per concept: summed over the articles stating it, the position weight of its first sentence there."""
    held = story.concepts * story.features[:, FEATURES.index("position")][:, None]
    article_of_row: dict[str, int] = {}
    rows = np.array([article_of_row.setdefault(c.article.id, len(article_of_row)) for c in story.candidates])
    earliest = np.zeros((len(article_of_row), held.shape[1]))
    np.maximum.at(earliest, rows, held)
    result: FloatMatrix = earliest.sum(axis=0)
    return result


def _choose_lede(
    story: RankedStory, options: DigestOptions, budget: int, latest: frozenset[str] | None
) -> list[Candidate]:
    """The best-scored opening sentence of any article (its second sentence may join it later), of the
    newest development's articles (``latest``) when one of them has one: the lede tells what happened last."""
    openings = [
        c
        for c in story.candidates
        if _fits_under_headline(c) and c.sentence.index <= 2 and _words(c) <= budget
    ]
    newest = [c for c in openings if latest is not None and c.article.id in latest]
    openings = newest or openings
    if not openings:
        return []
    # The lede must represent the whole story, not only be summary-worthy: its closeness to the story
    # centroid is added to the score (the learned scorer gives centrality no weight of its own once
    # support across sources is known, but one article's side detail can be well supported too).
    centrality = story.features[:, FEATURES.index("centrality")]
    return [max(openings, key=lambda c: c.score + float(centrality[c.row]))]


def _fits_under_headline(candidate: Candidate) -> bool:
    """An opening sentence that may be the lede: read under the headline, a definite description ("The bill
    passed 52-48") is the headline's story; a key point, read alone, may not lean on one (standalone.py)."""
    if candidate.fitness is Fitness.GOOD:
        return True
    reading = Reading.OPENING if candidate.sentence.index == 0 else Reading.LEDE
    return (
        candidate.fitness is Fitness.DEPENDENT
        and fitness_as(candidate.sentence.text, reading) is Fitness.GOOD
    )


def _follower(story: RankedStory, first: Candidate) -> Candidate | None:
    row = first.row + 1
    if row >= len(story.candidates):
        return None
    following = story.candidates[row]
    if following.article is not first.article or following.fitness is Fitness.UNFIT:
        return None
    return following


def _cover_every_source(
    story: RankedStory,
    options: DigestOptions,
    lede: list[Candidate],
    chosen: list[Candidate],
    continuations: set[int],
    room: int,
    state: _Coverage,
) -> list[Candidate]:
    """Give each article that has a fact of its own at least one key point."""
    cited = {c.article.id for c in [*lede, *chosen]}
    for article_id in dict.fromkeys(c.article.id for c in story.candidates):
        if article_id in cited:
            continue
        own = [
            c
            for c in story.candidates
            if c.article.id == article_id
            and c.fitness is Fitness.GOOD
            and state.closest[c.row] < REDUNDANT_SIMILARITY
        ]
        if not own:
            continue  # everything it says is already said: it is cited as support instead
        # Its best sentence, making room by dropping the weakest point (with its continuation) of a source
        # that keeps another sentence; when one drop is not enough, its best sentence that fits once as few
        # weakest points as it takes are dropped (it used to give up, leaving the source unheard).
        best = max(own, key=lambda c: c.score)
        points = len(chosen) - len(continuations)
        fitting = [best] if points < options.point_limit and _words(best) <= room else []
        dropped: list[Candidate] = []
        drops = 0
        counts = Counter(c.article.id for c in [*lede, *chosen])
        for weakest in sorted((c for c in chosen if c.row not in continuations), key=lambda c: c.score):
            if fitting:
                break
            group = [weakest, *(c for c in chosen if c.row == weakest.row + 1 and c.row in continuations)]
            if counts[weakest.article.id] <= len(group):
                continue  # its source would go unheard
            counts[weakest.article.id] -= len(group)
            dropped.extend(group)
            drops += 1
            freed = room + sum(_words(c) for c in dropped)
            fitting = [best] if _words(best) <= freed else []
            if drops > 1 or not fitting:  # one drop is not enough for the best: any that fits
                fitting = [c for c in own if _words(c) <= freed]
        if not fitting:
            continue
        for weakest in dropped:
            chosen.remove(weakest)
            continuations.discard(weakest.row)
            room += _words(weakest)
        best = max(fitting, key=lambda c: c.score)
        chosen.append(best)
        state.add(best.row)
        room -= _words(best)
        cited.add(article_id)
    return chosen


def _words(candidate: Candidate) -> int:
    return len(candidate.sentence.text.split())
