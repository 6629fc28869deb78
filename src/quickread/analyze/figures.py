"""Numbers with what they count: "900 troops in Syria", "nearly 100 people killed", "$5 million", "12%".

Rules over the text, no model: a number (digits or words), the qualifier before it, and the noun after it
(or the casualty verb before it: "killed 84"). A count whose unit cannot be read is dropped rather than
guessed, except when it continues a list ("900 troops in Syria and 2,500 in Iraq").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quickread.analyze.counted import counted_noun, tokens_from
from quickread.analyze.names import MONTHS, WEEKDAYS
from quickread.analyze.ner import Token
from quickread.model import Article, Citation, Figure, FigureKind, Sentence

_WORD_VALUES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a thousand": 1000, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_VAGUE = ("dozens", "hundreds", "thousands", "millions", "scores")
_SCALES = {"dozen": 12, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIERS = {
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "about": "about", "around": "about",
    "roughly": "about", "approximately": "about", "some": "about", "an estimated": "about",
    "more than": "more than", "over": "more than", "at least": "at least", "up to": "up to",
    "as many as": "up to", "less than": "less than", "fewer than": "less than", "under": "less than",
    "at most": "up to",
}  # fmt: skip
# "pounds" is as often a weight ("lost about 50 pounds") as money: only "£" is read as sterling.
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR"}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WORDS = "|".join(sorted((w for w in _WORD_VALUES if " " not in w), key=len, reverse=True))
_QUALIFIER = "|".join(sorted(_QUALIFIERS, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,/$€£:#–−-])(?:(?P<qual>{_QUALIFIER})\s)?(?P<cur>[$€£])?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|a hundred|a thousand|a dozen|{_WORDS}|"
    rf"{'|'.join(_VAGUE)})(?P<scale>\s(?:dozen|hundred|thousand|million|billion|trillion))?"
    rf"(?P<pct>\s?%|\s(?:percent|per cent))?(?![\w-]|[:.,/]\d)",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?\b|\b\d{{1,2}}\s{_MONTH}(?:\s\d{{4}})?\b|\b{_MONTH}\s\d{{4}}\b"
)
_AGO = re.compile(
    rf"\b(?P<num>a|an|one|{_WORDS}|\d+)\s(?P<unit>years?|months?|weeks?|days?|decades?|hours?)\sago\b",
    re.IGNORECASE,
)
_NOT_UNIT = set(
    [
        "in",
        "of",
        "on",
        "at",
        "and",
        "or",
        "to",
        "the",
        "a",
        "an",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "have",
        "has",
        "had",
        "who",
        "that",
        "which",
        "from",
        "by",
        "for",
        "with",
        "as",
        "more",
        "than",
        "per",
        "times",
        "than",
        "but",
        "if",
        "when",
        "while",
        "after",
        "before",
        "during",
        "into",
        "over",
        "under",
        "since",
        "until",
        "this",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "your",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "might",
        "did",
        "do",
        "does",
        "not",
        "no",
        "also",
        "each",
        "among",
        "between",
        "percent",
    ]
)
_CASUALTY = {"killed", "dead", "injured", "wounded", "missing", "arrested", "displaced", "evacuated", "died"}
_CASUALTY_BEFORE = re.compile(r"\b(?P<verb>killed|killing|injured|injuring|wounded|wounding|left)\s$")
_AM_PM = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.IGNORECASE)
_NOT_PLACES = rf"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|{'|'.join((*MONTHS, *WEEKDAYS))})\b"
_PLACE_AFTER = re.compile(rf"\s(?:in|at)\s(?:the\s)?(?!{_NOT_PLACES})[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)*")
# A number right after a capitalised word inside a sentence is part of a name: "Channel 4", "Boeing 737",
# "Hot 100", "Flight 370" (on the issue-10 audit, such numbers were 8 of 276 judged key figures).
_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]*\s(?:of\s)?$")
_RANK_BEFORE = re.compile(r"(?:\bNo\.|\bNos\.|\bNumber|\bnumber|\brank(?:ed)?|\bTop)\s$")
# the upper end of a range ("20,000 to 30,000 people", "six to 10 rounds", "2-4 weeks"), the tail of a number
# word ("One hundred and three", "half a dozen") or a column of a table ("100% 138% 150%"): the figure is
# the whole, which is not read, so no part of it is shown
_RANGE_BEFORE = re.compile(
    rf"(?:(?:\d[\d,.]*%?|\b(?:{_WORDS}))\s?(?:to|-|–|—|and|or)\s?|\bbetween\s\S+\sand\s|"
    r"(?:hundred|thousand)\s(?:and\s)?|\bhalf\s|\d%\s)$",
    re.IGNORECASE,
)
# "per 1,000 women", "111th out of 133", "one in four", "no more than 44%", "3c x 5 inches": a denominator, a
# rank's total, a negated bound, a dimension; "$1 trillion+", "503 errors": a threshold, a code.
_NOT_A_COUNT_BEFORE = re.compile(r"(?:\bper|\bout of|\bno|\bx|\b(?:one|\d+) in)\s$", re.IGNORECASE)
_NOT_A_COUNT_AFTER = re.compile(r"\+|\sx\s\d|\serrors?\b")
_RATE_AFTER = re.compile(r"\s(?:per|an?\s(?:day|week|month|year|minute|hour|second))\b")
_AGE_APPOSITION = re.compile(r"[A-Z][\w'’-]*,\s$")
# How far before a number those patterns look: their longest real match is a few words ("between
# $1,000,000,000 and ", 27 characters; a name before "of", "Ranked No. "); 80 leaves room for any written
# number or name, and every figure of the demo corpus and the dev sets (22,636) is read as before.
_BEFORE_CHARS = 80
_AGE_AFTER = re.compile(r"\s(?:old|of age)\b")
# Durations are measured in these: "16 years", "six months" say how long, not what is counted; they are kept
# as TIME figures, never shown as key figures or compared (26 and 8 of the first audit's bad key figures).
_TIME_UNITS = {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "min", "hr"}
# Words after a number that say how often or how many times more ("50 times lower", "shared 86,000 times"),
# or that are numbers themselves ("four of five charges", "two thirds"): nothing counted is named.
_NOT_COUNTED = set(_WORD_VALUES) | {
    "one", "half", "halves", "thirds", "quarters", "fifths", "tenths", "dozen", "times", "time",
}  # fmt: skip
_NEXT_WORD = re.compile(r"\s([A-Za-z][\w'’-]*)")
_LIST_JOIN = re.compile(r"^[\s\w.'’-]{0,40}(?:,|\band)\s$")


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    end: int  # sentence-relative end of the unit words


def find_figures(article: Article) -> list[Figure]:
    """Every figure of the article, read by the rules alone: the word after a number says what it counts."""
    figures: list[Figure] = []
    for sentence in article.sentences:
        figures.extend(_sentence_figures(article, sentence, None))
    return figures


def with_tags(
    article: Article, figures: Sequence[Figure], tags: Mapping[int, Sequence[Token]]
) -> list[Figure]:
    """``figures`` (``find_figures``'s) with the sentences that have ``tags`` (sentence index -> tokens, from
    ``ner.recognise``) read again: the tags settle what each count counts there."""
    kept = [f for f in figures if f.citation.sentence not in tags]
    for index, tokens in tags.items():
        kept.extend(_sentence_figures(article, article.sentences[index], tokens))
    return sorted(kept, key=lambda f: (f.citation.sentence, f.citation.start))


def _sentence_figures(article: Article, sentence: Sentence, tokens: Sequence[Token] | None) -> list[Figure]:
    text = sentence.text
    found: list[Figure] = []
    # one flag a character, set where a date or an "ago" phrase stands: a list of spans checked against every
    # number took quadratic time on a sentence of thousands of dates and numbers
    taken = bytearray(len(text))
    for match in _DATE.finditer(text):
        taken[match.start() : match.end()] = b"\1" * (match.end() - match.start())
        found.append(
            _figure(article, sentence, match.start(), match.end(), None, FigureKind.DATE, "date", None)
        )
    for match in _AGO.finditer(text):
        taken[match.start() : match.end()] = b"\1" * (match.end() - match.start())
        value = _number_value(match.group("num"))
        unit = match.group("unit").rstrip("s") + "s ago"
        found.append(
            _figure(article, sentence, match.start(), match.end(), value, FigureKind.TIME, unit, None)
        )
    last_count: Figure | None = None
    for match in _NUMBER.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        if _AM_PM.match(text, match.end()) or _not_a_quantity(text, match):
            continue
        figure = _number_figure(article, sentence, match, last_count, tokens)
        if figure is not None:
            found.append(figure)
            if figure.kind == FigureKind.COUNT:
                last_count = figure
    return sorted(found, key=lambda f: f.citation.start)


def _not_a_quantity(text: str, match: re.Match[str]) -> bool:
    """A number that is part of a name, a rank, a range's upper end, a longer number word or an age."""
    # The patterns before a number end at it ("$") and are searched over the last _BEFORE_CHARS only, in
    # place (pos/endpos keep "\b" seeing the character before): searching the whole sentence before every
    # number took quadratic time (a 44 KB sentence of 4,000 counts: 30 s).
    end, start = match.start(), max(0, match.start() - _BEFORE_CHARS)
    if any(p.search(text, start, end) for p in (_RANGE_BEFORE, _RANK_BEFORE, _NOT_A_COUNT_BEFORE)):
        return True
    if _NOT_A_COUNT_AFTER.match(text, match.end()):
        return True
    if _AGE_APPOSITION.search(text, start, end) and text.startswith(",", match.end()):
        return True  # "Mike Parr, 73, climbed"
    name = _NAME_BEFORE.search(text, start, end)
    return bool(name and name.start() > 0 and not match.group("qual") and not match.group("cur"))


def _number_figure(
    article: Article,
    sentence: Sentence,
    match: re.Match[str],
    previous: Figure | None,
    tokens: Sequence[Token] | None,
) -> Figure | None:
    text = sentence.text
    raw = match.group("num")
    value = _number_value(raw)
    if value is not None and match.group("scale"):
        # A case-blind match also lets "ſ" stand for "s" and "ı" for "i" ("5 thouſand", a KeyError once):
        # such a spelling is in no news text, and its value is left unread.
        scale = _SCALES.get(match.group("scale").strip().lower())
        value = None if scale is None else value * scale
    qualifier = _QUALIFIERS.get((match.group("qual") or "").lower())
    start, end = match.start(), match.end()
    if match.group("pct"):
        if tokens is not None and _describes(tokens, end):
            return None  # "100% edible": a description, not a share of anything
        return _figure(article, sentence, start, end, value, FigureKind.PERCENT, "%", qualifier)
    if match.group("cur"):
        currency = _CURRENCIES[match.group("cur")]
        return _figure(article, sentence, start, end, value, FigureKind.MONEY, currency, qualifier)
    is_year = raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2099 and not qualifier
    if is_year:  # "the 1995 album", "Miss Delaware 2014": a count would be written "1,995"
        return _figure(article, sentence, start, end, value, FigureKind.DATE, "year", None)
    unit = _unit_after(text, end)
    if unit is not None and unit.text in _CURRENCIES:
        return _figure(article, sentence, start, unit.end, value, FigureKind.MONEY, _CURRENCIES[unit.text],
                       qualifier)  # fmt: skip
    if tokens is not None:
        counted = counted_noun(tokens, end)
        if counted is not None and counted.singular and value != 1:
            return None  # "the 911 call", "the 400 block of Daly Street"
        # "killed at least 230 Palestinians": the tagger knows the capitalised noun is what is counted
        unit = None if counted is None else _with_casualty(text, counted.noun, counted.end)
    casualty = _CASUALTY_BEFORE.search(text, max(0, start - 12), start)
    if unit is None and casualty and casualty.group("verb") != "left":
        return _figure(article, sentence, start, end, value, FigureKind.COUNT, "killed" if "kill" in
                       casualty.group("verb") else casualty.group("verb"), qualifier)  # fmt: skip
    if unit is None:
        if previous is None or not _LIST_JOIN.match(text[previous.citation.end - sentence.start : start]):
            return None
        unit = _Unit(previous.unit, end)  # "900 troops in Syria and 2,500 in Iraq": troops again
    elif casualty and casualty.group("verb") != "left" and unit.text.split()[-1] not in _CASUALTY:
        unit = _Unit(f"{unit.text} killed" if "kill" in casualty.group("verb") else unit.text, unit.end)
    if raw.lower() in _VAGUE and not text.startswith(" of", end):
        return None
    head = unit.text.split()[0].lower()
    if head in _NOT_COUNTED or _AGE_AFTER.match(text, unit.end) or _RATE_AFTER.match(text, unit.end):
        return None  # "four of five charges", "42 years old", "20 beats per minute", "1,500 deaths a day"
    place = _PLACE_AFTER.match(text, unit.end)
    phrase_end = place.end() if place else unit.end
    while text[phrase_end - 1 : phrase_end] == "." and "." not in text[unit.end : phrase_end - 1]:
        phrase_end -= 1  # the sentence's full stop, not an abbreviation's ("U.S.")
    phrase_start = casualty.start() if casualty and casualty.group("verb") != "left" else start
    kind = FigureKind.TIME if head.rstrip("s") in _TIME_UNITS else FigureKind.COUNT
    return _figure(article, sentence, start, phrase_end, value, kind, unit.text, qualifier,
                   number_end=end, phrase_start=phrase_start)  # fmt: skip


def _with_casualty(text: str, noun: str, end: int) -> _Unit:
    """The counted noun, with a casualty participle right after it ("people killed")."""
    following = _NEXT_WORD.match(text, end)
    if following and following.group(1) in _CASUALTY:
        return _Unit(f"{noun} {following.group(1)}", following.end())
    return _Unit(noun, end)


def _describes(tokens: Sequence[Token], end: int) -> bool:
    after = tokens_from(tokens, end)
    return after < len(tokens) and tokens[after].tag.startswith("JJ")


def _unit_after(text: str, end: int) -> _Unit | None:
    """The counted noun after a number: one word, plus a casualty participle ("people killed")."""
    position = end
    if text.startswith(" of ", position):  # "dozens of people", "hundreds of the protesters"
        position += 3
        if text.startswith(" the ", position):
            position += 4
    words = list(re.finditer(r"\s([A-Za-z][\w'’-]*)", text[position : position + 60]))
    if not words or words[0].start() != 0:
        return None
    head = words[0].group(1)
    at = 0
    if head[:1].isupper() and len(words) > 1 and words[1].start() == words[0].end():
        at, head = 1, words[1].group(1)  # one capitalised modifier: "900 U.S. troops"
    if at == 1 and head in _CASUALTY:  # "eight Mexicans died": the capitalised word is what is counted
        at, head = 0, f"{words[0].group(1)} {head}"
        return _Unit(head, position + words[1].end())
    if head.lower() in _NOT_UNIT or not head[:1].islower():
        return None
    if head in ("square", "cubic") and len(words) > at + 1:  # "160 square miles"
        return _Unit(f"{head} {words[at + 1].group(1)}", position + words[at + 1].end())
    return _with_casualty(text, head, position + words[at].end())


def _number_value(raw: str) -> float | None:
    low = raw.lower()
    if low in _WORD_VALUES:
        return float(_WORD_VALUES[low])
    if low in ("a", "an", "one"):
        return 1.0
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None  # "dozens": a quantity without a value


def _figure(
    article: Article,
    sentence: Sentence,
    start: int,
    end: int,
    value: float | None,
    kind: FigureKind,
    unit: str,
    qualifier: str | None,
    number_end: int | None = None,
    phrase_start: int | None = None,
) -> Figure:
    """A figure whose number is text[start:number_end] and whose phrase runs from phrase_start to end."""
    base = sentence.start
    phrase_start = start if phrase_start is None else phrase_start
    text = sentence.text[start : number_end if number_end is not None else end]
    citation = Citation(article.id, sentence.index, base + phrase_start, base + end)
    return Figure(
        text=text,
        value=value,
        unit=unit,
        qualifier=qualifier,
        citation=citation,
        kind=kind,
        phrase=sentence.text[phrase_start:end],
        sentence_text=sentence.text,
    )
