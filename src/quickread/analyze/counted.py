"""What a number counts, read from the part-of-speech tags of its sentence: the noun it modifies.

The rules in ``figures.py`` find numbers by pattern; the word after a number is often not what it counts ("two
new officers", "three murder charges", "Channel 11 News reported", "two previously unheard recordings"). With
spaCy's tags the counted thing is the last noun of the noun phrase the number opens, adjectives and noun
modifiers included in the shown phrase; a number that opens no noun phrase, or one whose phrase ends in a
singular proper noun (a name: "Channel 4 documentary" aside, "Hot 100"), counts nothing we can name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.analyze.ner import Token

_NOUN_TAGS = {"NN", "NNS", "NNPS"}
_NAME_TAGS = {"NNP"}
# Inside the noun phrase between the number and its noun: adjectives, noun modifiers, participles used as
# adjectives ("unheard", "wounded"), hyphens, and the possessive of a modifier ("the world's").
_MODIFIER_TAGS = {"JJ", "JJR", "JJS", "VBN", "HYPH", "NNP", "NN", "NNS", "NNPS", "CD"}
_ADVERB = "RB"  # only before an adjective: "two previously unheard recordings"
_PRONOUN_TAGS = {"PRP", "PRP$", "DT", "WDT", "WP"}
# A phrase longer than this is a clause the tagger ran on, not a noun phrase.
_MAX_PHRASE_TOKENS = 6


@dataclass(frozen=True, slots=True)
class CountedNoun:
    noun: str  # the counted noun as written: "recordings"
    end: int  # sentence-relative end of the noun phrase
    singular: bool  # "911 call", "400 block", "a 60 vote threshold": the number names, it does not count


def counted_noun(tokens: Sequence[Token], number_end: int) -> CountedNoun | None:
    """The noun that the number ending at ``number_end`` (sentence offset) counts, or None.

    ``tokens`` are in sentence order, as ``ner.recognise`` gives them.
    """
    # found by bisection and read by index: a list of the tokens after every number took quadratic time on a
    # sentence of thousands of counts
    first = tokens_from(tokens, number_end)
    if first == len(tokens):
        return None
    if tokens[first].text == "of":  # "nine of Dunn's calls", "dozens of the protesters"; "two of them": none
        first += 1
        while first < len(tokens) and tokens[first].tag in ("DT", "PRP$", "POS"):
            first += 1
        if first < len(tokens) and tokens[first].tag in _PRONOUN_TAGS:
            return None
    following = tokens[first : first + _MAX_PHRASE_TOKENS + 1]  # the phrase and the tag after it
    phrase: list[Token] = []
    for position, token in enumerate(following[:_MAX_PHRASE_TOKENS]):
        next_tag = following[position + 1].tag if position + 1 < len(following) else ""
        adverb_of_adjective = token.tag == _ADVERB and next_tag.startswith("JJ")
        if token.tag not in _MODIFIER_TAGS and token.tag != "POS" and not adverb_of_adjective:
            break
        phrase.append(token)
    while phrase and phrase[-1].tag not in _NOUN_TAGS | _NAME_TAGS:
        phrase.pop()  # "two new" with no noun after: nothing counted
    while len(phrase) > 1 and phrase[-1].tag in _NAME_TAGS and any(t.tag in _NOUN_TAGS for t in phrase):
        phrase.pop()  # "279 deaths Sunday", "22 goals Real Madrid": a name after the counted noun
    if not phrase or phrase[-1].tag in _NAME_TAGS or phrase[0].tag == "CD":
        return None
    head = phrase[-1]
    return CountedNoun(head.text, head.end, head.tag == "NN")


def tokens_from(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first of ``tokens`` (in sentence order) that starts at or after ``offset``."""
    return bisect_left(tokens, offset, key=_start)


def _start(token: Token) -> int:
    return token.start
