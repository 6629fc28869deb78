"""Choosing the lede and the key points: best-scored, non-redundant, within the budget, every source heard."""

from __future__ import annotations

from dataclasses import dataclass

from quickread.digest.options import DigestOptions
from quickread.digest.rank import Candidate, RankedStory
from quickread.digest.standalone import Fitness

# Above this cosine a candidate repeats an already chosen sentence (read on the seed: 0.45+ pairs restate
# the same fact in other words).
REDUNDANT_SIMILARITY = 0.45
# Maximal marginal relevance: how much similarity to chosen sentences lowers a candidate's score.
MMR_PENALTY = 0.5
LEDE_MAX_WORDS = 70


@dataclass(frozen=True, slots=True)
class Selection:
    lede: tuple[Candidate, ...]
    key_points: tuple[Candidate, ...]


def select(story: RankedStory, options: DigestOptions) -> Selection:
    budget = options.max_words if options.max_words is not None else 10**9
    lede = _choose_lede(story, options, budget)
    used = sum(_words(c) for c in lede)
    chosen: list[Candidate] = []
    pool = [c for c in story.candidates if c.fitness is Fitness.GOOD and c not in lede]
    while len(chosen) < options.max_points and pool:
        best = max(pool, key=lambda c: c.score - MMR_PENALTY * _max_similarity(story, c, [*lede, *chosen]))
        pool.remove(best)
        if _max_similarity(story, best, [*lede, *chosen]) >= REDUNDANT_SIMILARITY:
            continue
        if used + _words(best) > budget:
            continue
        chosen.append(best)
        used += _words(best)
    chosen = _cover_every_source(story, options, [*lede], chosen, budget - used)
    return Selection(tuple(lede), tuple(chosen))


def _choose_lede(story: RankedStory, options: DigestOptions, budget: int) -> list[Candidate]:
    """The opening sentences of the article whose opening best represents the story."""
    openings = [
        c for c in story.candidates if c.fitness is Fitness.GOOD and c.sentence.index <= 2 and _words(c) <= budget
    ]
    if not openings:
        return []
    first = max(openings, key=lambda c: c.score)
    lede = [first]
    if options.lede_sentences == 2:
        following = [
            c for c in story.candidates
            if c.article is first.article and c.sentence.index == first.sentence.index + 1
            and c.fitness is not Fitness.UNFIT
        ]
        if following and _words(first) + _words(following[0]) <= min(LEDE_MAX_WORDS, budget):
            lede.append(following[0])
    return lede


def _cover_every_source(story: RankedStory, options: DigestOptions, lede: list[Candidate],
                        chosen: list[Candidate], room: int) -> list[Candidate]:
    """Give each article that has a fact of its own at least one key point."""
    cited = {c.article.id for c in [*lede, *chosen]}
    for article_id in dict.fromkeys(c.article.id for c in story.candidates):
        if article_id in cited:
            continue
        own = [
            c for c in story.candidates
            if c.article.id == article_id and c.fitness is Fitness.GOOD
            and _max_similarity(story, c, [*lede, *chosen]) < REDUNDANT_SIMILARITY
        ]
        if not own:
            continue  # everything it says is already said: it is cited as support instead
        best = max(own, key=lambda c: c.score)
        if len(chosen) >= options.max_points:
            replaceable = [c for c in chosen if sum(o.article.id == c.article.id for o in [*lede, *chosen]) > 1]
            if not replaceable:
                continue
            weakest = min(replaceable, key=lambda c: c.score)
            if _words(best) > room + _words(weakest):
                continue
            chosen.remove(weakest)
            room += _words(weakest)
        elif _words(best) > room:
            continue
        chosen.append(best)
        room -= _words(best)
        cited.add(article_id)
    return chosen


def _max_similarity(story: RankedStory, candidate: Candidate, others: list[Candidate]) -> float:
    if not others:
        return 0.0
    return float(max(story.similarity[candidate.row, other.row] for other in others))


def _words(candidate: Candidate) -> int:
    return len(candidate.sentence.text.split())
