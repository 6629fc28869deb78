"""Key points that stand alone (issue 10): a definite subject the bullet does not name leans on the sentence
before it; page furniture is never a bullet. Sentences are our own, modelled on news shapes."""

from __future__ import annotations

import pytest

from quickread.digest.rank import rank_story
from quickread.digest.select import _pair_rows
from quickread.digest.standalone import Fitness, Reading, fitness, fitness_as
from quickread.text.article import build_article

BILL = "The bill passed the Senate 52-48 on Tuesday after a week of debate."


def test_a_bill_named_only_as_the_bill_leans_on_the_sentence_before() -> None:
    assert fitness(BILL) is Fitness.DEPENDENT
    described = "The legislation passed the House 220-210 on Friday after a night of debate."
    assert fitness(described) is Fitness.DEPENDENT
    # an article's first sentence is read first: "The legislation" there is the story's own
    assert fitness(described, opens_article=True) is Fitness.GOOD
    # the lede is read under the headline, which names the story; a name near the subject is enough there
    assert fitness_as(described, Reading.LEDE) is Fitness.GOOD


def test_after_the_sentence_naming_the_bill_it_is_its_continuation() -> None:
    article = build_article(
        id="senate",
        raw_text=(
            "Lawmakers in Washington debated water rules for a week. "
            "Senators on Monday took up the Clean Rivers Act, a bill that caps runoff from large farms. "
            f"{BILL} "
            "Farm groups in Iowa said they would challenge the limits in federal court."
        ),
        title="Senate passes Clean Rivers Act",
    )
    story = rank_story([article])
    texts = [c.sentence.text for c in story.candidates]
    row = texts.index(BILL)
    assert story.candidates[row - 1].fitness is Fitness.GOOD
    assert bool(_pair_rows(story)[row])  # selectable only as one bullet with the sentence naming the bill


@pytest.mark.parametrize(
    "sentence",
    [
        "The film begins where most Kong movies end, with the ape swatting planes from the sky.",
        "The price hike in June marked the largest one-month jump since 2008.",
        "The actress wore a black sequined gown from Marc Jacobs to the gala.",
        "The other boy, 8-year-old Daniel Ruiz, died after being taken to hospital.",
        "The same court rejected a similar appeal from Texas in 2019.",
        "Lehmkuhl was, however, a prolific poster on Twitter during council meetings.",
    ],
)
def test_bullets_that_lean_on_an_unshown_sentence_are_dependent(sentence: str) -> None:
    assert fitness(sentence) is Fitness.DEPENDENT


@pytest.mark.parametrize(
    "sentence",
    [
        "The patient, Richard Plotts, was in critical condition on Thursday night.",
        "The family of Chris Lane said on Friday that they were heartbroken.",
        "The spokesman for the Pentagon, John Kirby, said the strike killed two fighters.",
        "The longest escalator on the network is the 60-metre stair at Angel station.",
        "The Senate passed the measure 52-48 on Tuesday after a week of debate.",
        "US officials said the talks in Geneva had failed on Friday.",
    ],
)
def test_bullets_that_name_their_subject_stand_alone(sentence: str) -> None:
    assert fitness(sentence) is Fitness.GOOD


@pytest.mark.parametrize(
    "sentence",
    [
        "Jane Roe and Sam Lee contributed to this report.",
        "When you tweet with a location, Twitter stores that location.",
        "Image The mayor's spokeswoman, Ann Lee, said on Wednesday that the contract was signed.",
        "A student turned to part-time work after her loan ran out (picture posed by model) in London.",
        # a section label or a list heading in capitals glued to the sentence by the page
        "Why it matters: The G7 countries have been criticised for not sharing vaccines with poorer nations.",
        "ONLINE PLANNING IS ON THE RISE: Couples are researching gowns and venues on their phones.",
        # a photo caption: position marks, or the place and full date it closes with
        "Activist Zainab al-Khawaja (L) is greeted by a friend after her release from prison in Budaiya.",
        "Protesters march past the parliament building in central Athens, west of the port, June 3, 2015.",
        # a poll's method note, a list item with its number, a sentence cut before the names its title leads
        "The poll was conducted among 1,006 adults and its overall margin of sampling error is 3.5 points.",
        "6. The movie Troy with Brad Pitt is one he likes to watch over and over again.",
        "Republicans won't take part after Pelosi rejected two members he chose for the panel, Reps.",
    ],
)
def test_page_furniture_is_never_a_bullet(sentence: str) -> None:
    assert fitness(sentence) is Fitness.UNFIT
    assert fitness(sentence, opens_article=True) is Fitness.UNFIT


def test_a_sentence_introducing_a_quote_is_no_glued_label() -> None:
    assert fitness("Nancy Pelosi said: “We will pass the bill this week and send it on.”") is Fitness.GOOD


@pytest.mark.parametrize(
    "sentence",
    [
        # a release in its writer's voice, outside quotation marks: shown alone, it reads as the page's claim
        "After reading the Attorney General's summary, I am pleased to learn that no charges follow.",
        "This week the House passed our bill to lower the cost of insulin for seniors.",
    ],
)
def test_a_sentence_in_the_writers_own_voice_leans_on_who_wrote_it(sentence: str) -> None:
    assert fitness(sentence) is Fitness.DEPENDENT
    assert fitness(sentence, opens_article=True) is Fitness.DEPENDENT


def test_first_person_inside_a_quote_or_a_road_name_is_no_writers_voice() -> None:
    assert fitness("Pelosi said on Tuesday that “we will pass the bill this week”.") is Fitness.GOOD
    assert fitness("I-95 was closed for six hours on Friday after the crash.") is Fitness.GOOD


def test_a_date_after_a_weekday_is_no_caption() -> None:
    assert fitness("California's rent cap takes effect across the state on Wednesday, January 1, 2020.") is (
        Fitness.GOOD
    )
