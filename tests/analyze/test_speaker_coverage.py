"""Session 7 (issue 10, speakers): quotes that used to be withheld as unattributed get the speaker the text
settles, and the shapes that would give a wrong one stay withheld.

The sentences are our own (the audit's sources are research-only). Entities are given by hand, so these
tests check the attribution rules alone, without the recogniser: each name listed is found wherever it (or
its surname) is written.
"""

from __future__ import annotations

import re

import pytest

from quickread.analyze.quotes import find_quotes
from quickread.analyze.speakers import attribute
from quickread.model import Entity, EntityKind, Mention
from quickread.text.article import build_article


def _speakers(text: str, people: tuple[str, ...] = (), places: tuple[str, ...] = ()) -> list[str]:
    """The speaker shown for each quote of the text ("" when withheld)."""
    article = build_article(id="a", raw_text=text, source="Test")
    entities = []
    for name, kind in [*((p, EntityKind.PERSON) for p in people), *((p, EntityKind.PLACE) for p in places)]:
        forms = {name, name.split()[-1]} if kind is EntityKind.PERSON else {name}
        pattern = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        mentions = tuple(
            Mention("a", m.start(), m.end(), m.group(0))
            for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", article.text)
        )
        entities.append(Entity(name, kind, mentions))
    found = attribute(article, find_quotes(article), entities)
    return [speaker.name if speaker else "" for speaker in found]


@pytest.mark.parametrize(
    ("text", "people", "speakers"),
    [
        # "she said" after a sentence whose subject is the only person named
        (
            "Karen Vecchio said she sees the anthem as a tradition.\n\n"
            '"This is our national anthem, and we have sung it for decades," she said.',
            ("Karen Vecchio",),
            ["Karen Vecchio"],
        ),
        # the subject past an apposition and a verb that is no speech verb
        (
            "Guitarist Jimmy Page, 70, has spent two years in the vaults.\n\n"
            '"I do not want somebody else to do it," he says.',
            ("Jimmy Page",),
            ["Jimmy Page"],
        ),
        # an opening phrase and a party tag before the verb
        (
            "But Sen. John Cornyn (R-Texas) dismissed such concerns. "
            'A tax increase would "never pass the House at all," he said.',
            ("John Cornyn",),
            ["John Cornyn"],
        ),
        # the inverted attribution ", says Riese" names the one a later "she" stands for
        (
            "The cup is not a perfect fit for the chain, says Riese, but, she adds, "
            '"it is not off-brand, either."',
            ("Tracey Riese",),
            ["Tracey Riese"],
        ),
    ],
)
def test_a_pronoun_stands_for_the_subject_just_before(
    text: str, people: tuple[str, ...], speakers: list[str]
) -> None:
    assert _speakers(text, people) == speakers


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # the only person named is the object, not the subject
        (
            "Police arrested Michael Dunn in Jacksonville on Monday.\n\n"
            '"I was in a room by myself all week," she said.',
            ("Michael Dunn",),
        ),
        # a person in the possessive: the subject is someone else ("Smith's wife")
        (
            "At some point, Smith's wife had gotten out of the car.\n\n"
            '"I need an ambulance right now!" she cried.',
            ("Will Smith",),
        ),
        # two people in the sentence: the pronoun may stand for either
        (
            "Sollecito said Knox left his apartment to take a shower.\n\n"
            '"Certainly I asked her some questions," he said.',
            ("Raffaele Sollecito", "Amanda Knox"),
        ),
        # a capitalised name the recogniser missed comes between
        (
            "Demoski said he struggled with alcohol. Then Ruth Ellis spoke to the crowd.\n\n"
            '"It is ruining my whole life," he said.',
            ("Arnold Demoski",),
        ),
        # the article calls the subject "Ms", the pronoun is "he"
        (
            "Ms. Jordan was at home on Monday.\n\nJordan called the station.\n\n"
            '"We heard three strong explosions," he said.',
            ("Ann Jordan",),
        ),
        # "she recalls him saying": the words are the man's, not hers
        (
            "Gillibrand describes a senator who squeezed her waist. "
            '"Do not lose too much weight now," she recalls him saying.',
            ("Kirsten Gillibrand",),
        ),
    ],
)
def test_a_pronoun_the_text_does_not_settle_stays_withheld(text: str, people: tuple[str, ...]) -> None:
    assert _speakers(text, people) == [""]


def test_a_quote_after_the_whole_attribution_of_the_one_before_continues_it() -> None:
    text = (
        '"This was surprising to all of us," said Catharine Winstanley, senior author of the study and an '
        'associate professor of psychology. "Unfortunately, that did not appear to be the case."'
    )
    assert _speakers(text, ("Catharine Winstanley",)) == ["Catharine Winstanley"] * 2


def test_a_quote_with_its_own_attribution_does_not_continue_the_one_before() -> None:
    own = (
        '"We will fix every shirt by Monday," Leon Thomas said on Saturday. "The order was wrong from the '
        'start," the agency said.'
    )
    assert _speakers(own, ("Leon Thomas",)) == ["Leon Thomas", ""]


@pytest.mark.parametrize(
    ("text", "people", "speaker"),
    [
        # "X, the Y, said": the name before its apposition
        (
            '"Today\'s decisions will put pressure on the regime," Catherine Ashton, '
            "the foreign policy chief, said in a statement.",
            ("Catherine Ashton",),
            "Catherine Ashton",
        ),
        # a party tag after the name, the sentence going on after it
        (
            '"This deal does not even attempt to be balanced," Rep. Raul Grijalva (D-AZ) said on Sunday.',
            ("Raul Grijalva",),
            "Raul Grijalva",
        ),
        # an age after the name
        ('"He is just not feeling very well," Fischetti, 43, said.', ("Brad Fischetti",), "Brad Fischetti"),
        # abbreviations inside the name do not end it
        (
            '"Citizens of the District do not want this," said D.C. Council member Phil Mendelson, '
            "a chairman.",
            ("Phil Mendelson",),
            "Phil Mendelson",
        ),
        # a band before its member's role: the member
        (
            '"Marty and I were young together," Jefferson Airplane guitarist Jorma Kaukonen wrote on '
            "his blog.",
            ("Jefferson Airplane", "Jorma Kaukonen"),
            "Jorma Kaukonen",
        ),
        # but a verb between two names: the first
        (
            'Mercer called Magerman and said, "I hear you are going around saying things."',
            ("Robert Mercer", "David Magerman"),
            "Robert Mercer",
        ),
        # an auxiliary before the speech verb
        (
            "Defense lawyer Jack McMahon had argued Tuesday "
            '"there is not one piece of evidence at all" there.',
            ("Jack McMahon",),
            "Jack McMahon",
        ),
        # a participle clause hangs the quote on the sentence's subject
        (
            "Judge Robert Pitman granted the request on Wednesday, saying "
            '"this Court will not sanction one more day of it."',
            ("Robert Pitman",),
            "Robert Pitman",
        ),
        # a quote that opens its paragraph after "X, who said:"
        (
            "That is according to the director Caitlin Checkett, who said:\n\n"
            '"So whether it was a tweet or a post, it had to be approved."',
            ("Caitlin Checkett",),
            "Caitlin Checkett",
        ),
        # "of <place>" after the name is where the person is from
        (
            '"When I get together with him, I can get things done," said Mayor Stephanie Miner of Syracuse.',
            ("Stephanie Miner",),
            "Stephanie Miner",
        ),
    ],
)
def test_attribution_forms_name_the_speaker(text: str, people: tuple[str, ...], speaker: str) -> None:
    assert _speakers(text, people, places=("Syracuse",)) == [speaker]


def test_a_name_after_told_is_the_listener_not_the_speaker() -> None:
    text = (
        "The tourists held the attacker down, Kvarzell told Mark Info.\n\n"
        '"We do not have any authority on the train," he said.'
    )
    assert _speakers(text, ("Samuel Kvarzell", "Mark Info")) == [""]
