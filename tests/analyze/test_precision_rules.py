"""The issue-10 rules that keep wrong claims off the page, each on a sentence of the shape the audit found.

The sentences are our own (the audit's sources are research-only); the audit itself is bench/audit.py, with
its floors in test_audit_floor.py.
"""

from __future__ import annotations

import pytest

from quickread.analyze.agreement import same_event
from quickread.analyze.figures import find_figures, with_tags
from quickread.analyze.models import NlpModels, load_models
from quickread.analyze.ner import SentenceRef, recognise
from quickread.analyze.ranking import key_figures, shown_entities
from quickread.analyze.story import analyze_story
from quickread.model import Article, Digest, Entity, EntityKind, Figure, FigureKind, Mention
from quickread.text.article import build_article


@pytest.fixture(scope="module")
def models() -> NlpModels:
    return load_models()


def _article(text: str, source: str = "Test") -> Article:
    return build_article(id=source.lower(), raw_text=text, source=source)


def _counts(text: str, models: NlpModels | None = None) -> list[Figure]:
    article = _article(text)
    figures = find_figures(article)
    if models is not None:
        refs = [SentenceRef(article, sentence) for sentence in article.sentences]
        figures = with_tags(article, figures, recognise(models, [], tag_also=refs).sentence_tags(article.id))
    return [f for f in figures if f.kind is FigureKind.COUNT]


@pytest.mark.parametrize(
    "text",
    [
        "The band's 1995 album was reissued on Friday.",  # a year, not 1,995 albums
        "Viewers of Channel 4 reported the fire on Friday.",  # a name
        "The singer, who is 42 years old, cancelled the tour.",  # an age
        "Officials said the device was off by 20 beats per minute.",  # a rate
        "Britain ranked 111th out of 133 countries on the measure.",  # a rank's total
        "Police said between 20,000 and 30,000 people attended the rally.",  # a range's upper end
        "One hundred and three patients took part in the trial.",  # the tail of a number word
        "The workers went on strike for 16 years in a row.",  # a duration
    ],
)
def test_numbers_that_count_nothing_are_no_counts(text: str) -> None:
    assert _counts(text) == []


def test_the_tagger_finds_the_counted_noun_behind_adjectives(models: NlpModels) -> None:
    (figure,) = _counts("The city swore in two new officers on Monday.", models)
    assert figure.unit == "officers" and figure.label == "two new officers"
    (toll,) = _counts(
        "Israeli airstrikes killed at least 230 Palestinians in the city, officials said.", models
    )
    assert toll.unit == "Palestinians killed" and toll.value == 230


def test_a_number_naming_a_thing_is_not_a_count(models: NlpModels) -> None:
    assert _counts("The family played the 911 call to the jury on Tuesday.", models) == []


def test_small_counts_in_words_are_not_key_figures() -> None:
    figures = _counts("Two women and 1,200 nurses joined the strike in Leeds on Monday.")
    assert [f.text for f in figures] == ["Two", "1,200"]
    assert [f.text for f in key_figures(figures, set())] == ["1,200"]


def test_conflicts_need_one_event() -> None:
    first = _counts("Eight people including three children were injured in the gas explosion on Monday.")
    second = _counts("Eight people, including two children, were injured in Monday's gas explosion.")
    other = _counts("Two children were hurt when a school bus crashed on the motorway.")
    children = [f for f in (*first, *second, *other) if f.unit == "children"]
    assert len(children) == 3
    assert same_event(children[0], children[1])
    assert not same_event(children[0], children[2])


def _speaker(text: str, models: NlpModels) -> str:
    analysis = analyze_story(
        Digest(headline="", headline_article=None, lede=(), key_points=(), articles=(_article(text),)), models
    )
    quotes = [*analysis.quotes, *(r.quote for r in analysis.rejected_quotes)]
    assert len(quotes) == 1
    return quotes[0].speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a name inside the quote is never its speaker, nor what "he" after it stands for
        (
            "Mourners gathered in Queens on Sunday.\n\n"
            '"I want to salute this beautiful soul, Fatima Johnson, may she rest in peace," he wrote.',
            "",
        ),
        # a title's full stop is crossed to the name after it
        (
            "Two ships collided near Yokosuka on Saturday.\n\n"
            '"Right now we are focused on the safety of the ship," said Adm. Scott Swift, the commander.',
            "Scott Swift",
        ),
        # "he" between two people is left unattributed
        (
            "Michael Dunn spoke to his fiancee Rhonda Rouer from the jail in Jacksonville.\n\n"
            'Later in the call, he said, "I was in a room by myself all week."',
            "",
        ),
    ],
)
def test_the_speaker_shown_is_the_one_the_text_settles(text: str, speaker: str, models: NlpModels) -> None:
    assert _speaker(text, models) == speaker


def test_he_after_a_quote_is_its_speaker_and_nothing_else(models: NlpModels) -> None:
    """A pronoun continues the speaker of the quote before it; with no quote before, it is the subject of the
    sentence before when that sentence names nobody else (session 7; the looser "only person named nearby"
    was wrong one time in six, and none of those wrong speakers comes back on the audit)."""
    chained = (
        'Michael Dunn spoke from the jail in Jacksonville. "I was attacked," Dunn said on Monday.\n\n'
        'Later in the call, he said, "I was in a room by myself all week."'
    )
    analysis = analyze_story(
        Digest(headline="", headline_article=None, lede=(), key_points=(), articles=(_article(chained),)),
        models,
    )
    assert [q.speaker for q in analysis.quotes] == ["Michael Dunn", "Michael Dunn"]
    alone = (
        "Michael Dunn called from the jail in Jacksonville on Monday.\n\n"
        'Later in the call, he said, "I was in a room by myself all week."'
    )
    assert _speaker(alone, models) == "Michael Dunn"
    object_of_the_sentence = (
        "Police arrested Michael Dunn in Jacksonville on Monday.\n\n"
        'Later, she said, "I was in a room by myself all week."'
    )
    assert _speaker(object_of_the_sentence, models) == ""


def _entity(name: str, kind: EntityKind, votes: int) -> Entity:
    return Entity(name, kind, (Mention("a", 0, len(name), name),), kind_votes=votes)


def test_only_entities_whose_kind_is_sure_are_shown() -> None:
    entities = [
        _entity("Conrad", EntityKind.PERSON, 3),  # one word: a first name, or a surname never completed
        _entity("Conrad Anker", EntityKind.PERSON, 1),
        _entity("Pittsburgh", EntityKind.PLACE, 1),  # once: a team as often as a city
        _entity("Colorado Rockies", EntityKind.ORGANIZATION, 2),
    ]
    assert [e.name for e in shown_entities(entities)] == ["Conrad Anker", "Colorado Rockies"]


def test_names_glued_cut_or_shouted_are_not_entities(models: NlpModels) -> None:
    article = _article(
        "The actor George Takei April told fans about the race.\n\n"
        "Press Secretary Sarah Sanders spoke in WASHINGTON on Monday about the plan.\n\n"
        'Critics panned the remake of "Evil Dead" at the festival in Austin.'
    )
    refs = [SentenceRef(article, sentence) for sentence in article.sentences]
    names = {span.text for span in recognise(models, refs).spans}
    assert not names & {"George Takei April", "Press", "WASHINGTON", "Evil Dead"}


def test_a_quote_after_its_speakers_attribution_continues_it(models: NlpModels) -> None:
    text = (
        "The club handed out the shirts on Saturday.\n\n"
        '"It was a mistake and we are sorry," usher Leon Thomas told the AP. "We will fix every shirt."'
    )
    analysis = analyze_story(
        Digest(headline="", headline_article=None, lede=(), key_points=(), articles=(_article(text),)), models
    )
    assert [q.speaker for q in analysis.quotes] == ["Leon Thomas", "Leon Thomas"]


def test_a_quote_running_over_paragraphs_keeps_its_speaker(models: NlpModels) -> None:
    text = (
        "The club handed out the shirts on Saturday.\n\n"
        '"It was a mistake and we are sorry," usher Leon Thomas said.\n\n'
        '"We will fix every shirt before the next game."'
    )
    analysis = analyze_story(
        Digest(headline="", headline_article=None, lede=(), key_points=(), articles=(_article(text),)), models
    )
    assert [q.speaker for q in analysis.quotes] == ["Leon Thomas", "Leon Thomas"]
