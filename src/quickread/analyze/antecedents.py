"""Whom "he", "she" or "the general" stands for: a person named in a sentence or quote just before."""

from __future__ import annotations

import re

from quickread.analyze.attribution_patterns import ARTICLES_AND_POSSESSIVES, DETERMINERS, VERB
from quickread.analyze.names import CALENDAR_WORDS, followed_by_possessive
from quickread.analyze.quote_bounds import previous_paragraph_start
from quickread.analyze.speaker_types import ArticleNames, EarlierQuote, LocatedEntity
from quickread.model import Article, Entity, EntityKind

# The words a sentence's subject may open with ("Senior Airman", "His bandmate", "Progressive Caucus leader
# Rep."): read on the withheld audit quotes, none needed more.
_MAX_WORDS_BEFORE_SUBJECT = 5
_NOT_BEFORE_SUBJECT = {
    "that", "said", "says", "told", "tells", "asked", "and", "or", "but", "by", "with", "to", "for",
    "against", "of", "about", "than", "like", "as", "from", "saw", "met", "found", "when", "after", "before",
    "while",
}  # fmt: skip
# After a sentence's subject: an apposition ("Jimmy Page, 70,"; "Anna Smith, an ultrasound technician,"), a
# party tag ("John Cornyn (R-Texas)"), "of Upper Darby", then a verb ("was", "has spent", "said",
# "dismissed").
_VERB_AFTER_SUBJECT = re.compile(
    r"(?:,[^;:“”\"]{1,150}?,)?(?:\s*\([^)]{1,30}\))?(?:\s+of(?:\s+[A-Z][\w.'’-]*)+)?"
    r"\s+(?:also\s+|later\s+|then\s+|now\s+)?"
    r"(?P<verb>[a-z]+(?:ed|s)|said|told|wrote|spoke|was|is|has|had|will|would|can|could|did|does|knows|went|made|took|"
    r"gave|came|saw|thought|felt|became|began|sang|ran|won|lost|left|kept|heard|got|met|sat|stood)\b"
)
_OPENING_CONJUNCTION = re.compile(r"^(?:But|And|So|Yet|Still|Meanwhile|However)\s+")
# ", said Mr Cazeneuve": the name after the verb is the speaker; not after "told", "asked" or "urged" (", told
# DNA Info": the listener).
_SPEECH_VERB_BEFORE_NAME = re.compile(
    rf"[,—–]\s*(?!(?:told|tells|asked|asks|urged)\b){VERB}\s+(?:[A-Z][\w.'’-]*\s+)*$"
)
# A capitalised word after a lower-case word or a comma, with the word before it.
_NAME_INSIDE_SENTENCE = re.compile(r"(?P<before>[\w'’]*[a-z]),? (?P<name>[A-Z][\w'’-]+)")
# "the University of Pennsylvania": a capitalised word after one of these and a capitalised word goes on a
# name.
_INSIDE_NAME = re.compile(r"[A-Z][\w.'’-]* (?:of|and|for|de|on|the|of the) $")
# Platforms the recogniser reads as people ("boasted on Twitter"): never whom a pronoun stands for.
_PLATFORMS = {"Twitter", "Facebook", "Instagram", "YouTube", "TikTok", "Snapchat", "Reddit", "LinkedIn"}


def antecedent(
    article: Article, names: ArticleNames, offset: int, earlier: EarlierQuote | None, pronoun: str = ""
) -> Entity | None:
    """The person "he", "she" or "the general" stands for: the speaker of the quote just before, when it is
    in this or the previous paragraph and no other person is named (outside quotes) after it; else the
    person a sentence just before is about (``_subject_before``)."""
    return _earlier_speaker(article, names, offset, earlier) or _subject_before(
        article, names, offset, pronoun
    )


def _earlier_speaker(
    article: Article, names: ArticleNames, offset: int, earlier: EarlierQuote | None
) -> Entity | None:
    """The speaker of the quote just before, when it is in this or the previous paragraph and no other person
    is named (outside quotes) after it. On the issue-10 audit, pronouns resolved to the only or the first
    person named nearby were wrong one time in six (the person spoken to, the one the quote is about, a name
    further back): ``_subject_before`` asks for much more."""
    window_start = previous_paragraph_start(article, offset)
    if earlier is None or earlier.speaker is None or earlier.speaker.entity is None:
        return None
    if earlier.quote.open_mark < window_start:
        return None
    named_after = {
        m.entity.name
        for m in names.located
        if earlier.quote.close_mark < m.start < offset and m.entity.kind == EntityKind.PERSON
    }
    if not named_after <= {earlier.speaker.entity}:
        return None
    between = article.text[earlier.quote.close_mark + 1 : offset]
    own = set(earlier.speaker.entity.split())
    if any(_is_other_name(word, own) for word in re.findall(r"(?<=[a-z,] )[A-Z][\w'’-]+", between)):
        return None  # "Terra Lurie believes ...": a person the recogniser missed comes between
    chained = [m.entity for m in names.located if m.entity.name == earlier.speaker.entity]
    return chained[0] if chained and chained[0].kind == EntityKind.PERSON else None


def _subject_before(article: Article, names: ArticleNames, offset: int, pronoun: str) -> Entity | None:
    """ "Vecchio said she views the anthem as a tradition. ¶ “...,” she said.": the person who is the subject
    of the nearest sentence before that names anyone, in this or the previous paragraph, when that sentence
    names no one else outside the subject's own apposition, nobody the recogniser missed stands between, and
    nothing in the article gives the person the other gender than the pronoun's. Session 7 audit: 23 withheld
    quotes gained their right speaker, no wrong one; none of the wrong speakers of the dropped "only person
    named nearby" rule (Mark McCaffrey, Jeff King, Fatima Johnson, Abraham Lincoln, ...) comes back."""
    window_start = previous_paragraph_start(article, offset)
    for sentence in reversed(article.sentences):
        if sentence.start >= offset:
            continue
        if sentence.end <= window_start:
            return None
        start, end = max(sentence.start, window_start), min(sentence.end, offset)
        people = [
            m
            for m in names.located
            if start <= m.start < end
            and m.entity.kind == EntityKind.PERSON
            and m.entity.name not in _PLATFORMS
        ]
        if not people:
            if _unknown_name_in(article, start, end, names):
                return None  # a name the recogniser missed may be the one the pronoun stands for
            continue
        attributed = [m for m in people if _SPEECH_VERB_BEFORE_NAME.search(article.text, start, m.start)]
        if attributed:  # "Ghlam planned attacks, said Mr Cazeneuve.": the one the sentence quotes
            return attributed[-1].entity if _agrees(article, attributed[-1].entity, names, pronoun) else None
        subject = people[0]
        subject_end = end_of_subject(article, start, subject)
        if subject_end is None:
            return None
        if any(m.entity.name != subject.entity.name and m.start >= subject_end for m in people):
            return None  # "Sollecito said Knox left his apartment": two people the pronoun may stand for
        return subject.entity if _agrees(article, subject.entity, names, pronoun) else None
    return None


def _agrees(article: Article, person: Entity, names: ArticleNames, pronoun: str) -> bool:
    return not pronoun or _gender(article, person, names) in ("", pronoun)


def end_of_subject(article: Article, sentence_start: int, named: LocatedEntity) -> int | None:
    """Where the sentence's subject ends when the name is that subject: the name opens its sentence (after
    titles, a role or an opening phrase set off by a comma) and a verb follows it, past an apposition ("At
    first, Demoski said", "Guitarist Jimmy Page, 70, has spent"), or a speech verb comes just before it
    (", says Riese"); not "Police arrested Doe on Monday" nor "Smith's wife". None when it is not."""
    if followed_by_possessive(article.text, named.end):
        return None
    # after a quote the sentence opens with
    opening = re.split(r"[”\"]", article.text[sentence_start : named.start])[-1]
    if _SPEECH_VERB_BEFORE_NAME.search(opening):
        return named.end
    if not opens_clause(opening):
        return None
    verb = _VERB_AFTER_SUBJECT.match(article.text, named.end)
    return verb.start("verb") if verb else None


def opens_clause(opening: str) -> bool:
    """Whether a name after these words (the sentence's start up to it) is the subject of its sentence: only
    titles, a role or an opening phrase set off by a comma come before it ("At first, Demoski", "Guitarist
    Jimmy Page"); not "Police arrested Doe", "Prosecutors say Doe", "as told to Doe"."""
    words = _OPENING_CONJUNCTION.sub("", opening.rsplit(", ", 1)[-1]).split()
    if len(words) > _MAX_WORDS_BEFORE_SUBJECT or any(w.lower() in _NOT_BEFORE_SUBJECT for w in words):
        return False
    return not any(
        w[:1].islower() and w.lower() not in DETERMINERS and w.endswith(("ed", "s")) for w in words
    )


def _unknown_name_in(article: Article, start: int, end: int, names: ArticleNames) -> bool:
    """A capitalised word inside a sentence, outside quotes, that no found name covers and that is no part
    of a named thing ("the University of Pennsylvania", "her Miss Delaware contract"): maybe a person the
    recogniser missed."""
    for found in _NAME_INSIDE_SENTENCE.finditer(article.text, start, end):
        at = found.start("name")
        if found.group("name") in CALENDAR_WORDS or found.group("name") in ("I", "He", "She"):
            continue
        if any(a <= at <= b for a, b in names.quoted) or any(m.start <= at < m.end for m in names.located):
            continue
        if _INSIDE_NAME.search(article.text, max(0, at - 40), at):
            continue
        if found.group("before").lower() not in ARTICLES_AND_POSSESSIVES:  # "the University": a thing
            return True
    return False


def _gender(article: Article, person: Entity, names: ArticleNames) -> str:
    """ "he" or "she" when the article's honorifics before the name say which ("Mr.", "Ms."), else ""."""
    votes = {"he": 0, "she": 0}
    for located in names.located:
        if located.entity is not person:
            continue
        honorific = re.search(
            r"\b(Mr|Mrs|Ms|Miss)\.? $", article.text[max(0, located.start - 6) : located.start]
        )
        if honorific:
            votes["he" if honorific.group(1) == "Mr" else "she"] += 1
    return max(votes, key=lambda k: votes[k]) if max(votes.values()) > min(votes.values()) else ""


def _is_other_name(word: str, own: set[str]) -> bool:
    if word in CALENDAR_WORDS or word in ("I", "He", "She"):
        return False
    return word not in own and word.removesuffix("'s").removesuffix("’s") not in own
