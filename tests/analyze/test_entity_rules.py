"""Issue 10: the rules that decide an entity's span, name and kind, each on sentences of the shape the audit
found (our own sentences; the audit's sources are research-only).

The recogniser's spans are given here (a stand-in for spaCy returns them), so each test pins one rule
whatever the pinned model would tag; test_precision_rules.py runs the model itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest

from quickread.analyze.entities import build_entities
from quickread.analyze.models import NlpModels
from quickread.analyze.ner import RecognisedSpan, SentenceRef, recognise
from quickread.analyze.ranking import shown_entities
from quickread.model import Article, Entity, EntityKind, Mention
from quickread.text.article import build_article

_LABELS = {
    EntityKind.PERSON: "PERSON",
    EntityKind.ORGANIZATION: "ORG",
    EntityKind.PLACE: "GPE",
    EntityKind.OTHER: "EVENT",
}


_NOUNS = {"doll": "NN", "camp": "NN", "brewer": "NN"}


@dataclass(frozen=True)
class _Ent:
    label_: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class _Token:
    idx: int
    text: str
    tag_: str
    is_space: bool = False


class _Doc:
    def __init__(self, text: str, names: Sequence[tuple[str, str]], tags: dict[str, str]) -> None:
        self.ents = [_Ent(label, text.index(name), text.index(name) + len(name)) for name, label in names]
        self._tokens = []
        at = 0
        for word in text.split():
            at = text.index(word, at)
            tag = tags.get(word, "NNP" if word[:1].isupper() else "VB")
            self._tokens.append(_Token(at, word, tag))
            at += len(word)

    def __iter__(self) -> Iterator[_Token]:
        return iter(self._tokens)


class _Pipeline:
    """Stands in for spaCy: the given names with their labels; a capitalised word is tagged NNP, a lower-case
    one VB, unless ``tags`` says otherwise."""

    def __init__(self, names: Sequence[tuple[str, str]], tags: dict[str, str]) -> None:
        self._names = names
        self._tags = tags

    def pipe(self, texts: Sequence[str], batch_size: int = 64) -> Iterator[_Doc]:
        for text in texts:
            yield _Doc(text, [(n, label) for n, label in self._names if n in text], self._tags)


def _recognised(text: str, *names: tuple[str, str], tags: dict[str, str] | None = None) -> list[str]:
    article = build_article(id="a", raw_text=text, source="Test")
    models = NlpModels(nlp=_Pipeline(names, tags or _NOUNS), package="stand-in", version="0")
    refs = [SentenceRef(article, sentence) for sentence in article.sentences]
    return [span.text for span in recognise(models, refs).spans]


@pytest.mark.parametrize(
    ("text", "name", "label", "shown"),
    [
        # a photo credit glued to the caption's first name
        (
            "AP American Airlines on Thursday said it would cut flights.",
            "AP American Airlines",
            "ORG",
            ["American Airlines"],
        ),
        # a title inside the span: the name is what follows it
        (
            "The judge jailed former Green Beret Sgt Joe Serna for a night.",
            "Green Beret Sgt Joe Serna",
            "PERSON",
            ["Joe Serna"],
        ),
        # a preposition opening the sentence
        ("Near Fort Carson, troopers closed the highway.", "Near Fort Carson", "GPE", ["Fort Carson"]),
        # ... but not a word that opens names
        (
            "A new report from Inside Higher Ed tracks the cuts.",
            "Inside Higher Ed",
            "ORG",
            ["Inside Higher Ed"],
        ),
        # a body cut before "on" or "for": its name goes on
        (
            "Lawmakers criticised the Presidential Commission on the Supreme Court this week.",
            "Presidential Commission",
            "ORG",
            [],
        ),
        (
            "He sat for the U.S. District Court for the District of Columbia.",
            "U.S. District Court",
            "ORG",
            [],
        ),
        # ... a weekday after "on" is no part of the name
        (
            "The European Commission on Monday fined the bank.",
            "European Commission",
            "ORG",
            ["European Commission"],
        ),
        # "the North" for North Korea
        ("Seoul urged the North to return to talks.", "North", "LOC", []),
        # a name in another script, from an embedded post
        (
            "Police will guard the games, wrote Новости Ставрополья in a post.",
            "Новости Ставрополья",
            "PERSON",
            [],
        ),
        # a "person" with a digit, after "a", or modifying a noun
        ("Buyers shunned the Keurig 2.0 brewer in its first year.", "Keurig 2.0", "PERSON", []),
        ("The judge sentenced a retired Green Beret to a night in jail.", "Green Beret", "PERSON", []),
        ("She kept a Skipper Barbie doll on the shelf.", "Skipper Barbie", "PERSON", []),
        # ... a possessive is no modifier: the person stays
        (
            "Hours after Kerry Washington's camp confirmed the news, she arrived.",
            "Kerry Washington's",
            "PERSON",
            ["Kerry Washington's"],
        ),
    ],
)
def test_the_recogniser_span_is_cut_to_the_name_or_dropped(
    text: str, name: str, label: str, shown: list[str]
) -> None:
    assert _recognised(text, (name, label)) == shown


def _article(text: str, id: str = "a", source: str = "Test") -> Article:
    return build_article(id=id, raw_text=text, source=source)


def _span(article: Article, name: str, kind: EntityKind, occurrence: int = 0) -> RecognisedSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(name, start + 1)
    return RecognisedSpan(article.id, 0, start, start + len(name), name, kind)


def _entities(text: str, *spans: tuple[str, EntityKind]) -> dict[str, Entity]:
    article = _article(text)
    seen: dict[str, int] = {}
    recognised = []
    for name, kind in spans:
        recognised.append(_span(article, name, kind, seen.get(name, 0)))
        seen[name] = seen.get(name, 0) + 1
    return {entity.name: entity for entity in build_entities([article], recognised)}


def test_a_vaccine_after_a_name_leaves_its_kind() -> None:
    found = _entities(
        "Two senior U.S. vaccine regulators quit. J&J vaccine recipients were told to watch for symptoms.",
        ("U.S.", EntityKind.PLACE),
        ("J&J", EntityKind.ORGANIZATION),
    )
    assert found["United States"].kind is EntityKind.PLACE
    assert found["J&J"].kind is EntityKind.ORGANIZATION


def test_the_text_settles_events_teams_and_places() -> None:
    found = _entities(
        "The ceremony marked International Holocaust Remembrance Day in Jerusalem. "
        "The Manchester United defender was fined. "
        "Families from Sandy Hook, Connecticut, filed the suit.",
        ("International Holocaust Remembrance Day", EntityKind.PLACE),
        ("Manchester United", EntityKind.PLACE),
        ("Sandy Hook", EntityKind.PERSON),
    )
    assert found["International Holocaust Remembrance Day"].kind is EntityKind.OTHER
    assert found["Manchester United"].kind is EntityKind.ORGANIZATION
    assert found["Sandy Hook"].kind is EntityKind.PLACE


def test_a_name_quoted_alone_is_a_work() -> None:
    text = (
        'The producers of "La La Land" thanked the academy. La La Land had been read out as the winner. '
        "Critics called La La Land a throwback."
    )
    found = _entities(text, *[("La La Land", EntityKind.PLACE)] * 3)
    assert found["La La Land"].kind is EntityKind.OTHER
    assert found["La La Land"].kind_votes == 1  # one title mark: named as a work once, not shown
    assert shown_entities(list(found.values())) == ()


def test_a_kind_the_text_leaves_open_is_not_shown() -> None:
    found = _entities(
        "The Premier League fined the club. The Premier League said the fine stands. "
        "Kataib Hezbollah claimed the attack. Kataib Hezbollah later denied it.",
        ("Premier League", EntityKind.ORGANIZATION),
        ("Premier League", EntityKind.ORGANIZATION),
        ("Kataib Hezbollah", EntityKind.PERSON),
        ("Kataib Hezbollah", EntityKind.ORGANIZATION),
    )
    assert found["Premier League"].kind_votes == 0  # a body or a competition
    assert found["Kataib Hezbollah"].kind_votes == 0  # the model's votes split evenly
    assert shown_entities(list(found.values())) == ()


def test_a_person_whose_kind_is_in_doubt_is_not_shown() -> None:
    doubtful = Entity("Joseph Smith", EntityKind.PERSON, (Mention("a", 0, 12, "Joseph Smith"),), kind_votes=0)
    sure = Entity("Mary Jones", EntityKind.PERSON, (Mention("a", 20, 30, "Mary Jones"),), kind_votes=1)
    assert shown_entities([doubtful, sure]) == (sure,)


def test_a_bare_body_joins_only_the_longer_name_that_is_the_same_body() -> None:
    found = _entities(
        "The House passed the bill. The White House welcomed the vote. "
        "Washington officials agreed. The Post reported it first, and the Washington Post later. "
        "Apple said the fix works; the Apple Support Forums disagreed.",
        ("House", EntityKind.ORGANIZATION),
        ("White House", EntityKind.ORGANIZATION),
        ("Washington", EntityKind.PLACE),
        ("Post", EntityKind.ORGANIZATION),
        ("Washington Post", EntityKind.ORGANIZATION),
        ("Apple", EntityKind.ORGANIZATION),
        ("Apple Support Forums", EntityKind.ORGANIZATION),
    )
    assert {"House", "White House", "Apple", "Apple Support Forums", "Washington Post"} <= set(found)
    assert "Post" not in found  # joined the Washington Post
    assert [m.text for m in found["Apple Support Forums"].mentions] == ["Apple Support Forums"]


def test_the_fed_is_the_federal_reserve_not_a_regional_bank() -> None:
    found = _entities(
        "The Fed raised rates. An Atlanta Fed survey found firms expect more.",
        ("Fed", EntityKind.ORGANIZATION),
        ("Atlanta Fed", EntityKind.ORGANIZATION),
    )
    assert found["Federal Reserve"].mentions[0].text == "Fed"
    assert [m.text for m in found["Atlanta Fed"].mentions] == ["Atlanta Fed"]


def test_a_name_inside_a_longer_place_or_a_photo_credit_is_no_mention() -> None:
    text = (
        "America will help, the envoy said. The firm shut plants in North America and Australia.\n\n"
        "The senator spoke on Monday. (Jane Roe/The Washington Post)\n\n"
        "The Washington Post first reported the talks."
    )
    found = _entities(text, ("America", EntityKind.PLACE), ("Washington Post", EntityKind.ORGANIZATION))
    article = _article(text)
    assert [m.start for m in found["United States"].mentions] == [0]
    assert [m.start for m in found["Washington Post"].mentions] == [article.text.rindex("The Washington") + 4]
