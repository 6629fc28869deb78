"""select(): budget, redundancy, standalone bullets and source coverage, on real Wikinews texts."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import DEMO_CORPUS, require
from quickread.digest import select as select_module
from quickread.digest.options import DigestOptions
from quickread.digest.rank import FEATURES, RankedStory, rank_story
from quickread.digest.select import REDUNDANT_SIMILARITY, Selection, select
from quickread.digest.standalone import Fitness, fitness
from quickread.model import Article
from quickread.text.article import build_article

WIKINEWS = DEMO_CORPUS


@pytest.fixture(scope="module")
def wikinews() -> list[Article]:
    lines = require(WIKINEWS, "the Wikinews demo articles").read_text(encoding="utf-8").splitlines()
    articles = []
    for line in lines[:40]:
        record = json.loads(line)
        articles.append(build_article(id=record["id"], raw_text=record["text"], title=record["title"]))
    return [a for a in articles if len(a.sentences) >= 8]


@pytest.mark.parametrize("budget", [25, 60, 120, 230])
def test_selection_stays_within_the_word_budget(wikinews: list[Article], budget: int) -> None:
    for start in range(0, 12, 3):
        story = rank_story(wikinews[start : start + 3])
        chosen = select(story, DigestOptions(max_words=budget))
        used = sum(len(c.sentence.text.split()) for c in (*chosen.lede, *chosen.key_points))
        assert used <= budget


def test_no_two_points_say_the_same_thing(wikinews: list[Article]) -> None:
    story = rank_story(wikinews[:3])
    chosen = select(story, DigestOptions())
    rows = [c.row for c in (*chosen.lede, *chosen.key_points)]
    pairs = story.similarity[np.ix_(rows, rows)] - np.eye(len(rows)) * 2.0
    assert pairs.max() < REDUNDANT_SIMILARITY


def test_key_points_stand_alone_and_the_lede_reads_in_order(wikinews: list[Article]) -> None:
    for start in range(0, 12, 2):
        chosen = select(rank_story(wikinews[start : start + 2]), DigestOptions(max_words=150))
        _assert_points_stand_alone_or_continue(chosen)
        assert chosen.lede and chosen.lede[0].fitness is Fitness.GOOD
        if len(chosen.lede) == 2:  # the second lede sentence follows the first in the same article
            first, second = chosen.lede
            assert second.article is first.article
            assert second.sentence.index == first.sentence.index + 1


def _assert_points_stand_alone_or_continue(chosen: Selection) -> None:
    """A point stands alone, or it is the next sentence of the point right before it, marked as continuing."""
    for number, point in enumerate(chosen.key_points):
        if point.row not in chosen.continuations:
            assert point.fitness is Fitness.GOOD
            continue
        assert point.fitness is Fitness.DEPENDENT and number > 0
        before = chosen.key_points[number - 1]
        assert before.row not in chosen.continuations  # one continuation a point
        assert before.article is point.article and before.sentence.index + 1 == point.sentence.index


def test_every_source_with_its_own_facts_is_heard(wikinews: list[Article]) -> None:
    # Three unrelated reports: each has facts of its own, so each must be cited by the lede or a point.
    articles = [wikinews[0], wikinews[5], wikinews[10]]
    chosen = select(rank_story(articles), DigestOptions(max_words=120))
    cited = {c.article.id for c in (*chosen.lede, *chosen.key_points)}
    assert cited == {a.id for a in articles}


def test_point_limit_is_the_budget_unless_max_points_is_set() -> None:
    assert DigestOptions().point_limit == 9  # no budget: a 5-9 point Quick Read
    assert DigestOptions(max_words=400).point_limit >= 400  # the budget bounds the points
    explicit = DigestOptions(min_points=1, max_points=4, max_words=400)
    assert explicit.point_limit == 4  # an explicit limit is kept
    with pytest.raises(ValueError):
        DigestOptions(min_points=10)


def _bullets(selection: Selection) -> int:
    """Points as shown: a continuation sits in the bullet of the point it continues."""
    return len(selection.key_points) - len(selection.continuations)


def test_a_large_budget_is_not_cut_at_nine_points(wikinews: list[Article]) -> None:
    story = rank_story(wikinews[:6])
    unbounded = select(story, DigestOptions(max_words=2000))
    assert _bullets(select(story, DigestOptions())) <= 9
    assert _bullets(unbounded) > 9
    assert _bullets(select(story, DigestOptions(max_points=9, max_words=2000))) <= 9


@pytest.mark.parametrize(
    "sentence",
    [
        "In March, he debuted as the heel Brodie Lee, leader of the villainous faction The Dark Order.",
        '"I have lost not only a friend but a brother!"',
        '"This is a new government with a very exciting agenda".',
        "After the vote, their leaders met in Baghdad to discuss the withdrawal plan.",
        "We started homeschooling, and it was very efficient.",
        "I thought that Jim Parsons was going to win again.",
        "Because it may be time we all moved to Sweden.",
        "Again, I hark back to Band of Brothers.",
        # shapes the issue-10 audit found leaning on an earlier sentence (our own wording)
        "The victim recently disclosed the assaults to a teacher, police said.",
        "The 27-year-old has been placed under a curfew until June.",
        "The other boy, 8-year-old Daniel Ruiz, died after being taken to hospital.",
        '"It was like finding a treasure chest," the couple told reporters.',
        "At the time, lawmakers from every party supported the change.",
        "Since then she has had four operations on her legs.",
        "For example, the campaign answered within minutes on social media.",
    ],
)
def test_sentences_that_hide_their_actor_are_not_bullets_alone(sentence: str) -> None:
    assert fitness(sentence) is Fitness.DEPENDENT


def test_an_opening_sentence_may_name_its_subject_by_a_description() -> None:
    """A lead is written to be read first: "The suspect ..." there is the story's own suspect."""
    sentence = "The suspect was shot several times outside a bank in Denver on Friday, police said."
    assert fitness(sentence, opens_article=True) is Fitness.GOOD
    assert fitness(sentence) is Fitness.DEPENDENT
    assert fitness("He was shot several times outside a bank in Denver.", opens_article=True) is (
        Fitness.DEPENDENT
    )


def test_a_quote_with_its_speaker_stands_alone() -> None:
    quote = (
        "“We stress our firm position in ending the coalition,” Sudani was quoted as saying in the statement."
    )
    assert fitness(quote) is Fitness.GOOD


def _covered_weight(story: RankedStory, rows: list[int]) -> float:
    weights = select_module._concept_weights(story)
    return float(weights[story.concepts[rows].sum(axis=0) > 0].sum())


def test_concept_weight_sums_each_articles_earliest_statement(two_sources: list[Article]) -> None:
    story = rank_story(two_sources)
    weights = select_module._concept_weights(story)
    position = story.features[:, FEATURES.index("position")]
    for column in range(story.concepts.shape[1]):
        expected = 0.0
        for article in two_sources:
            stating = [
                c.sentence.index
                for c in story.candidates
                if c.article is article and story.concepts[c.row, column] > 0
            ]
            if stating:
                expected += 1.0 / np.sqrt(1.0 + min(stating))
        assert weights[column] == pytest.approx(expected)
    assert position.max() == pytest.approx(1.0)
    # stated by both reports (the killing, the vote): more weight than anything only one of them says
    both = [
        column
        for column in range(story.concepts.shape[1])
        if len({c.article.id for c in story.candidates if story.concepts[c.row, column] > 0}) == 2
    ]
    assert both and weights[both].max() > 1.0 >= weights.min()


# Not 100 words: there, since a sentence opening with "The" and a common noun leans on the one before
# (issue 10), the greedy takes two such sentences, each with the sentence it leans on as one bullet, and
# covers 48.35 against score order's 49.60 (score order takes standalone sentences only).
@pytest.mark.parametrize("budget", [40, 60, 150])
def test_coverage_selection_states_more_of_the_story_than_score_order(
    two_sources: list[Article], budget: int
) -> None:
    story = rank_story(two_sources)
    chosen = select(story, DigestOptions(max_words=budget))
    rows = [c.row for c in (*chosen.lede, *chosen.key_points)]
    # the same lede, then the best-scored standalone, non-redundant sentences that fit
    order = [c.row for c in chosen.lede]
    used = sum(len(c.sentence.text.split()) for c in chosen.lede)
    for candidate in sorted(story.candidates, key=lambda c: -c.score):
        size = len(candidate.sentence.text.split())
        if (
            candidate.fitness is Fitness.GOOD
            and candidate.row not in order
            and used + size <= budget
            and all(story.similarity[candidate.row, row] < REDUNDANT_SIMILARITY for row in order)
        ):
            order.append(candidate.row)
            used += size
    assert _covered_weight(story, rows) > _covered_weight(story, order)
    assert sum(len(story.candidates[row].sentence.text.split()) for row in rows) <= budget


def test_a_greedy_that_favours_short_sentences_keeps_the_rules(
    two_sources: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a steep cost exponent makes the greedy prefer short sentences; the single-sentence check and the
    # product rules (budget, standalone points, no restatement) must hold all the same
    monkeypatch.setattr(select_module, "COST_EXPONENT", 4.0)
    story = rank_story(two_sources)
    for budget in (40, 60, 100):
        chosen = select(story, DigestOptions(max_words=budget))
        rows = [c.row for c in (*chosen.lede, *chosen.key_points)]
        assert sum(len(story.candidates[row].sentence.text.split()) for row in rows) <= budget
        assert chosen.key_points
        _assert_points_stand_alone_or_continue(chosen)
        pairs = story.similarity[np.ix_(rows, rows)] - np.eye(len(rows)) * 2.0
        assert pairs.max() < REDUNDANT_SIMILARITY


@pytest.mark.parametrize(
    "sentence",
    [
        "US officials said the talks in Geneva had failed on Friday.",
        "Because of the storm, flights out of Denver were cancelled on Friday.",
        'The Rockies said fans can exchange them for corrected jerseys at a date "to be announced."',
        "I-95 was closed for six hours on Friday after the crash.",
        "In March, the minister (who was elected in 2019) resigned over the contract.",
        'Protesters outside the ministry carried a banner that asked "Who is next?"',
        "NASA, the FBI and the CIA met officials of the EU and NATO on Friday in Brussels.",
    ],
)
def test_sentences_that_name_their_actor_stand_alone(sentence: str) -> None:
    assert fitness(sentence) is Fitness.GOOD


@pytest.mark.parametrize(
    "text",
    [
        "As The Post's Philip Rucker, Robert Costa and",  # a NeuS excerpt cut mid-sentence
        "Good Country Index Is Released, US Not In The Top 20",  # a headline line
        "A parking lot in Scotland was once the site of a Viking parliament, new research suggests",
        "Except seven of those ten children all went to college by the age of twelve (so far!",
        "LOCAL 6 COVERED THIS LOTTERY WINNER BEFORE.",  # a broadcast transcript, shouted
        "Reporter: FOR 12 YEARS HIS MUG SHOT HAS APPEARED ON THE STATE'S SEX OFFENDER REGISTRY.",
        "“We repeatedly made clear the standard for publication was a witness,” Mr.",  # cut before the name
    ],
)
def test_what_is_not_a_whole_sentence_is_not_a_bullet(text: str) -> None:
    assert fitness(text) is Fitness.UNFIT


def test_an_excerpt_cut_off_by_an_ellipsis_is_not_a_bullet() -> None:
    assert fitness("The $150 billion program, known as the CEPP, is the most sweeping...") is Fitness.UNFIT
    assert fitness("The program, known as the CEPP, is the most sweeping climate measure in the bill…") is (
        Fitness.UNFIT
    )
