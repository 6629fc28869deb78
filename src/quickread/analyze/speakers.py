"""Who said a quote: the attribution around it ("X said", "said X", "according to X", "X told Reuters",
"X was quoted as saying"), a pronoun resolved to the nearest person named before it, or the speaker of the
quote just before it in the same paragraph ("“...,” he said. “...”").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.analyze.names import alias_key
from quickread.analyze.quotes import FoundQuote
from quickread.model import Article, Entity, EntityKind, Sentence

_VERB = (
    r"(?:said|says|say|added|adds|told|tells|wrote|writes|stated|explained|noted|continued|argued|insisted|"
    r"warned|asked|replied|declared|announced|tweeted|posted|commented|remarked|acknowledged|admitted|"
    r"claimed|stressed|urged|recalled|concluded|responded|cautioned|predicted|promised|vowed|conceded|"
    r"complained|observed|emphasi[sz]ed|reiterated|confirmed|spoke|(?:was|were|is|are) quoted as saying)"
)
_NP = r"[^,;:“”\"‘()]{1,90}?"  # ’ stays: it is the possessive in "the minister’s office"
# "“...,” a statement from the prime minister’s office said." / "“...,” said Smith, the spokesman."
_AFTER_SPEAKER_VERB = re.compile(rf"^[,.!?]?\s*(?P<np>{_NP}),?\s+(?:also |later |then |further )?{_VERB}\b")
_AFTER_VERB_SPEAKER = re.compile(
    rf"^[,.!?]?\s*{_VERB}\s+(?P<np>{_NP})(?=\s+(?:on|in|at|during|to|after)\b|[,.;]|$)"
)
_ACCORDING_TO = re.compile(rf"[Aa]ccording to\s+(?P<np>{_NP})(?=[,.;]|\s*$)")
# "Sudani said:" / "He added that" / "Sudani said Friday that the U.S. had ..., which is “"
_BEFORE = re.compile(rf"(?P<np>{_NP}),?\s+(?:also |later |then |further )?{_VERB}\b")
_NP_EDGE_WORDS = re.compile(r"^(?:and|but|that|while|as|so|then|however|meanwhile)\s+", re.IGNORECASE)
_NP_TAIL = re.compile(
    r"\s+(?:on|in|at|during|late|early|last|this)\b.*$|\s+(?:on )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$"
)
_PRONOUNS = {"he", "she"}
# a person named within this many words of a sentence's start is taken as its subject (titles come first)
_SUBJECT_MAX_WORDS_BEFORE = 3
_OUTLETS = {"nbc", "bbc", "cnn", "reuters", "ap", "afp", "cbs", "abc", "fox news", "associated press"}
_OUTLETS |= {"new york times", "washington post", "guardian", "nbc news", "cbs news", "abc news"}
# "“...” and “...”", "“...,” he told the press. “...”": more words between two quotes (read on the Wikinews
# evaluation articles) and the second needs its own speaker
_MAX_WORDS_BETWEEN_CONTINUED = 8
_NAME_BEFORE_APPOSITIVE = re.compile(r"(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+),\s*$")
# An attribution longer than this is a clause, not a speaker ("the U.S. had bypassed the government").
MAX_SPEAKER_WORDS = 10
_DETERMINERS = {"a", "an", "the", "one", "two", "three", "several", "some", "many", "another", "his", "her"}
# A phrase holding one of these is a clause ("the family would", "Had I"), not someone who spoke; first-person
# speakers are interviewees the text does not name at the quote.
_NOT_IN_SPEAKER = set(
    [
        "i",
        "we",
        "you",
        "it",
        "they",
        "me",
        "us",
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "might",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "which",
        "who",
        "if",
        "when",
        "because",
        "not",
        "to",
        "what",
        "why",
        "how",
        "there",
        "this",
    ]
)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # an entity's canonical name, or the describing phrase as written
    entity: str | None  # the canonical name when resolved to an entity


@dataclass(frozen=True, slots=True)
class _Located:
    start: int
    end: int
    entity: Entity


def attribute(
    article: Article, quotes: Sequence[FoundQuote], entities: Sequence[Entity]
) -> list[Speaker | None]:
    """One speaker (or None when the text does not say) per quote, in the order given."""
    mentions = sorted(
        (_Located(m.start, m.end, e) for e in entities for m in e.mentions if m.article_id == article.id),
        key=lambda located: located.start,
    )
    speakers: list[Speaker | None] = []
    for number, quote in enumerate(quotes):
        speaker = _attribution(article, quote, quotes, mentions)
        if speaker is None and number and _continues(article, quotes[number - 1], quote):
            speaker = speakers[-1]
        speakers.append(speaker)
    return speakers


def _attribution(
    article: Article, quote: FoundQuote, quotes: Sequence[FoundQuote], mentions: list[_Located]
) -> Speaker | None:
    sentence_start, sentence_end = _sentence_bounds(article, quote)
    following = [q.open_mark for q in quotes if q.open_mark > quote.close_mark]
    after_end = min([sentence_end, *following, _paragraph_end(article, quote.close_mark)])
    after = article.text[quote.close_mark + 1 : after_end]
    base = quote.close_mark + 1
    for pattern in (_AFTER_SPEAKER_VERB, _AFTER_VERB_SPEAKER, _ACCORDING_TO):
        found = pattern.search(after)
        if found and (
            pattern is not _ACCORDING_TO or (found.start() < 3 and not _is_outlet(found.group("np")))
        ):
            speaker = _resolve(article, base + found.start("np"), base + found.end("np"), mentions)
            if speaker:
                return speaker
    earlier = [q.close_mark + 1 for q in quotes if q.close_mark < quote.open_mark]
    before_start = max([sentence_start, *earlier, _paragraph_start(article, quote.open_mark)])
    before = article.text[before_start : quote.open_mark]
    candidates = list(_BEFORE.finditer(before)) + list(_ACCORDING_TO.finditer(before))
    for found in sorted(candidates, key=lambda m: -m.end()):
        speaker = _resolve(
            article, before_start + found.start("np"), before_start + found.end("np"), mentions
        )
        if speaker:
            return speaker
    return None


def _resolve(article: Article, start: int, end: int, mentions: list[_Located]) -> Speaker | None:
    first_word = article.text[start:end].split()[:1]
    described = bool(first_word) and (first_word[0].lower() in _DETERMINERS or first_word[0][:1].islower())
    appositive = (
        _NAME_BEFORE_APPOSITIVE.search(article.text, max(0, start - 80), start) if described else None
    )
    if appositive and not appositive.group("name").startswith(
        "The "
    ):  # "Chuck Schumer, the Senate Minority Leader, said": the name, not its description
        start, end = appositive.start("name"), appositive.end("name")
    phrase = article.text[start:end]
    edge = _NP_EDGE_WORDS.match(phrase)
    while edge:
        start += edge.end()
        phrase = article.text[start:end]
        edge = _NP_EDGE_WORDS.match(phrase)
    tail = _NP_TAIL.search(phrase)
    if tail and tail.start() > 0:
        end = start + tail.start()
        phrase = article.text[start:end]
    while phrase[:1].isspace():
        start += 1
        phrase = phrase[1:]
    words = phrase.split()
    if not words or len(words) > MAX_SPEAKER_WORDS:
        return None
    if phrase.lower() in _PRONOUNS:
        person = _nearest_person_before(article, mentions, start)
        return Speaker(person.name, person.name) if person else None
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.entity.kind != EntityKind.PLACE]
    if inside and inside[-1].end >= end - 1:
        return Speaker(inside[-1].entity.name, inside[-1].entity.name)
    people = [m for m in inside if m.entity.kind == EntityKind.PERSON]
    if people and words[0].lower() not in _DETERMINERS:  # "committee member Doug Collins of Georgia"
        return Speaker(people[-1].entity.name, people[-1].entity.name)
    if any(word.lower().strip(".,") in _NOT_IN_SPEAKER for word in words):
        return None
    possessive = words[0].endswith(("'s", "’s")) and words[0][:1].isupper()  # "Day's animal foundation"
    if words[0].lower() in _DETERMINERS or possessive or all(word[:1].isupper() for word in words):
        return Speaker(phrase, None)
    return None


def _nearest_person_before(article: Article, mentions: list[_Located], offset: int) -> Entity | None:
    """The closest person named before; within that person's sentence, its subject when one is named first:
    in "Pelosi called Trump's conduct a ... “...,” she announced" the pronoun is Pelosi."""
    people = [m for m in mentions if m.start < offset and m.entity.kind == EntityKind.PERSON]
    if not people:
        return None
    sentence = _sentence_at(article, people[-1].start)
    same = [m for m in people if sentence is not None and sentence.start <= m.start < sentence.end]
    if same and _opens_sentence(article, same[0].start):
        return same[0].entity
    return people[-1].entity


def _sentence_at(article: Article, offset: int) -> Sentence | None:
    for sentence in article.sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def _opens_sentence(article: Article, offset: int) -> bool:
    """Named within the first few words of its sentence ("Republican congressman Mark Amodei...")."""
    sentence = _sentence_at(article, offset)
    return (
        sentence is not None
        and len(article.text[sentence.start : offset].split()) <= _SUBJECT_MAX_WORDS_BEFORE
    )


def _is_outlet(phrase: str) -> bool:
    """News media an article credits for its information: not the speaker of a quote."""
    return alias_key(phrase) in _OUTLETS or phrase.split()[-1].lower() in ("media", "reports", "reported")


def _sentence_bounds(article: Article, quote: FoundQuote) -> tuple[int, int]:
    start, end = quote.open_mark, quote.close_mark + 1
    for sentence in article.sentences:
        if sentence.start <= quote.open_mark < sentence.end:
            start = sentence.start
        if sentence.start <= quote.close_mark < sentence.end:
            end = sentence.end
    return start, end


def _paragraph_start(article: Article, offset: int) -> int:
    return article.text.rfind("\n\n", 0, offset) + 2 if "\n\n" in article.text[:offset] else 0


def _paragraph_end(article: Article, offset: int) -> int:
    found = article.text.find("\n\n", offset)
    return len(article.text) if found == -1 else found


def _continues(article: Article, first: FoundQuote, second: FoundQuote) -> bool:
    """The second quote goes on from the first: same paragraph, only a few words between them."""
    between = article.text[first.close_mark + 1 : second.open_mark]
    return "\n\n" not in between and len(between.split()) <= _MAX_WORDS_BETWEEN_CONTINUED
