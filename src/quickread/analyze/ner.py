"""Running spaCy over the sentences that need it: entity spans, and part-of-speech tags for figures.

Only sentences that can hold a name beyond their first word are sent to the entity recogniser, and of those
only the ones the digest may show or that carry quotes; further mentions of the names found are then located
in every sentence by plain string search (see ``entities.py``), which is far cheaper than tagging the whole
story. Sentences holding a count are tagged too, so that ``counted.py`` can read what each number counts;
both come from one ``nlp.pipe`` pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quickread.analyze.models import NlpModels
from quickread.analyze.names import MONTHS, POSSESSIVE_END, WEEKDAYS, in_photo_credit
from quickread.model import Article, EntityKind, Sentence

_LABEL_KINDS = {
    "PERSON": EntityKind.PERSON,
    "ORG": EntityKind.ORGANIZATION,
    "GPE": EntityKind.PLACE,
    "LOC": EntityKind.PLACE,
    "FAC": EntityKind.PLACE,
}
# An adjective of nationality or religion followed by one of these words names a group ("Islamic State"),
# which the small model tags as NORP + nothing.
_GROUP_HEADS = re.compile(
    r" (State|Army|Party|Front|Movement|Guards?|Brotherhood|Council|Jihad|Resistance)\b"
)
_CAPITALISED_LATER = re.compile(r"\s[A-Z]")
# A line of at least this many words with this share capitalised is a headline, a caption title or shouting
# (news prose runs at 15-30% capitalised words; headline case above 80%).
_TITLE_CASE_MIN_WORDS = 5
_TITLE_CASE_SHARE = 0.7
# A span the model cut from a longer name: the next word is capitalised too ("Chris" of "Chris Christie",
# "Press" of "Press Secretary"), or joined by "of", "and", "&" ("Department" of "Department of Taxation",
# "Brain" of "Brain and Mind Institute").
_NAME_GOES_ON = re.compile(r"(?:\s(?:of|and|&|de|del|la)\s|\s|-)[A-Z]")
# ... and a span that ends in a date word or a lower-case word is glued to its neighbour ("George Takei
# April", "University Clinic in Innsbruck where").
_GLUED_LAST_WORD = re.compile(rf"\s(?:[a-z][\w'’]*|{'|'.join((*MONTHS, *WEEKDAYS))})$")
# Words the model takes into a person's name: a title or an interjection before it.
_LEADING_TITLE = re.compile(
    r"(?:Chair|Chairman|Chairwoman|Sgt|Sergeant|Prof|Professor|Dr|Doctor|Mr|Mrs|Ms|Rep|Sen|Gov|Gen|Lt|Col|"
    r"Capt|Officer|Detective|Coach|Gymnast|Rapper|Singer|Actor|Actress|RIP|Sorry|Dear|Congrats|Thanks)\.?\s+"
    r"(?=[A-Z])"
)
# A preposition opening a sentence glued to the name after it ("Near Fort Carson, the patrol ..."). Not those
# that open names: "Inside Higher Ed", "Under Armour", "Beyond Meat".
_LEADING_PREPOSITION = re.compile(
    r"(?:Near|Across|Behind|Despite|Unlike|At|In|On|From|With|Without|After|Before|During|Since|Until|Into|"
    r"Through|Throughout|Amid|Among|Against|Around|Along|Via|By|To|For)\s+(?=[A-Z])"
)
# A person's name comes with no indefinite article: "a retired Green Beret", "an Elvis impersonator".
_INDEFINITE_BEFORE = re.compile(r"\b[Aa]n?\s(?:[a-z][\w-]*\s)?$")
_DIGIT = re.compile(r"\d")
# A photo credit opening a caption glued to the name after it ("AP American Airlines on Thursday said").
_LEADING_CREDIT = re.compile(r"(?:AP|AFP|Reuters|EPA|UPI|Getty Images)\s+(?=[A-Z])")
# A title inside a person's span: the name is what follows ("Green Beret Sgt Joe Serna").
_INNER_TITLE = re.compile(
    r"\s(?:Sgt|Sergeant|Cpl|Corporal|Pvt|Private|Officer|Detective|Deputy|Lt|Lieutenant|Capt|Captain|"
    r"Maj|Major|Col|Colonel|Gen|General|Dr|Prof)\.?\s+(?=[A-Z])"
)
# A body whose name goes on after "on" or "for" ("Commission on the Supreme Court", "Court for the District
# of Columbia", "Centers for Disease Control"): the model cut it at the preposition.
_INSTITUTION_CUT = re.compile(
    r"\s(?:Commission|Committee|Council|Court|Cent(?:er|re)s?|Institute|Foundation|Coalition|Office|"
    r"Department|Agency|Association|Society|Fund|Board|Caucus|Alliance|Conference|Task Force|Campaign)$"
)
_NAME_GOES_ON_AFTER_PREPOSITION = re.compile(
    rf"\s(?:on|for)\s(?:the\s)?(?!(?:{'|'.join((*MONTHS, *WEEKDAYS))})\b)[A-Z]"
)
# "North" or "South" alone is a short form ("the North" for North Korea) or a cut ("South" of "South Korean"),
# not a whole name (issue-10 audit: 2 of 2 bad; "the West" is a name of its own, judged right).
_COMPASS_WORDS = frozenset(("North", "South"))
# Penn Treebank tags of a common noun: a person's name right before one is used as a modifier, and the small
# model tags such phrases PERSON ("the Skipper Barbie doll", "Sandy Hook victims").
_COMMON_NOUN_TAGS = frozenset(("NN", "NNS"))
_NAME_AS_MODIFIER = re.compile(r"(?:['’]s)?\s(?:administration|campaign|era|presidency|government)\b")
_OPENING_MARKS = '“"‘'
_CLOSING_MARKS = '”"’'
# Acronyms run to six letters ("UNICEF"); a longer word in capitals is shouted.
_MAX_ACRONYM_LETTERS = 6
# A quoted run of at most this many capitalised words is a title of a work ("Evil Dead", "Fox News Sunday").
_MAX_TITLE_WORDS = 6

# spaCy batch size for nlp.pipe: sentences are short, a larger batch amortises the per-batch cost (tried 16,
# 64, 256 on the bench story; 64 was as fast as 256 and uses less memory).
_BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class RecognisedSpan:
    """One entity span spaCy found, in Article.text offsets."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    kind: EntityKind


@dataclass(frozen=True, slots=True)
class SentenceRef:
    article: Article
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a tagged sentence, in sentence offsets, with its Penn Treebank tag ("NNS", "JJ")."""

    start: int
    end: int
    text: str
    tag: str


@dataclass(frozen=True, slots=True)
class Recognised:
    spans: list[RecognisedSpan]
    # (article id, sentence index) -> the sentence's tokens, for every sentence that went through spaCy
    tags: Mapping[tuple[str, int], tuple[Token, ...]] = field(default_factory=dict)

    def sentence_tags(self, article_id: str) -> dict[int, tuple[Token, ...]]:
        return {index: tokens for (article, index), tokens in self.tags.items() if article == article_id}


def needs_ner(sentence: Sentence) -> bool:
    """True when a capitalised word follows the first one (without it the sentence names nothing new), and
    the sentence is not a headline or shouted line, where every word is capitalised and the model tags
    words and glues names to their neighbours ("LOT" from "BY A LOT!", "Colin Kroll Dead")."""
    return _CAPITALISED_LATER.search(sentence.text) is not None and not _title_cased(sentence.text)


def _title_cased(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[:1].isupper())
    return len(words) >= _TITLE_CASE_MIN_WORDS and capitalised >= _TITLE_CASE_SHARE * len(words)


def recognise(
    models: NlpModels, sentences: Sequence[SentenceRef], tag_also: Sequence[SentenceRef] = ()
) -> Recognised:
    """Entity spans of the given sentences, mapped back to article offsets; the tokens and tags of those and
    of ``tag_also`` (one spaCy pass over both)."""
    for_ner = {(ref.article.id, ref.sentence.index) for ref in sentences if needs_ner(ref.sentence)}
    chosen = [ref for ref in sentences if (ref.article.id, ref.sentence.index) in for_ner]
    chosen += [ref for ref in tag_also if (ref.article.id, ref.sentence.index) not in for_ner]
    found: list[RecognisedSpan] = []
    tags: dict[tuple[str, int], tuple[Token, ...]] = {}
    docs = models.nlp.pipe((ref.sentence.text for ref in chosen), batch_size=_BATCH_SIZE)
    for ref, doc in zip(chosen, docs, strict=True):
        key = (ref.article.id, ref.sentence.index)
        tokens = tuple(Token(t.idx, t.idx + len(t.text), t.text, str(t.tag_)) for t in doc if not t.is_space)
        if key in for_ner:
            found.extend(_spans_of(ref, doc.ents, tokens))
        tags[key] = tokens
    return Recognised(found, tags)


def _spans_of(ref: SentenceRef, ents: Iterable[object], tokens: Sequence[Token]) -> list[RecognisedSpan]:
    spans = []
    text = ref.sentence.text
    for ent in ents:
        label = str(getattr(ent, "label_", ""))
        start = int(getattr(ent, "start_char", 0))
        end = int(getattr(ent, "end_char", 0))
        kind = _LABEL_KINDS.get(label)
        if label == "NORP":
            group = _GROUP_HEADS.match(text, end)
            if group is None:
                continue
            end, kind = group.end(), EntityKind.ORGANIZATION
        if kind is None:
            continue
        while (glued := _GLUED_LAST_WORD.search(text, start, end)) is not None:
            end = glued.start()
        while kind is EntityKind.PERSON and (title := _LEADING_TITLE.match(text, start, end)) is not None:
            start = title.end()  # "Chair Liz Cheney", "RIP Stan Freberg": the name after the word
        if kind is EntityKind.PERSON:
            for title in _INNER_TITLE.finditer(text, start, end):
                start = title.end()
        for leading in (_LEADING_CREDIT, _LEADING_PREPOSITION):
            if (found := leading.match(text, start, end)) is not None:
                start = found.end()
        if _NAME_AS_MODIFIER.match(text, end):
            continue  # "the Biden administration": a person's name used for a body the text does not name
        if _NAME_GOES_ON.match(text, end) or _in_title(text, start, end) or _shouted_word(text[start:end]):
            continue
        if in_photo_credit(text, start):
            continue  # "(Victoria Walker/The Washington Post)", "| ABC": a photo credit, not an actor
        if _no_name(text[start:end]):
            continue
        if _INSTITUTION_CUT.search(text, start, end) and _NAME_GOES_ON_AFTER_PREPOSITION.match(text, end):
            continue
        if kind is EntityKind.PERSON and _no_person(text, start, end, tokens):
            continue
        base = ref.sentence.start
        spans.append(
            RecognisedSpan(
                ref.article.id, ref.sentence.index, base + start, base + end, text[start:end], kind
            )
        )
    return spans


def _no_name(name: str) -> bool:
    """A name that is none: "North" or "South" alone, or one not in Latin script (an embedded post in another
    language: the English model's tags there are guesses)."""
    if name in _COMPASS_WORDS:
        return True
    return any(char.isalpha() and not unicodedata.name(char, "").startswith("LATIN") for char in name)


def _no_person(text: str, start: int, end: int, tokens: Sequence[Token]) -> bool:
    """A span tagged PERSON that names no person: it holds a digit ("Keurig 2.0"), follows "a" or "an" ("a
    retired Green Beret"), or modifies the noun after it ("the Skipper Barbie doll", "Sandy Hook victims";
    not a possessive: "Kerry Washington's camp")."""
    if _DIGIT.search(text, start, end) or _INDEFINITE_BEFORE.search(text, max(0, start - 30), start):
        return True
    return not POSSESSIVE_END.search(text, start, end) and _modifies_noun(tokens, end)


def _modifies_noun(tokens: Sequence[Token], end: int) -> bool:
    """The word right after the span is a lower-case common noun: the name modifies it."""
    following = next((token for token in tokens if token.start >= end), None)
    return (
        following is not None
        and following.start == end + 1
        and following.tag in _COMMON_NOUN_TAGS
        and following.text.islower()
    )


def _shouted_word(name: str) -> bool:
    """A word in capitals longer than an acronym is a dateline or a shout ("WASHINGTON", "BREAKING")."""
    return any(len(word) > _MAX_ACRONYM_LETTERS and word.isupper() for word in name.split())


def _in_title(text: str, start: int, end: int) -> bool:
    """The span lies inside quote marks that hold only a few capitalised words: a title, not an actor."""
    opening = max(text.rfind(mark, 0, start) for mark in _OPENING_MARKS)
    if opening < 0 or any(mark in text[opening + 1 : start] for mark in _CLOSING_MARKS):
        return False
    closing = min((at for mark in _CLOSING_MARKS if (at := text.find(mark, end)) >= 0), default=-1)
    if closing < 0:
        return False
    words = text[opening + 1 : closing].split()
    return len(words) <= _MAX_TITLE_WORDS and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
