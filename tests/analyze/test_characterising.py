"""Issue 10, speakers: a partial quote woven into a sentence by a verb of characterising ("called the report
“...”", "described it as “...”") is the words of the sentence's subject when the text settles who that is.

The sentences are invented. Entities are given by hand (each person is found wherever the full name or the
surname is written), so these tests check the attribution rule alone, without the recogniser.
"""

from __future__ import annotations

import re

import pytest

from quickread.analyze.quotes import find_quotes
from quickread.analyze.speakers import attribute
from quickread.model import Entity, EntityKind, Mention
from quickread.text.article import build_article


def _speakers(text: str, people: tuple[str, ...]) -> list[str]:
    """The speaker shown for each quote of the text ("" when withheld)."""
    article = build_article(id="a", raw_text=text, source="Test")
    entities = []
    for name in people:
        forms = sorted({name, name.split()[-1]}, key=len, reverse=True)
        pattern = "|".join(re.escape(form) for form in forms)
        mentions = tuple(
            Mention("a", m.start(), m.end(), m.group(0))
            for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", article.text)
        )
        entities.append(Entity(name, EntityKind.PERSON, mentions))
    found = attribute(article, find_quotes(article), entities)
    return [speaker.name if speaker else "" for speaker in found]


@pytest.mark.parametrize(
    ("text", "people", "speaker"),
    [
        # a full name right before "called", the quote after the object
        (
            "Senator Ann Ruiz called the report “a shameless partisan hoax” on Monday.",
            ("Ann Ruiz",),
            "Ann Ruiz",
        ),
        # a surname the article named in full before; "described ... as"
        (
            "Tom Baker spoke first.\n\nLater Baker described the plan as “a disaster for every family”.",
            ("Tom Baker",),
            "Tom Baker",
        ),
        # an apposition between the name and the verb, naming someone else inside it
        (
            "Mark Hale, a lawyer who once represented Ruth Dunn, dismissed the claims as “utter nonsense "
            "from start to finish”.",
            ("Mark Hale", "Ruth Dunn"),
            "Mark Hale",
        ),
        # a person in the possessive in the object: whose remarks the subject characterises
        (
            "Vera Lind branded Paul Ost’s remarks “cruel and beneath the office”.",
            ("Vera Lind", "Paul Ost"),
            "Vera Lind",
        ),
        # a day and an adverb between the subject and the verb
        (
            "Ann Ruiz on Sunday sharply slammed the bill as “a gift to the big banks”.",
            ("Ann Ruiz",),
            "Ann Ruiz",
        ),
        # a pronoun the antecedent rules settle
        (
            "Vera Lind visited the plant on Monday. She called the closure “a betrayal of the whole town”.",
            ("Vera Lind",),
            "Vera Lind",
        ),
        # "what X called": the relative clause's subject, the quote its object
        (
            "The board lost its chair over what Rosa Diaz has called “a culture of silence and fear”.",
            ("Rosa Diaz",),
            "Rosa Diaz",
        ),
    ],
)
def test_the_subject_of_a_characterising_verb_speaks_the_quote(
    text: str, people: tuple[str, ...], speaker: str
) -> None:
    assert _speakers(text, people) == [speaker]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # a surname the article never names in full
        ("Ruiz called the report “a shameless partisan hoax”.", ("Ann Ruiz",)),
        # another person named between the subject and the quote
        ("Ann Ruiz called Paul Ost “a liar and a coward”.", ("Ann Ruiz", "Paul Ost")),
        # a body as the subject
        ("The agency called the report “deeply flawed and misleading”.", ()),
        # the quote is a title
        ("Ann Ruiz called the bill the “Fair Wages for All Act”.", ("Ann Ruiz",)),
        # another sense of "call"
        ("Ann Ruiz called on the council to “stop the project at once”.", ("Ann Ruiz",)),
        # praise without "as": the quote is not the praise
        ("Ann Ruiz praised the mayor for her “quiet courage in hard times”.", ("Ann Ruiz",)),
        # a clause between the verb and the quote: someone else's words
        ("Ann Ruiz called the police, who found “a scene of utter chaos”.", ("Ann Ruiz",)),
        # the person right before the verb is no subject of it
        ("The lawyer for Ann Ruiz called the ruling “a travesty of justice”.", ("Ann Ruiz",)),
        # a pronoun the text does not settle: two people in the sentence before
        (
            "Ann Ruiz met Paul Ost on Monday. He called the deal “a total disgrace for us all”.",
            ("Ann Ruiz", "Paul Ost"),
        ),
        # no subject at all: a thing named by the quote
        ("A project called “the day without social media” began in May.", ()),
    ],
)
def test_a_characterising_verb_the_text_does_not_settle_stays_withheld(
    text: str, people: tuple[str, ...]
) -> None:
    assert _speakers(text, people) == [""]


def test_a_second_quote_after_and_goes_on_with_the_first() -> None:
    text = "Reince Lund called the comments “completely beyond the pale” and “simply wrong in every way”."
    assert _speakers(text, ("Reince Lund",)) == ["Reince Lund", "Reince Lund"]
